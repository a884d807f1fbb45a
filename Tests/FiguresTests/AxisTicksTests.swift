import Foundation
import Testing
@testable import Figures

/// Axis ranges and ticks chosen from the data.
@Suite struct AxisTicksTests {
    static func extent(_ lo: Double, _ hi: Double) -> AxisExtent? {
        var e: AxisExtent?
        AxisExtent.include(&e, lo, log: false)
        AxisExtent.include(&e, hi, log: false)
        return e
    }

    @Test(arguments: [(0.24, 0.25), (1.0, 1.0), (0.27, 0.5), (2000.0, 2000.0), (3.1, 5.0), (7.0, 10.0), (0.0011, 0.002)])
    func niceSteps(_ raw: Double, _ step: Double) {
        #expect(AxisTicks.niceStep(raw).step == step)
    }

    @Test func linearRangeIsWidenedToTicks() {
        let x = AxisTicks(axis: "x", log: false, fixed: nil, extent: Self.extent(0.05, 0.55), rangeFromData: true)
        #expect(x.range == 0...0.6)
        #expect(x.tickCommands == ["set xtics 0.1", "set mxtics 5", "set format x \"%h\""])
        #expect(x.rangeCommand("x") == "set xrange [0:0.6]  # data range widened to major ticks")
        let y = AxisTicks(axis: "y", log: false, fixed: nil, extent: Self.extent(1, 10000), rangeFromData: false)
        #expect(y.range == nil)
        #expect(y.rangeCommand("y") == "set yrange [*:*]")
        #expect(y.tickCommands[0] == "set ytics 2000")
    }

    @Test func logRangeEndsAtDecades() {
        let x = AxisTicks(axis: "x", log: true, fixed: nil, extent: Self.extent(12, 5000), rangeFromData: true)
        #expect(x.range == 10...10000)
        #expect(x.tickCommands == ["set xtics autofreq", "set mxtics default", "set format x \"10^{%T}\""])
        let wide = AxisTicks(axis: "y", log: true, fixed: nil, extent: Self.extent(1e-9, 1e3), rangeFromData: false)
        #expect(wide.tickCommands[0] == "set ytics 100")
    }

    @Test func narrowFixedLogRangeGetsExplicitTicks() {
        let y = AxisTicks(axis: "y", log: true, fixed: 0.15...0.8, extent: nil, rangeFromData: false)
        #expect(y.tickCommands == ["set ytics (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)", "set mytics default", "set format y \"%g\""])
        let y2 = AxisTicks(axis: "y", log: true, fixed: 0.15...3, extent: nil, rangeFromData: false)
        #expect(y2.tickCommands[0] == "set ytics (0.2, 0.5, 1, 2)")
    }

    @Test func degenerateExtentsAutoscale() {
        let x = AxisTicks(axis: "x", log: false, fixed: nil, extent: Self.extent(3, 3), rangeFromData: true)
        #expect(x.range == nil)
        #expect(x.tickCommands[0] == "set xtics autofreq")
        let none = AxisTicks(axis: "y", log: true, fixed: nil, extent: nil, rangeFromData: false)
        #expect(none.tickCommands == ["set ytics autofreq", "set mytics default", "set format y \"10^{%T}\""])
    }

    @Test func panelExtentsIncludeErrorsAndGuides() {
        let table = DataTable(columnNames: ["x", "y", "e"], rows: [[1, 1, 0.5], [2, 2, 0.5], [3, .nan, 1]])
        let panel = PanelSpec(xLabel: "x", yLabel: "y", series: [SeriesSpec(label: "s", style: .errorBars, table: table)],
                              guides: [.horizontal(5), .vertical(4), .powerLaw(prefactor: 1, exponent: 2, xRange: 0...1)])
        let prepared = PreparedFigure(PlotSpec(id: "p", panels: [panel])).panels[0]
        let x = AxisExtent.x(of: prepared)
        #expect(x == Self.extent(1, 4))
        let y = AxisExtent.y(of: prepared, xRange: 0...4)
        #expect(y == Self.extent(0, 5))
    }
}

/// Tick labels in units of a power of ten, and the shared panel layout.
@Suite struct ScaledAxesAndLayoutTests {
    @Test func largeValuesAreListedInUnitsOfAPowerOfTen() {
        let x = AxisTicks(axis: "x", log: false, fixed: nil, extent: AxisTicksTests.extent(0, 1e6), rangeFromData: true)
        #expect(x.scaleExponent == 5)
        #expect(x.labelSuffix == " (×10^{5})")
        #expect(x.range == 0...1e6)
        #expect(x.tickLabels == ["0", "2", "4", "6", "8", "10"])
        #expect(x.tickCommands[0].hasPrefix("set xtics (\"0\" 0, \"2\" 200000, \"4\" 400000,"))
        #expect(x.tickCommands[0].contains("\"\" 50000 1"))
        let y = AxisTicks(axis: "y", log: false, fixed: nil, extent: AxisTicksTests.extent(-3e-4, 2e-4), rangeFromData: false)
        #expect(y.scaleExponent == -4)
        #expect(y.range == -3e-4...2e-4)
        #expect(y.tickLabels.first == "\u{2212}3")
    }

    @Test func scaledAxisLabelGetsTheFactor() {
        let table = DataTable(columnNames: ["step", "loss"], rows: [[0, 1], [500000, 2], [1000000, 3]])
        let spec = PlotSpec(id: "s", panels: [PanelSpec(xLabel: "SGLD step", yLabel: "loss",
                                                        series: [SeriesSpec(label: "", style: .lines, table: table)])])
        let script = FigureWriter(directory: URL(fileURLWithPath: "/unused")).gnuplotScript(spec)
        #expect(script.contains("set xlabel 'SGLD step (×10^{5})'"))
        #expect(script.contains("set ylabel 'loss'\n"))
    }

    @Test func panelsShareMarginsUnlessAKeyIsOutside() {
        let writer = FigureWriter(directory: URL(fileURLWithPath: "/unused"))
        let script = writer.gnuplotScript(Examples.twoPanelBands)
        #expect(script.contains("    set multiplot title "))
        let lefts = script.split(separator: "\n").filter { $0.contains("set lmargin at screen") }
        let bottoms = Set(script.split(separator: "\n").filter { $0.contains("set bmargin at screen") })
        #expect(lefts.count == 2 && bottoms.count == 1)
        var outside = Examples.twoPanelBands
        outside.panels[1].keyPosition = "outside right top"
        let auto = writer.gnuplotScript(outside)
        #expect(auto.contains("set multiplot layout 1,2 rowsfirst title "))
        #expect(!auto.contains("margin at screen"))
    }
}
