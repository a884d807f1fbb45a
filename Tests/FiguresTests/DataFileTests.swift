import Foundation
import Testing
import Figures
import TestSupport

/// `.dat` files: exact round trip of numbers, NaN and infinities, block layout, log-axis omissions.
@Suite struct DataFileTests {
    /// The data lines (non-comment, non-blank) of each `index` block.
    static func blocks(_ text: String) -> [[[String]]] {
        text.components(separatedBy: "\n\n\n").map { block in
            block.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
                .map { $0.split(separator: "\t").map(String.init) }
        }
    }

    static func spec(_ tables: [DataTable], logX: Bool = false, logY: Bool = false) -> PlotSpec {
        PlotSpec(id: "data", panels: [PanelSpec(xLabel: "x", yLabel: "y", logX: logX, logY: logY,
                                                series: tables.map { SeriesSpec(label: "s", style: .lines, table: $0) })])
    }

    @Test func numbersRoundTripExactly() throws {
        let awkward: [Double] = [0.1 + 0.2, 1.0 / 3.0, .pi, -0.0, 0, 1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                                 -.leastNormalMagnitude, 123456789012345680, 1e16, 100000, -2.5e-7,
                                 .nan, .infinity, -.infinity]
        let table = DataTable(columnNames: ["i", "value"], rows: awkward.enumerated().map { [Double($0.offset), $0.element] })
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let urls = try FigureWriter(directory: dir.url).writeData(Self.spec([table]))
        #expect(urls.map(\.lastPathComponent) == ["data.dat"])
        let text = try String(contentsOf: urls[0], encoding: .utf8)
        let rows = Self.blocks(text)[0]
        #expect(rows.count == awkward.count)
        for (row, expected) in zip(rows, awkward) {
            let parsed = try #require(Double(row[1]), "unparseable \(row[1])")
            if expected.isNaN {
                #expect(parsed.isNaN)
                #expect(row[1] == "NaN")
            } else {
                #expect(parsed.bitPattern == expected.bitPattern, "\(row[1]) does not round-trip \(expected)")
            }
        }
        #expect(text.contains("\tInf\n") && text.contains("\t-Inf\n"))
    }

    @Test func blocksHeadersAndProvenance() throws {
        let spec = Examples.logLogErrorBars
        let text = FigureWriter(directory: URL(fileURLWithPath: "/unused")).dataText(spec)
        let blocks = Self.blocks(text)
        #expect(blocks.count == 2)
        #expect(blocks.allSatisfy { $0.allSatisfy { $0.count == 3 } })
        #expect(text.contains("# P\ttest_error_mean\ttest_error_se\n"))
        #expect(text.contains("# task kernel.krr key 3f9a0c…\n"))
        #expect(text.contains("# manifest experiments/krr/learning-curves.json\n"))
        #expect(text.contains("# plotted: x = P (column 1), y = test_error_mean (column 2), y error = test_error_se (column 3)"))
        #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"))
    }

    @Test func nanIsWrittenAndKept() throws {
        let text = FigureWriter(directory: URL(fileURLWithPath: "/unused")).dataText(Examples.logLogErrorBars)
        let theory = Self.blocks(text)[1]
        #expect(theory.contains(["100.0", "NaN", "0.00976"]))
    }

    @Test func logAxesOmitNonPositiveRowsAsComments() throws {
        let table = DataTable(columnNames: ["x", "y"], rows: [[-1, 1], [0, 2], [1, 3], [2, -4], [3, 0], [4, .nan], [5, 6]])
        let writer = FigureWriter(directory: URL(fileURLWithPath: "/unused"))
        let text = writer.dataText(Self.spec([table], logX: true, logY: true))
        #expect(Self.blocks(text)[0] == [["1.0", "3.0"], ["4.0", "NaN"], ["5.0", "6.0"]])
        #expect(text.contains("# omitted (x <= 0 on the log x axis): -1.0\t1.0\n"))
        #expect(text.contains("# omitted (x <= 0 on the log x axis): 0.0\t2.0\n"))
        #expect(text.contains("# omitted (y <= 0 on the log y axis): 2.0\t-4.0\n"))
        #expect(text.contains("# omitted (y <= 0 on the log y axis): 3.0\t0.0\n"))
        let linear = writer.dataText(Self.spec([table]))
        #expect(Self.blocks(linear)[0].count == 7)
        #expect(!linear.contains("omitted"))
    }

    @Test func blockWithoutPlottableRowsKeepsTheNumbering() throws {
        let empty = DataTable(columnNames: ["x", "y"], rows: [[0, 1], [-2, 3]])
        let full = DataTable(columnNames: ["x", "y"], rows: [[1, 1], [2, 3]])
        let text = FigureWriter(directory: URL(fileURLWithPath: "/unused")).dataText(Self.spec([empty, full], logX: true))
        let blocks = Self.blocks(text)
        #expect(blocks.count == 2)
        #expect(blocks[0] == [["NaN", "NaN"]])
        #expect(blocks[1] == [["1.0", "1.0"], ["2.0", "3.0"]])
    }

    @Test func writingIsDeterministic() throws {
        let dir1 = try TemporaryDirectory(), dir2 = try TemporaryDirectory()
        defer { dir1.remove(); dir2.remove() }
        let a = try FigureWriter(directory: dir1.url).write(Examples.twoPanelBands)
        let b = try FigureWriter(directory: dir2.url).write(Examples.twoPanelBands)
        _ = try FigureWriter(directory: dir1.url).write(Examples.twoPanelBands)
        for (x, y) in [(a.script, b.script), (a.data[0], b.data[0])] {
            #expect(try Data(contentsOf: x) == Data(contentsOf: y))
        }
        #expect(a.script.lastPathComponent == "two-panel-bands.gp")
        #expect(a.pdf.lastPathComponent == "two-panel-bands.pdf")
        #expect(a.png.lastPathComponent == "two-panel-bands.png")
    }

    @Test func tableFromColumns() {
        let table = DataTable.columns([("P", [1, 2, 3]), ("err", [0.1, 0.2, 0.3])], comments: ["c"])
        #expect(table.columnNames == ["P", "err"])
        #expect(table.rows == [[1, 0.1], [2, 0.2], [3, 0.3]])
        #expect(table.comments == ["c"])
    }
}
