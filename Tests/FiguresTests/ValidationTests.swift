import Foundation
import Testing
import Figures

/// Specs that cannot be drawn are rejected with a message naming the problem and its place.
@Suite struct ValidationTests {
    static let table = DataTable(columnNames: ["x", "y", "err"], rows: [[1, 2, 0.1], [2, 3, 0.1]])

    static func figure(_ panel: PanelSpec, id: String = "fig") -> PlotSpec {
        PlotSpec(id: id, panels: [panel])
    }

    static func panel(_ series: [SeriesSpec] = [SeriesSpec(label: "s", table: table)], logX: Bool = false,
                      logY: Bool = false, xRange: ClosedRange<Double>? = nil, key: String? = nil,
                      guides: [GuideLine] = []) -> PanelSpec {
        PanelSpec(xLabel: "x", yLabel: "y", logX: logX, logY: logY, xRange: xRange, keyPosition: key,
                  series: series, guides: guides)
    }

    /// (spec, a fragment the message must contain)
    static let invalid: [(PlotSpec, String)] = [
        (PlotSpec(id: "fig", panels: []), "has no panels"),
        (figure(panel([])), "panel 1: has no series"),
        (figure(panel(), id: ""), "id must be"),
        (figure(panel(), id: "../escape"), "id must be"),
        (figure(panel(), id: ".hidden"), "id must be"),
        (PlotSpec(id: "fig", panels: [panel()], columns: 0), "columns = 0"),
        (PlotSpec(id: "fig", panels: [panel()], size: FigureSize(width: 0, height: 7)), "size"),
        (figure(panel([SeriesSpec(label: "s", table: DataTable(columnNames: ["x", "y", "err"], rows: [[1, 2, 0.1], [2, 3]]))])),
         "series 1 's': row 2 has 2 values but the table has 3 columns"),
        (figure(panel([SeriesSpec(label: "s", table: DataTable(columnNames: ["x", "y"], rows: []))])), "table has no rows"),
        (figure(panel([SeriesSpec(label: "s", table: DataTable(columnNames: [], rows: [[]]))])), "table has no columns"),
        (figure(panel([SeriesSpec(label: "s", style: .errorBars,
                                  table: DataTable(columnNames: ["x", "y"], rows: [[1, 2]]))])),
         "error column 2 is out of range"),
        (figure(panel([SeriesSpec(label: "s", table: table, yColumn: 5)])), "y column 5 is out of range"),
        (figure(panel([SeriesSpec(label: "s", table: DataTable(columnNames: ["x", "a\tb"], rows: [[1, 2]]))])),
         "column name"),
        (figure(panel([SeriesSpec(label: "s", table: table, color: "red")])), "color 'red'"),
        (figure(panel([SeriesSpec(label: "s", table: table, color: "#12345")])), "color '#12345'"),
        (figure(panel([SeriesSpec(label: "s", table: table, dash: 0)])), "dash type 0"),
        (figure(panel([SeriesSpec(label: "s", table: table, pointType: -1)])), "point type -1"),
        (figure(panel(key: "top middle")), "key position word 'middle'"),
        (figure(panel(key: "top bottom")), "more than one of top/bottom"),
        (figure(panel(key: "set output '/etc/passwd'")), "key position word"),
        (figure(panel(key: "")), "key position is empty"),
        (figure(panel(xRange: 1...1)), "x range"),
        (figure(panel(xRange: -Double.infinity...1)), "x range"),
        (figure(panel(logX: true, xRange: 0...10)), "must be positive on a log x axis"),
        (figure(panel(logY: true, guides: [.horizontal(0)])), "guide 1: horizontal line y = 0.0 must be positive"),
        (figure(panel(logX: true, guides: [.vertical(-1)])), "vertical line x = -1.0 must be positive"),
        (figure(panel(logY: true, guides: [.powerLaw(prefactor: -1, exponent: 1)])), "prefactor -1.0 must be positive"),
        (figure(panel(guides: [.powerLaw(prefactor: .nan, exponent: 1)])), "power law"),
        (figure(panel(logX: true, guides: [.powerLaw(prefactor: 1, exponent: 1, xRange: 0...1)])), "x range"),
        (figure(panel(guides: [GuideLine(.horizontal(1), color: "#zzzzzz")])), "color '#zzzzzz'"),
        (figure(panel([SeriesSpec(label: "s", table: DataTable(columnNames: ["x", "y"], rows: [[.nan, 1], [1, .infinity]]))])),
         "no series has a plottable point"),
        (figure(panel([SeriesSpec(label: "s", table: DataTable(columnNames: ["x", "y"], rows: [[0, 1], [1, -1]]))],
                      logX: true, logY: true)),
         "no series has a plottable point"),
    ]

    @Test(arguments: 0..<invalid.count)
    func rejectsInvalidSpec(case index: Int) throws {
        let (spec, fragment) = Self.invalid[index]
        do {
            try spec.validate()
            Issue.record("case \(index) was accepted; expected an error containing \"\(fragment)\"")
        } catch let error as FigureError {
            guard case .invalidSpec(let what) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(what.contains(fragment), "message \"\(what)\" lacks \"\(fragment)\"")
            #expect(what.hasPrefix("figure '\(spec.id)'"))
            #expect(error.description.hasPrefix("invalid figure spec: "))
        }
    }

    @Test func scriptAndDataGenerationNeverCrashOnInvalidSpecs() {
        let writer = FigureWriter(directory: URL(fileURLWithPath: "/unused"))
        var odd = Self.invalid.map(\.0)
        odd.append(PlotSpec(id: "fig", panels: [Self.panel()], size: FigureSize(width: .nan, height: -1)))
        odd.append(Self.figure(Self.panel([SeriesSpec(label: "s", table: DataTable(columnNames: ["x"], rows: [[1]]),
                                                      xColumn: -1)])))
        for spec in odd {
            #expect(writer.gnuplotScript(spec).hasSuffix("}\n"))
            #expect(writer.dataText(spec).hasSuffix("\n"))
        }
    }

    @Test func writerRejectsBeforeWritingAnything() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flrepro-never-\(UUID().uuidString)")
        let writer = FigureWriter(directory: directory)
        #expect(throws: FigureError.self) { try writer.write(Self.figure(Self.panel(key: "nowhere"))) }
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }

    @Test func rejectsUnusableStyle() {
        let writer = FigureWriter(directory: URL(fileURLWithPath: "/unused"), style: FigureStyle(font: "Evil\",1"))
        #expect(throws: FigureError.self) { try writer.validate(Self.figure(Self.panel())) }
        let dpi = FigureWriter(directory: URL(fileURLWithPath: "/unused"), style: FigureStyle(pngResolution: 0))
        #expect(throws: FigureError.self) { try dpi.validate(Self.figure(Self.panel())) }
    }

    @Test(arguments: ["top right", "Bottom Left", "top left outside", "center", "below", "off", "none",
                      "left center", "bottom right horizontal"])
    func acceptsKeyPositions(_ key: String) throws {
        try Self.figure(Self.panel(key: key)).validate()
    }

    @Test func nonPositiveDataOnLogAxesIsNotAnError() throws {
        let table = DataTable(columnNames: ["x", "y"], rows: [[0, 1], [1, -1], [2, 2]])
        try Self.figure(Self.panel([SeriesSpec(label: "s", table: table)], logX: true, logY: true)).validate()
    }

    @Test func examplesAreValid() throws {
        for spec in [Examples.logLogErrorBars, Examples.twoPanelBands, Examples.specialLabels] {
            try FigureWriter(directory: URL(fileURLWithPath: "/unused")).validate(spec)
        }
    }
}
