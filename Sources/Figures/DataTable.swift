import Foundation

/// A rectangular table of numbers with named columns and provenance comments.
public struct DataTable: Sendable, Equatable {
    /// Column names, e.g. `["P", "test_error_mean", "test_error_se"]` (no tabs or line breaks).
    public var columnNames: [String]
    /// Rows; each has exactly `columnNames.count` values. NaN marks a missing value (gnuplot skips it
    /// and breaks lines there); ±infinity is written as `Inf`/`-Inf` and is skipped likewise.
    public var rows: [[Double]]
    /// Provenance lines (task keys, parameters), written as `# …` above the table's block.
    public var comments: [String]

    /// Creates a table.
    /// - Parameters:
    ///   - columnNames: the column names.
    ///   - rows: the rows.
    ///   - comments: provenance lines.
    public init(columnNames: [String], rows: [[Double]], comments: [String] = []) {
        self.columnNames = columnNames
        self.rows = rows
        self.comments = comments
    }

    /// Builds a table from equally long columns.
    /// - Parameters:
    ///   - columns: `(name, values)` pairs; all value arrays must have the same length.
    ///   - comments: provenance lines.
    /// - Returns: the table (rows truncated to the shortest column if lengths differ).
    public static func columns(_ columns: [(String, [Double])], comments: [String] = []) -> DataTable {
        let count = columns.map { $0.1.count }.min() ?? 0
        let rows = (0..<count).map { i in columns.map { $0.1[i] } }
        return DataTable(columnNames: columns.map { $0.0 }, rows: rows, comments: comments)
    }
}
