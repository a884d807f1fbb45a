import Foundation
import Testing
import TestSupport
import Theory

@Suite("Population MF: MF-ARD")
struct PopulationMeanFieldARDTests {
    @Test("The precision update against hand-computed values")
    func precisionUpdate() {
        // α0 = β0 = 4, N = 2, d = 10, σ_w² = 1, ⟨w²⟩ = 0.3: (4 + 1)/(4 + 2·10·0.3/2) = 5/7.
        #expect(isClose(PopulationMeanFieldARD.updatedPrecision(shape: 4, rate: 4, width: 2, inputDimension: 10, weightVariance: 1,
                                                                meanSquaredWeight: 0.3), 5.0 / 7, relative: 1e-15))
        // The prior second moment σ_w²/d is a fixed point: (4 + 256)/(4 + 512·35·(2/35)/(2·2)) = 260/260.
        #expect(isClose(PopulationMeanFieldARD.updatedPrecision(shape: 4, rate: 4, width: 512, inputDimension: 35, weightVariance: 2,
                                                                meanSquaredWeight: 2.0 / 35), 1, relative: 1e-15))
        // α0 = 0.5, β0 = 2, N = 8, d = 4, σ_w² = 0.5, ⟨w²⟩ = 0.25: (0.5 + 4)/(2 + 8·4·0.25/1) = 4.5/10.
        #expect(isClose(PopulationMeanFieldARD.updatedPrecision(shape: 0.5, rate: 2, width: 8, inputDimension: 4, weightVariance: 0.5,
                                                                meanSquaredWeight: 0.25), 0.45, relative: 1e-15))
    }

    @Test("A converged ARD point satisfies the equations when checked by a plain-MF solve at its precisions")
    func solutionIsSelfConsistent() throws {
        let grid = try PopulationGrid(configuration: PopulationConfiguration(inputDimension: 16, degree: 4, width: 64))
        let result = try PopulationMeanFieldARD.solve(grid: grid, signal: 3e3)
        #expect(result.converged && result.selfConsistencyResidual < 1e-9)
        let settings = PopulationARDSettings()
        for (norm, dims, rho) in [(result.relevantSquaredNorm, 4.0, result.state.relevantPrecision),
                                  (result.irrelevantSquaredNorm, 12.0, result.state.irrelevantPrecision)] {
            let update = PopulationMeanFieldARD.updatedPrecision(shape: settings.shape, rate: settings.rate, width: 64, inputDimension: 16,
                                                                 weightVariance: 1, meanSquaredWeight: norm / dims)
            #expect(isClose(update, rho, relative: 1e-8))
        }
        #expect(abs(result.orderParameter - (1 - result.state.residual)) < 1e-8)
    }

    @Test("Two branches at d = 35, k = 4, N = 512, α0 = β0 = 4: spinodals near the note's 1.3e3 and 5.6e3")
    func coexistence() throws {
        let grid = try PopulationGrid(configuration: PopulationConfiguration(inputDimension: 35, degree: 4, width: 512))
        let signals = (0...10).map { 7e2 * pow(10, Double($0) / 10) }
        let sweep = try PopulationMeanFieldARD.sweep(grid: grid, signals: signals)
        let upper = try #require(sweep.lowerBranch.spinodal).estimate
        let lower = try #require(sweep.upperBranch.spinodal).estimate
        #expect(upper > 5.6e3 / 1.5 && upper < 5.6e3 * 1.5, "unselected branch ends at \(upper)")
        #expect(lower > 1.3e3 / 1.5 && lower < 1.3e3 * 1.5, "selected branch ends at \(lower)")
        #expect(!sweep.coexistence().isEmpty)
        for point in sweep.lowerBranch.points + sweep.upperBranch.points {
            #expect(point.converged && (point.precisionIterationEigenvalue ?? 2) < 1)
        }
        let selected = try #require(sweep.upperBranch.points.last)
        #expect(selected.state.relevantPrecision < selected.state.irrelevantPrecision)
        let critical = try PopulationMeanFieldARD.criticalSignal(grid: grid, branch: sweep.upperBranch, threshold: 0.5)
        if let critical { #expect(critical > lower && critical < 7e3) }
    }

    @Test("Invalid ARD settings are rejected")
    func invalidSettings() throws {
        let grid = try PopulationGrid(configuration: PopulationConfiguration(inputDimension: 16, degree: 4, width: 64,
                                                                             grid: PopulationGridSettings(relevantNodes: 8, normNodes: 48)))
        #expect(throws: TheoryError.self) { try PopulationMeanFieldARD.solve(grid: grid, signal: 1e3, settings: PopulationARDSettings(shape: 0)) }
        #expect(throws: TheoryError.self) { try PopulationMeanFieldARD.solve(grid: grid, signal: 1e3, settings: PopulationARDSettings(damping: 1)) }
        #expect(throws: TheoryError.self) { try PopulationMeanFieldARD.sweep(grid: grid, signals: [1e3, -1]) }
    }
}
