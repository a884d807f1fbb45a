import Foundation
import Testing
import Figures

/// The generated gnuplot scripts (and one data file) match reviewed golden files byte for byte.
@Suite struct GoldenScriptTests {
    let writer = FigureWriter(directory: URL(fileURLWithPath: "/nonexistent/figures"))

    @Test func singlePanelLogLogWithErrorBarsAndGuides() throws {
        let spec = Examples.logLogErrorBars
        try spec.validate()
        try GoldenFile.check(writer.gnuplotScript(spec), against: "loglog-errorbars.gp")
    }

    @Test func twoPanelMultiplotWithBandsAndLines() throws {
        let spec = Examples.twoPanelBands
        try spec.validate()
        try GoldenFile.check(writer.gnuplotScript(spec), against: "two-panel-bands.gp")
    }

    @Test func labelsWithQuotesAndSpecialCharacters() throws {
        let spec = Examples.specialLabels
        try spec.validate()
        try GoldenFile.check(writer.gnuplotScript(spec), against: "special-labels.gp")
    }

    @Test func dataFileOfTheLogLogFigure() throws {
        try GoldenFile.check(writer.dataText(Examples.logLogErrorBars), against: "loglog-errorbars.dat")
    }

    @Test func scriptIsDeterministicAndHasNoMachinePaths() throws {
        let a = writer.gnuplotScript(Examples.twoPanelBands)
        let b = FigureWriter(directory: URL(fileURLWithPath: "/elsewhere")).gnuplotScript(Examples.twoPanelBands)
        #expect(a == b)
        #expect(!a.contains("/nonexistent"))
        #expect(a.contains("'two-panel-bands.dat' index 0"))
        #expect(a.contains("set terminal pdfcairo"))
        #expect(a.contains("set terminal pngcairo"))
    }
}
