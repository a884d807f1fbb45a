import Foundation

/// One data series of a panel: a table plus how to draw it.
///
/// The plotted columns are chosen by 0-based index into ``DataTable/columnNames``: x, y and
/// (for the error styles and bands) the symmetric y error.
public struct SeriesSpec: Sendable, Equatable {
    /// Key entry (enhanced text); an empty label gives no key entry.
    public var label: String
    /// How the series is drawn.
    public var style: SeriesStyle
    /// The data, written verbatim (all columns) into the figure's `.dat` file.
    public var table: DataTable
    /// Colour as `"#rrggbb"`; `nil` takes the ``Palette`` colour of the series' position in its panel.
    public var color: String?
    /// gnuplot dash type (1 = solid, 2 = dashed, 3 = dotted, …); `nil` means solid.
    public var dash: Int?
    /// gnuplot point type (7 = filled circle, 5 = filled square, …); `nil` takes the ``Palette`` point type.
    public var pointType: Int?
    /// 0-based column of x (default 0).
    public var xColumn: Int
    /// 0-based column of y (default 1).
    public var yColumn: Int
    /// 0-based column of the y error, used by ``SeriesStyle/errorBars``, ``SeriesStyle/errorLines``
    /// and ``SeriesStyle/band`` (default 2).
    public var errorColumn: Int

    /// Creates a series.
    /// - Parameters:
    ///   - label: key entry.
    ///   - style: drawing style.
    ///   - table: the data.
    ///   - color: `"#rrggbb"` or `nil` for the palette.
    ///   - dash: dash type or `nil`.
    ///   - pointType: point type or `nil`.
    ///   - xColumn: 0-based x column.
    ///   - yColumn: 0-based y column.
    ///   - errorColumn: 0-based y-error column.
    public init(label: String, style: SeriesStyle = .linesPoints, table: DataTable, color: String? = nil,
                dash: Int? = nil, pointType: Int? = nil, xColumn: Int = 0, yColumn: Int = 1, errorColumn: Int = 2) {
        self.label = label
        self.style = style
        self.table = table
        self.color = color
        self.dash = dash
        self.pointType = pointType
        self.xColumn = xColumn
        self.yColumn = yColumn
        self.errorColumn = errorColumn
    }
}
