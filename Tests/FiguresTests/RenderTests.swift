import Foundation
import Testing
import Figures
import TestSupport

/// Whether a `gnuplot` program is on PATH (the render tests need one).
let gnuplotAvailable: Bool = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/gnuplot") }
}()

/// Real renders with gnuplot, and the errors when gnuplot is missing or fails.
@Suite(.serialized) struct RenderTests {
    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Width and height from a PNG's IHDR chunk.
    static func pngSize(_ data: Data) -> (Int, Int) {
        let bytes = [UInt8](data.prefix(24))
        func be(_ i: Int) -> Int { bytes[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be(16), be(20))
    }

    @Test(.enabled(if: gnuplotAvailable), arguments: [0, 1, 2])
    func rendersPDFAndPNG(example: Int) throws {
        let spec = [Examples.logLogErrorBars, Examples.twoPanelBands, Examples.specialLabels][example]
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let writer = FigureWriter(directory: dir.url.appendingPathComponent("figures/krr"))
        let files = try writer.write(spec)
        let warnings = try writer.render(files)
        #expect(warnings.isEmpty, "gnuplot warned: \(warnings)")
        let pdf = try Data(contentsOf: files.pdf), png = try Data(contentsOf: files.png)
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        #expect(png.starts(with: Self.pngSignature))
        let size = spec.resolvedSize
        let (w, h) = Self.pngSize(png)
        #expect(w == Int((size.width / 2.54 * 300).rounded()) && h == Int((size.height / 2.54 * 300).rounded()))
        // The script runs by relative paths only: a copy of the directory renders just as well.
        #expect(!String(decoding: try Data(contentsOf: files.script), as: UTF8.self).contains(dir.url.path))
    }

    @Test(.enabled(if: gnuplotAvailable))
    func seriesWithoutPlottableRowsStillRenders() throws {
        let empty = DataTable(columnNames: ["x", "y"], rows: [[0, 1]])
        let full = DataTable(columnNames: ["x", "y"], rows: [[1, 1], [10, 0.1]])
        let spec = PlotSpec(id: "empty-block", panels: [PanelSpec(
            xLabel: "x", yLabel: "y", logX: true, logY: true,
            series: [SeriesSpec(label: "nothing left", table: empty), SeriesSpec(label: "data", table: full)])])
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let writer = FigureWriter(directory: dir.url)
        try writer.render(try writer.write(spec))
        #expect(try Data(contentsOf: writer.files(for: spec).png).starts(with: Self.pngSignature))
    }

    @Test func missingGnuplotPathThrowsNotFound() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let writer = FigureWriter(directory: dir.url)
        let files = try writer.write(Examples.specialLabels)
        #expect(throws: FigureError.gnuplotNotFound("/nonexistent/bin/gnuplot")) {
            try writer.render(files, gnuplot: "/nonexistent/bin/gnuplot")
        }
        #expect(throws: FigureError.gnuplotNotFound("flrepro-no-such-gnuplot")) {
            try writer.render(files, gnuplot: "flrepro-no-such-gnuplot")
        }
        #expect(throws: FigureError.gnuplotNotFound(dir.url.path)) {
            try writer.render(files, gnuplot: dir.url.path)
        }
    }

    @Test func notFoundMessageSaysWhatToDo() {
        #expect(FigureError.gnuplotNotFound("gnuplot").description
                == "gnuplot not found on PATH; run `make deps` or apt-get install gnuplot-nox")
    }

    @Test(.enabled(if: gnuplotAvailable))
    func scriptErrorsFailClearlyAndLeaveNoStaleOutput() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let writer = FigureWriter(directory: dir.url)
        let files = try writer.write(Examples.specialLabels)
        try writer.render(files)
        var script = try String(contentsOf: files.script, encoding: .utf8)
        script = script.replacingOccurrences(of: "set samples 400", with: "set samples 400\nset nonsense_option 3")
        try script.write(to: files.script, atomically: true, encoding: .utf8)
        do {
            try writer.render(files)
            Issue.record("render of a broken script succeeded")
        } catch let FigureError.gnuplotFailed(status, stderr, scriptURL) {
            #expect(status != 0)
            let badLine = script.components(separatedBy: "\n").firstIndex(of: "set nonsense_option 3")! + 1
            #expect(stderr.contains("line \(badLine): "), "stderr: \(stderr)")
            #expect(scriptURL == files.script)
            let message = FigureError.gnuplotFailed(status: status, stderr: stderr, script: scriptURL).description
            #expect(message.contains(files.script.path) && message.contains("nonsense_option"))
        }
        #expect(!FileManager.default.fileExists(atPath: files.pdf.path))
        #expect(!FileManager.default.fileExists(atPath: files.png.path))
    }

    @Test(.enabled(if: gnuplotAvailable))
    func missingDataFileFails() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let writer = FigureWriter(directory: dir.url)
        let files = try writer.write(Examples.twoPanelBands)
        try FileManager.default.removeItem(at: files.data[0])
        #expect(throws: FigureError.self) { try writer.render(files) }
    }
}
