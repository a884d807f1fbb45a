import Foundation

extension PlotSpec {
    /// Checks that the figure can be written and drawn.
    ///
    /// Rejected: an empty or unsafe `id`; no panels; `columns` < 1; a non-positive or huge size;
    /// a panel without series; empty, non-finite or (on a log axis) non-positive fixed ranges;
    /// a key position outside ``KeyPosition/allowedWords``; a panel without a single plottable point
    /// (finite x and y, positive on log axes); a table without columns or rows, with
    /// a row whose length differs from the column count, with column names containing tabs or
    /// line breaks, or with a plotted column index out of range; colours not `#rrggbb`; dash or
    /// point types out of range; guides with non-finite constants or that a log axis cannot show.
    /// Individual rows with NaN or with non-positive values on a log axis are *not* an error (they
    /// are skipped or left out, see ``FigureWriter/writeData(_:)``).
    /// - Throws: ``FigureError/invalidSpec(_:)`` naming the figure, panel and series.
    public func validate() throws {
        let figure = "figure '\(id)'"
        func fail(_ what: String) -> FigureError { .invalidSpec("\(figure): \(what)") }

        let idCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        if id.isEmpty || id.hasPrefix(".") || id.unicodeScalars.contains(where: { !idCharacters.contains($0) }) {
            throw fail("id must be non-empty ASCII letters, digits, '.', '_' or '-' and not start with '.'")
        }
        if panels.isEmpty { throw fail("has no panels") }
        if columns < 1 { throw fail("columns = \(columns) must be at least 1") }
        if let size, !(size.width.isFinite && size.height.isFinite && size.width > 0 && size.height > 0
                       && size.width <= 200 && size.height <= 200) {
            throw fail("size \(size.width) cm × \(size.height) cm must be positive and at most 200 cm")
        }
        for (p, panel) in panels.enumerated() {
            try panel.validate(name: "\(figure), panel \(p + 1)")
        }
    }
}

extension PanelSpec {
    /// Checks one panel.
    /// - Parameter name: how messages name the panel.
    /// - Throws: ``FigureError/invalidSpec(_:)``.
    func validate(name: String) throws {
        func fail(_ what: String) -> FigureError { .invalidSpec("\(name): \(what)") }
        if series.isEmpty { throw fail("has no series") }
        for (axis, range, log) in [("x", xRange, logX), ("y", yRange, logY)] {
            guard let range else { continue }
            if !(range.lowerBound.isFinite && range.upperBound.isFinite && range.lowerBound < range.upperBound) {
                throw fail("\(axis) range \(range) must be finite with lower < upper")
            }
            if log && range.lowerBound <= 0 {
                throw fail("\(axis) range \(range) must be positive on a log \(axis) axis")
            }
        }
        if let keyPosition {
            do { _ = try KeyPosition.parse(keyPosition) } catch FigureError.invalidSpec(let what) { throw fail(what) }
        }
        for (s, item) in series.enumerated() {
            try item.validate(name: "\(name), series \(s + 1) '\(item.label)'")
        }
        for (g, guide) in guides.enumerated() {
            try guide.validate(name: "\(name), guide \(g + 1)", logX: logX, logY: logY)
        }
        let plottable = series.contains { item in
            item.table.rows.contains { row in
                let x = row[item.xColumn], y = row[item.yColumn]
                return x.isFinite && y.isFinite && (!logX || x > 0) && (!logY || y > 0)
            }
        }
        if !plottable {
            throw fail("no series has a plottable point (every row has a non-finite x or y, "
                       + "or a value ≤ 0 on a log axis)")
        }
    }
}

extension SeriesSpec {
    /// Checks one series.
    /// - Parameter name: how messages name the series.
    /// - Throws: ``FigureError/invalidSpec(_:)``.
    func validate(name: String) throws {
        func fail(_ what: String) -> FigureError { .invalidSpec("\(name): \(what)") }
        let names = table.columnNames
        if names.isEmpty { throw fail("table has no columns") }
        for column in names where column.isEmpty || column.contains(where: { $0 == "\t" || $0.isNewline }) {
            throw fail("column name '\(column)' must be non-empty without tabs or line breaks")
        }
        var needed = [("x", xColumn), ("y", yColumn)]
        if style.usesErrors { needed.append(("error", errorColumn)) }
        for (role, column) in needed where !(0..<names.count).contains(column) {
            throw fail("\(role) column \(column) is out of range for columns [\(names.joined(separator: ", "))]"
                       + (role == "error" ? " (style \(style.rawValue) needs x, y and error columns)" : ""))
        }
        if table.rows.isEmpty { throw fail("table has no rows") }
        for (r, row) in table.rows.enumerated() where row.count != names.count {
            throw fail("row \(r + 1) has \(row.count) values but the table has \(names.count) columns "
                       + "[\(names.joined(separator: ", "))]")
        }
        if let color, !Palette.isHexColor(color) { throw fail("color '\(color)' must be \"#rrggbb\"") }
        if let dash, !(1...100).contains(dash) { throw fail("dash type \(dash) must be in 1…100") }
        if let pointType, !(0...100).contains(pointType) { throw fail("point type \(pointType) must be in 0…100") }
    }
}

extension GuideLine {
    /// Checks one guide line against its panel's axes.
    /// - Parameters:
    ///   - name: how messages name the guide.
    ///   - logX: whether the panel's x axis is logarithmic.
    ///   - logY: whether the panel's y axis is logarithmic.
    /// - Throws: ``FigureError/invalidSpec(_:)``.
    func validate(name: String, logX: Bool, logY: Bool) throws {
        func fail(_ what: String) -> FigureError { .invalidSpec("\(name): \(what)") }
        switch kind {
        case .powerLaw(let a, let b):
            if !(a.isFinite && b.isFinite) || a == 0 { throw fail("power law \(a)·x^\(b) needs finite a ≠ 0 and b") }
            if logY && a < 0 { throw fail("power law prefactor \(a) must be positive on a log y axis") }
        case .horizontal(let c):
            if !c.isFinite { throw fail("horizontal line y = \(c) must be finite") }
            if logY && c <= 0 { throw fail("horizontal line y = \(c) must be positive on a log y axis") }
        case .vertical(let c):
            if !c.isFinite { throw fail("vertical line x = \(c) must be finite") }
            if logX && c <= 0 { throw fail("vertical line x = \(c) must be positive on a log x axis") }
        }
        if let r = xRange {
            if !(r.lowerBound.isFinite && r.upperBound.isFinite && r.lowerBound < r.upperBound) {
                throw fail("x range \(r) must be finite with lower < upper")
            }
            if logX && r.lowerBound <= 0 { throw fail("x range \(r) must be positive on a log x axis") }
        }
        if let color, !Palette.isHexColor(color) { throw fail("color '\(color)' must be \"#rrggbb\"") }
        if !(1...100).contains(dash) { throw fail("dash type \(dash) must be in 1…100") }
    }
}
