import Foundation

/// The text of a figure's gnuplot script `<id>.gp`.
///
/// The script sets the shared style once, then loops over the two outputs: it draws the whole
/// multiplot with `pdfcairo` into `<id>.pdf` and again with `pngcairo` into `<id>.png`, the PNG
/// scaled so that it looks like the PDF at ``FigureStyle/pngResolution`` dpi (pngcairo draws fonts
/// at 96 dpi, one line-width unit as 1 px and markers at 72 dpi, hence `fontscale` dpi/96,
/// `linewidth` dpi/144 — pdfcairo's unit is 0.5 pt — and `pointscale` dpi/72). It reads `<id>.dat`
/// by relative path, so it runs in the directory that holds both. Per panel it sets every axis
/// property explicitly (title, margins, labels, log scales, ranges, ticks, key, arrows), so panels
/// never inherit settings from the previous one and each panel's block can be edited on its own.
/// Guides are drawn first (behind the data), then the series in order. The text depends only on
/// the spec and the style: no dates, host names or absolute paths.
enum GnuplotScript {
    /// Builds the script.
    /// - Parameters:
    ///   - spec: the figure.
    ///   - prepared: the figure after log-axis filtering (block numbers and extents).
    ///   - style: typography and line weights.
    /// - Returns: the script text, ending with a newline.
    static func text(_ spec: PlotSpec, _ prepared: PreparedFigure, style: FigureStyle) -> String {
        let size = spec.resolvedSize
        let dpi = Double(style.pngResolution)
        let pixels = { (cm: Double) in cm.isFinite && cm > 0 ? Int(min(cm / 2.54 * dpi, 1e6).rounded()) : 1 }
        let pixelsWide = pixels(size.width), pixelsHigh = pixels(size.height)
        let font = "\"\(style.font),\(NumberFormat.script(style.fontSize))\""
        let titleFont = "\",\(NumberFormat.script(style.titleFontSize))\""
        let dataFile = GnuplotString.quote("\(spec.id).dat")
        let cm = { (v: Double) in NumberFormat.script(v) + "cm" }

        var lines = [
            "# \(spec.id).gp: figure '\(GnuplotString.singleLine(spec.title ?? spec.id))', written by flrepro (Figures); edit freely.",
            "# Run `gnuplot \(spec.id).gp` in this directory: it reads \(spec.id).dat and writes",
            "# \(spec.id).pdf (vector, \(NumberFormat.script(size.width)) cm × \(NumberFormat.script(size.height)) cm) and "
                + "\(spec.id).png (\(style.pngResolution) dpi, \(pixelsWide) × \(pixelsHigh) px).",
        ]
        lines += GnuplotString.comments(spec.comments)
        lines += [
            "",
            "set encoding utf8",
            "set minussign",
            "set border 15 linewidth \(NumberFormat.script(style.borderWidth))",
            "set tics in front scale 0.75, 0.4",
            "set samples 400",
            "",
            "do for [output_type in \"pdf png\"] {",
            "    if (output_type eq \"pdf\") {",
            "        set terminal pdfcairo enhanced color font \(font) size \(cm(size.width)),\(cm(size.height)) linewidth 1",
            "    } else {",
            "        set terminal pngcairo enhanced color font \(font) size \(pixelsWide),\(pixelsHigh) "
                + "fontscale \(NumberFormat.fixed(dpi / 96, digits: 4)) linewidth \(NumberFormat.fixed(dpi / 144, digits: 4)) "
                + "pointscale \(NumberFormat.fixed(dpi / 72, digits: 4)) background rgb \"#ffffff\"",
            "    }",
            "    set output \(GnuplotString.quote("\(spec.id).")).output_type",
        ]
        let axes = prepared.panels.map(PanelAxes.init)
        let margins = PanelLayout.commands(spec, axes: axes, style: style)
        var multiplot = margins == nil ? "    set multiplot layout \(spec.rows),\(max(spec.columns, 1)) rowsfirst"
            : "    set multiplot"
        if let title = spec.title, !title.isEmpty {
            multiplot += " title \(GnuplotString.label(title)) font \(titleFont)"
        }
        lines.append(multiplot)
        for panel in prepared.panels {
            lines.append("")
            lines += panelLines(panel, axes: axes[panel.number], margins: margins?[panel.number], spec: spec,
                                style: style, dataFile: dataFile, titleFont: titleFont)
                .map { $0.isEmpty ? "" : "    " + $0 }
        }
        lines += [
            "",
            "    unset multiplot",
            "    unset output",
            "}",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The commands of one panel (unindented).
    private static func panelLines(_ panel: PreparedPanel, axes: PanelAxes, margins: [String]?, spec: PlotSpec,
                                   style: FigureStyle, dataFile: String, titleFont: String) -> [String] {
        let p = panel.spec
        var lines = ["# \(PanelLabel.name(panel.number, count: spec.panels.count, title: p.title))"]
        if let title = PanelLabel.title(panel.number, in: spec) {
            lines.append("set title \(GnuplotString.label(title)) font \(titleFont)")
        } else {
            lines.append("unset title")
        }
        lines += margins ?? []
        let (x, y) = (axes.x, axes.y)
        lines.append("set xlabel \(GnuplotString.label(p.xLabel + x.labelSuffix))")
        lines.append("set ylabel \(GnuplotString.label(p.yLabel + y.labelSuffix))")
        for (axis, log, ticks) in [("x", p.logX, x), ("y", p.logY, y)] {
            lines.append(log ? "set logscale \(axis) 10" : "unset logscale \(axis)")
            lines.append(ticks.rangeCommand(axis))
            lines += ticks.tickCommands
        }
        if let words = KeyPosition.words(p.keyPosition) {
            lines.append("set key default")
            lines.append("set key \(words.joined(separator: " ")) reverse Left samplen 2.5 spacing 1.15 nobox noopaque")
        } else {
            lines.append("unset key")
        }
        lines.append("unset arrow")
        var elements: [String] = []
        for guide in p.guides {
            let (arrow, element) = guideLines(guide, style: style)
            if let arrow { lines.append(arrow) }
            if let element { elements.append(element) }
        }
        for series in panel.series {
            elements += seriesElements(series, dataFile: dataFile, style: style)
        }
        lines.append("plot \\")
        for (i, element) in elements.enumerated() {
            lines.append("    " + element + (i + 1 < elements.count ? ", \\" : ""))
        }
        return lines
    }

    /// The plot elements of one series.
    private static func seriesElements(_ series: PreparedSeries, dataFile: String, style: FigureStyle) -> [String] {
        let s = series.spec
        let color = "lc rgb \"\(s.color.flatMap { Palette.isHexColor($0) ? $0 : nil } ?? Palette.color(series.position))\""
        let lw = "lw \(NumberFormat.script(style.lineWidth))"
        let dt = "dt \(max(1, s.dash ?? 1))"
        let points = "pt \(max(0, s.pointType ?? Palette.pointType(series.position))) ps \(NumberFormat.script(style.pointSize))"
        let title = s.label.isEmpty ? "notitle" : "title \(GnuplotString.label(s.label))"
        let source = "\(dataFile) index \(series.index)"
        let (x, y, e) = (s.xColumn + 1, s.yColumn + 1, s.errorColumn + 1)
        switch s.style {
        case .lines:
            return ["\(source) using \(x):\(y) with lines \(color) \(lw) \(dt) \(title)"]
        case .points:
            return ["\(source) using \(x):\(y) with points \(color) \(points) \(title)"]
        case .linesPoints:
            return ["\(source) using \(x):\(y) with linespoints \(color) \(lw) \(dt) \(points) \(title)"]
        case .errorBars:
            return ["\(source) using \(x):\(y):\(e) with yerrorbars \(color) \(lw) \(points) \(title)"]
        case .errorLines:
            return ["\(source) using \(x):\(y):\(e) with yerrorlines \(color) \(lw) \(dt) \(points) \(title)"]
        case .band:
            let opacity = NumberFormat.script(style.bandOpacity)
            return ["\(source) using \(x):($\(y)-$\(e)):($\(y)+$\(e)) with filledcurves \(color) "
                        + "fillstyle transparent solid \(opacity) noborder notitle",
                    "\(source) using \(x):\(y) with lines \(color) \(lw) \(dt) \(title)"]
        }
    }

    /// A guide's `set arrow` command (vertical lines) and plot element (curves, or a key entry).
    private static func guideLines(_ guide: GuideLine, style: FigureStyle) -> (arrow: String?, element: String?) {
        let color = "lc rgb \"\(guide.color.flatMap { Palette.isHexColor($0) ? $0 : nil } ?? Palette.guideColor)\""
        let line = "\(color) lw \(NumberFormat.script(style.guideLineWidth)) dt \(max(1, guide.dash))"
        let title = (guide.label ?? "").isEmpty ? "notitle" : "title \(GnuplotString.label(guide.label ?? ""))"
        let n = NumberFormat.script
        switch guide.kind {
        case .vertical(let c):
            let arrow = "set arrow from \(n(c)), graph 0 to \(n(c)), graph 1 nohead back \(line)"
            return (arrow, title == "notitle" ? nil : "NaN with lines \(line) \(title)")
        case .horizontal(let c):
            return (nil, "\(restricted(n(c), to: guide.xRange)) with lines \(line) \(title)")
        case .powerLaw(let a, let b):
            return (nil, "\(restricted("\(n(a))*x**(\(n(b)))", to: guide.xRange)) with lines \(line) \(title)")
        }
    }

    /// A function of `x` restricted to an interval: undefined (NaN) outside it, so gnuplot draws it
    /// only there (to within one sample of the ends) and it never changes the autoscaled x range.
    /// - Parameters:
    ///   - function: the expression in `x`.
    ///   - range: the interval, or `nil` for everywhere.
    /// - Returns: the expression to plot.
    private static func restricted(_ function: String, to range: ClosedRange<Double>?) -> String {
        guard let range else { return function }
        let n = NumberFormat.script
        return "(x >= \(n(range.lowerBound)) && x <= \(n(range.upperBound)) ? \(function) : NaN)"
    }
}
