import Foundation

/// The text of a figure's `.dat` file: one block per series (all columns of its table), blocks
/// separated by two blank lines so that gnuplot selects them with `index N`, in panel order and
/// series order. Each block starts with comment lines naming the panel and series, the table's
/// provenance comments, which columns are plotted, and a header line of tab-separated column
/// names. Values are tab-separated in ``NumberFormat`` spelling. Rows a log axis cannot show are
/// kept as `# omitted (…):` comment lines; a block with no plottable row gets a row of NaN so that
/// the block numbering stays intact.
enum DataFile {
    /// Builds the file's text.
    /// - Parameters:
    ///   - spec: the figure.
    ///   - prepared: the figure after log-axis filtering.
    /// - Returns: the text, ending with a newline.
    static func text(_ spec: PlotSpec, _ prepared: PreparedFigure) -> String {
        var lines = [
            "# \(spec.id).dat: data of figure '\(GnuplotString.singleLine(spec.title ?? spec.id))', read by \(spec.id).gp.",
            "# Written by flrepro (Figures). One block per series, separated by two blank lines;",
            "# gnuplot selects block N with `index N`. Columns are tab-separated; numbers are shortest",
            "# round-trip decimals; NaN marks a missing value.",
        ]
        lines += GnuplotString.comments(spec.comments)
        var first = true
        for panel in prepared.panels {
            for series in panel.series {
                if !first { lines += ["", ""] }
                first = false
                lines += block(series, panel: panel, panelCount: spec.panels.count)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The lines of one series' block.
    private static func block(_ series: PreparedSeries, panel: PreparedPanel, panelCount: Int) -> [String] {
        let s = series.spec
        let names = s.table.columnNames
        let panelName = PanelLabel.name(panel.number, count: panelCount, title: panel.spec.title)
        var lines = ["# index \(series.index): \(panelName), series \(series.position + 1) "
                     + "'\(GnuplotString.singleLine(s.label))' (\(s.style.rawValue))"]
        lines += GnuplotString.comments(s.table.comments)
        let name = { (i: Int) in names.indices.contains(i) ? names[i] : "?" }
        var plotted = ["x = \(name(s.xColumn)) (column \(s.xColumn + 1))",
                       "y = \(name(s.yColumn)) (column \(s.yColumn + 1))"]
        if s.style.usesErrors { plotted.append("y error = \(name(s.errorColumn)) (column \(s.errorColumn + 1))") }
        lines.append("# plotted: " + plotted.joined(separator: ", "))
        lines.append("# " + names.joined(separator: "\t"))
        for row in series.rows {
            let values = row.values.map(NumberFormat.decimal).joined(separator: "\t")
            if let reason = row.omitted {
                lines.append("# omitted (\(reason)): \(values)")
            } else {
                lines.append(values)
            }
        }
        if series.keptRows.isEmpty {
            lines.append("# no plottable rows; a NaN row keeps the block numbering")
            lines.append(Array(repeating: "NaN", count: max(names.count, 1)).joined(separator: "\t"))
        }
        return lines
    }
}
