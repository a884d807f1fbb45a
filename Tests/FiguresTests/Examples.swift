import Foundation
import Figures

/// Figure specs shared by the golden-file, data and render tests.
enum Examples {
    /// A learning curve ε(P) ~ P^{-1/2} with noise-free "theory" values, for deterministic tests.
    static func learningCurve(offset: Double, scale: Double) -> DataTable {
        let ps: [Double] = [0, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]
        let rows = ps.map { p -> [Double] in
            let mean = p > 0 ? scale * pow(p, -0.5) + offset : 1
            return [p, mean, 0.08 * mean]
        }
        return DataTable(columnNames: ["P", "test_error_mean", "test_error_se"], rows: rows,
                         comments: ["task kernel.krr key 3f9a0c…", "kernel = relu, d = 50, λ = 1e-3, seeds 0…9"])
    }

    /// One log–log panel: a series with error bars, one with error bars and lines (with a NaN and a
    /// row at P = 0 that the log axis cannot show), a power-law guide and a horizontal guide.
    static var logLogErrorBars: PlotSpec {
        var theory = learningCurve(offset: 0.002, scale: 1.2)
        theory.rows[4][1] = .nan
        return PlotSpec(
            id: "loglog-errorbars",
            panels: [PanelSpec(
                title: "Kernel ridge regression, ReLU NNGP",
                xLabel: "P (training samples)", yLabel: "ε_{test} (MSE)",
                logX: true, logY: true, keyPosition: "top right",
                series: [
                    SeriesSpec(label: "experiment", style: .errorBars, table: learningCurve(offset: 0.01, scale: 0.9)),
                    SeriesSpec(label: "theory (annealed)", style: .errorLines, table: theory),
                ],
                guides: [
                    .powerLaw(prefactor: 2, exponent: -0.5, label: "∝ P^{-1/2}", xRange: 20...2000),
                    .horizontal(0.015, label: "noise floor σ^{2}"),
                ])],
            comments: ["manifest experiments/krr/learning-curves.json", "profile smoke"])
    }

    /// Two panels: bands and lines on linear axes, a vertical guide; a figure title.
    static var twoPanelBands: PlotSpec {
        let alphas = stride(from: 0.0, through: 4.0, by: 0.25).map { $0 }
        func overlap(_ shift: Double) -> DataTable {
            DataTable(columnNames: ["alpha", "m_mean", "m_sd"],
                      rows: alphas.map { a in [a, max(0, tanh(1.5 * (a - shift))), 0.05 + 0.1 * exp(-pow(a - shift, 2))] },
                      comments: ["task theory.meanfield key 71be…"])
        }
        let chi = DataTable(columnNames: ["alpha", "chi"],
                            rows: alphas.map { a in [a, 1 / (0.2 + pow(a - 1.2, 2))] })
        return PlotSpec(
            id: "two-panel-bands",
            title: "Mean-field symmetry breaking",
            panels: [
                PanelSpec(title: "order parameter", xLabel: "α = P/d", yLabel: "⟨m⟩",
                          keyPosition: "bottom right",
                          series: [
                              SeriesSpec(label: "N = 100", style: .band, table: overlap(1.2)),
                              SeriesSpec(label: "N = 400", style: .band, table: overlap(1.0)),
                              SeriesSpec(label: "N → ∞ theory", style: .lines, table: overlap(0.9), dash: 2),
                          ],
                          guides: [.vertical(1.2, label: "α_{c}")]),
                PanelSpec(title: "susceptibility", xLabel: "α = P/d", yLabel: "χ", keyPosition: "top right",
                          series: [SeriesSpec(label: "χ(α)", style: .linesPoints, table: chi)]),
            ])
    }

    /// Labels that gnuplot would misread if not escaped.
    static var specialLabels: PlotSpec {
        let table = DataTable(columnNames: ["x", "y"], rows: [[1, 2], [2, 3], [3, 5]])
        return PlotSpec(
            id: "special-labels",
            title: "Say \"hi\", it's `echo no` @macro a\\b",
            panels: [PanelSpec(
                title: "first line\nsecond line",
                xLabel: "test_error & loss ~ 1 {raw braces} x^2 50%",
                yLabel: "χ_{ij}^{(2)} {/:Italic f}(x) ⟨f⟩ ε_{test",
                keyPosition: "top left",
                series: [SeriesSpec(label: "it's \"quoted\" \\n", style: .points, table: table, color: "#123abc",
                                    pointType: 6)])],
            panelLabels: false)
    }
}
