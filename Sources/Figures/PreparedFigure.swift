import Foundation

/// A series ready for writing: its block number in the `.dat` file and its rows split into the
/// plotted ones and those left out because a log axis cannot show them.
struct PreparedSeries {
    /// 0-based gnuplot `index` of the series' block in the `.dat` file.
    let index: Int
    /// 0-based position of the series within its panel (selects palette entries).
    let position: Int
    /// The series spec.
    let spec: SeriesSpec
    /// Every input row in order, with the reason it is left out (`nil` when it is plotted).
    let rows: [(values: [Double], omitted: String?)]

    /// The plotted rows.
    var keptRows: [[Double]] { rows.compactMap { $0.omitted == nil ? $0.values : nil } }
}

/// A panel ready for writing.
struct PreparedPanel {
    /// 0-based panel number.
    let number: Int
    /// The panel spec.
    let spec: PanelSpec
    /// Its series.
    let series: [PreparedSeries]
}

/// The figure after log-axis filtering, with the block numbering shared by the `.dat` and `.gp` files.
///
/// On a logarithmic x (y) axis a row whose x (y) value is ≤ 0 cannot be drawn; such rows are not
/// plotted and are kept in the `.dat` file as comment lines saying why. NaN values are kept
/// (gnuplot skips them). On a log y axis, error bars reaching ≤ 0 are drawn down to the axis, and
/// band edges ≤ 0 are undefined, so gnuplot leaves a gap in the band there.
struct PreparedFigure {
    /// The panels.
    let panels: [PreparedPanel]

    /// Prepares `spec`.
    /// - Parameter spec: the figure.
    init(_ spec: PlotSpec) {
        var index = 0
        var panels: [PreparedPanel] = []
        for (p, panel) in spec.panels.enumerated() {
            var series: [PreparedSeries] = []
            for (s, item) in panel.series.enumerated() {
                let rows = item.table.rows.map { row -> (values: [Double], omitted: String?) in
                    (row, Self.omissionReason(row, series: item, panel: panel))
                }
                series.append(PreparedSeries(index: index, position: s, spec: item, rows: rows))
                index += 1
            }
            panels.append(PreparedPanel(number: p, spec: panel, series: series))
        }
        self.panels = panels
    }

    /// Why a row cannot be plotted on the panel's axes.
    /// - Returns: a reason, or `nil` when the row is plotted.
    private static func omissionReason(_ row: [Double], series: SeriesSpec, panel: PanelSpec) -> String? {
        // Only reachable for specs that were not validated: keep script generation total.
        let needed = [series.xColumn, series.yColumn] + (series.style.usesErrors ? [series.errorColumn] : [])
        if needed.contains(where: { !row.indices.contains($0) }) {
            return "row lacks a plotted column"
        }
        if panel.logX, row[series.xColumn] <= 0 {
            return "x <= 0 on the log x axis"
        }
        if panel.logY, row[series.yColumn] <= 0 {
            return "y <= 0 on the log y axis"
        }
        return nil
    }
}
