import Foundation

/// The ranges and ticks of a panel's two axes.
struct PanelAxes {
    /// The x axis.
    let x: AxisTicks
    /// The y axis.
    let y: AxisTicks

    /// Plans the axes of a panel from its data.
    /// - Parameter panel: the prepared panel.
    init(_ panel: PreparedPanel) {
        let p = panel.spec
        x = AxisTicks(axis: "x", log: p.logX, fixed: p.xRange, extent: AxisExtent.x(of: panel), rangeFromData: true)
        y = AxisTicks(axis: "y", log: p.logY, fixed: p.yRange, extent: AxisExtent.y(of: panel, xRange: x.range),
                      rangeFromData: false)
    }
}

/// Places the panels' axes on the page with equal margins, so that all panels have the same plot
/// area and their axes line up across rows and columns (gnuplot's automatic margins differ from
/// panel to panel with the width of the tick labels).
///
/// Margins are physical lengths estimated from the font size, the widest tick label, and the
/// number of lines in labels and titles, taken as the maximum over all panels; they are written as
/// `set lmargin at screen …` fractions, which mean the same in the PDF and the PNG. When a panel
/// puts its key outside the axes, gnuplot's own layout (`set multiplot layout`) is used instead.
enum PanelLayout {
    /// Average width of a digit, as a fraction of the font size.
    static let characterWidth = 0.62
    /// Height of one line of text, as a fraction of the font size.
    static let lineHeight = 1.2

    /// Margins in points, the same for every panel.
    struct Margins: Equatable {
        /// Left margin (y tick labels and y label).
        var left: Double
        /// Right margin (overhang of the last x tick label).
        var right: Double
        /// Bottom margin (x tick labels and x label).
        var bottom: Double
        /// Top margin (panel title).
        var top: Double
    }

    /// The margin commands of each panel, or `nil` to use gnuplot's automatic layout.
    /// - Parameters:
    ///   - spec: the figure.
    ///   - axes: the planned axes of each panel.
    ///   - style: the figure style (font sizes).
    /// - Returns: per panel, four `set …margin at screen …` commands.
    static func commands(_ spec: PlotSpec, axes: [PanelAxes], style: FigureStyle) -> [[String]]? {
        let outside = ["outside", "above", "over", "below", "under"]
        if spec.panels.contains(where: { KeyPosition.words($0.keyPosition)?.contains(where: outside.contains) ?? false }) {
            return nil
        }
        let size = spec.resolvedSize
        let width = size.width / 2.54 * 72, height = size.height / 2.54 * 72
        let columns = max(spec.columns, 1), rows = spec.rows
        let top = figureTitleHeight(spec, style: style)
        let cellWidth = width / Double(columns), cellHeight = (height - top) / Double(rows)
        var m = margins(spec, axes: axes, style: style)
        // Keep at least half of each cell for the plot area.
        let horizontal = m.left + m.right, vertical = m.bottom + m.top
        if horizontal > cellWidth / 2 { m.left *= cellWidth / 2 / horizontal; m.right *= cellWidth / 2 / horizontal }
        if vertical > cellHeight / 2 { m.bottom *= cellHeight / 2 / vertical; m.top *= cellHeight / 2 / vertical }
        let f = { (v: Double) in NumberFormat.fixed(v, digits: 4) }
        return spec.panels.indices.map { i in
            let row = Double(i / columns), column = Double(i % columns)
            let left = (column * cellWidth + m.left) / width
            let right = ((column + 1) * cellWidth - m.right) / width
            let upper = (height - top - row * cellHeight - m.top) / height
            let lower = (height - top - (row + 1) * cellHeight + m.bottom) / height
            return ["set lmargin at screen \(f(left))", "set rmargin at screen \(f(right))",
                    "set bmargin at screen \(f(lower))", "set tmargin at screen \(f(upper))"]
        }
    }

    /// The margins every panel needs, maximised over the panels.
    static func margins(_ spec: PlotSpec, axes: [PanelAxes], style: FigureStyle) -> Margins {
        let fs = style.fontSize, ts = style.titleFontSize
        var m = Margins(left: 0, right: 0, bottom: 0, top: 0)
        for (i, panel) in spec.panels.enumerated() {
            let a = axes[i]
            let yLabelLines = Double(lineCount(panel.yLabel))
            let xLabelLines = Double(lineCount(panel.xLabel))
            let left = 0.3 * fs + yLabelLines * lineHeight * fs + 0.5 * fs
                + a.y.widestTickLabel * characterWidth * fs + 0.6 * fs
            let right = max(1.2 * fs, 0.4 * fs + a.x.widestTickLabel * characterWidth * fs / 2)
            let superscripts = a.x.tickLabels.contains { $0.contains("^{") }
            let bottom = 0.6 * fs + xLabelLines * lineHeight * fs + 0.6 * fs
                + (superscripts ? 1.35 : 1.0) * fs + 0.8 * fs
            let titleLines = PanelLabel.title(i, in: spec).map { Double(lineCount($0)) } ?? 0
            let topOverhang = a.y.tickLabels.contains { $0.contains("^{") } ? 0.9 * fs : 0.7 * fs
            let top = titleLines > 0 ? 0.6 * fs + titleLines * lineHeight * ts + 1.2 * fs : topOverhang
            m.left = max(m.left, left)
            m.right = max(m.right, right)
            m.bottom = max(m.bottom, bottom)
            m.top = max(m.top, top)
        }
        return m
    }

    /// Height (pt) reserved at the top of the page for the figure title.
    static func figureTitleHeight(_ spec: PlotSpec, style: FigureStyle) -> Double {
        guard let title = spec.title, !title.isEmpty else { return 0 }
        return 0.8 * style.fontSize + Double(lineCount(title)) * 1.3 * style.titleFontSize
    }

    /// Number of lines of a label.
    static func lineCount(_ text: String) -> Int {
        text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n").count
    }
}
