import Foundation
import Testing
import TestSupport
import Theory

@Suite("Population MF: plain mean field")
struct PopulationMeanFieldTests {
    /// The note's setting: parity, d = 35, k = 4, N = 512, default grid.
    static let grid = try! PopulationGrid(configuration: PopulationConfiguration(inputDimension: 35, degree: 4, width: 512))

    @Test("N → ∞ (N = 1e12) reproduces kernel ridge regression m = B̃λ/(1 + B̃λ) to 1e-6", arguments: PopulationTask.allCases)
    func kernelLimit(task: PopulationTask) throws {
        let grid = try PopulationGrid(configuration: PopulationConfiguration(task: task, inputDimension: 16, degree: 4, width: 1e12))
        let lambda = grid.kernelProjection()
        // B̃ ≤ 1e5 keeps B̃Q/N ≤ 1e-7: the kernel limit to 1e-6.
        for signal in [10.0, 1e3, 1e4, 1e5] {
            let result = try PopulationMeanField.solve(grid: grid, signal: signal)
            let krr = signal * lambda / (1 + signal * lambda)
            #expect(isClose(result.orderParameter, krr, relative: 1e-6), "\(task) B̃ = \(signal): m = \(result.orderParameter), KRR \(krr)")
            #expect(isClose(1 - result.state.residual, krr, relative: 1e-6))
            // q = p0 and A = 1/σ_a²: the Gibbs variance is the prior variance σ_a² E[Q] = σ_w²σ_a²/2 (grid: 1e-5).
            #expect(isClose(result.gibbsError - result.testError, 0.5, relative: 1e-5))
        }
    }

    @Test("The note's prototype: m = 0.21, 0.56, 0.75, 0.86 at B̃ = 1e4 … 3.2e5 (d = 35, k = 4, N = 512); m increases with B̃")
    func prototypeTable() throws {
        let expected: [(Double, Double)] = [(1e4, 0.21), (3.2e4, 0.56), (1e5, 0.75), (3.2e5, 0.86)]
        var previous = 0.0
        for (signal, m) in expected {
            let result = try PopulationMeanField.solve(grid: Self.grid, signal: signal)
            #expect(abs(result.orderParameter - m) < 0.03, "B̃ = \(signal): m = \(result.orderParameter), prototype \(m)")
            #expect(abs(result.selfConsistencyResidual) < 1e-10)
            #expect(result.orderParameter > previous)
            previous = result.orderParameter
        }
        var last = 0.0
        for signal in [1.0, 1e2, 1e3, 3e3, 6e3, 2e4, 6e4, 2e5, 1e6] {
            let m = try PopulationMeanField.solve(grid: Self.grid, signal: signal).orderParameter
            #expect(m > last, "m(\(signal)) = \(m) ≤ \(last)")
            last = m
        }
    }

    @Test("The plain-MF critical signal solves m(B̃_c) = m* and lies between the prototype's 1e4 and 3.2e4 for m* = 0.5")
    func criticalSignal() throws {
        let critical = try PopulationMeanField.criticalSignal(grid: Self.grid, threshold: 0.5)
        #expect(critical > 1e4 && critical < 3.2e4)
        #expect(abs(try PopulationMeanField.solve(grid: Self.grid, signal: critical).orderParameter - 0.5) < 1e-5)
    }

    @Test("Weight marginals: normalised, second moments match ⟨|w_S|²⟩/k and ⟨s²⟩/(d − k); the prior's are N(0, σ_w²/d)")
    func marginals() throws {
        let values = stride(from: -3.0, through: 3.0, by: 0.0005).map { $0 }
        func integrate(_ f: [Double], power: Int) -> Double {
            var sum = 0.0
            for i in values.indices { sum += f[i] * pow(values[i], Double(power)) }
            return sum * 0.0005
        }
        // Interpolated densities need a finer relevant grid than integrals (nw = 40 here).
        let fine = try PopulationGrid(configuration: PopulationConfiguration(inputDimension: 35, degree: 4, width: 512,
                                                                             grid: PopulationGridSettings(relevantNodes: 40)))
        let result = try PopulationMeanField.solve(grid: fine, signal: 1e5)
        let densities = fine.weightMarginals(state: result.state, relevantValues: values, irrelevantValues: values)
        #expect(abs(integrate(densities.relevant, power: 0) - 1) < 0.02)
        #expect(abs(integrate(densities.irrelevant, power: 0) - 1) < 1e-3)
        #expect(isClose(integrate(densities.relevant, power: 2), result.relevantSquaredNorm / 4, relative: 0.05))
        #expect(isClose(integrate(densities.irrelevant, power: 2), result.irrelevantSquaredNorm / 31, relative: 1e-3))

        let wide = try PopulationGrid(configuration: PopulationConfiguration(inputDimension: 35, degree: 4, width: 1e12,
                                                                             grid: PopulationGridSettings(relevantNodes: 40)))
        let prior = try PopulationMeanField.solve(grid: wide, signal: 10)
        let probe = [0.0, 0.1, 0.2, 0.35]
        let p = wide.weightMarginals(state: prior.state, relevantValues: probe, irrelevantValues: probe)
        for (i, v) in probe.enumerated() {
            let gaussian = exp(-35 * v * v / 2) * (35 / (2 * Double.pi)).squareRoot()
            #expect(isClose(p.relevant[i], gaussian, relative: 0.02), "relevant at \(v): \(p.relevant[i]) vs \(gaussian)")
            #expect(isClose(p.irrelevant[i], gaussian, relative: 0.01), "irrelevant at \(v): \(p.irrelevant[i]) vs \(gaussian)")
        }
    }

    @Test("Invalid B̃ is rejected")
    func invalidSignal() {
        for signal in [0.0, -1.0, .nan, .infinity] {
            #expect(throws: TheoryError.self) { try PopulationMeanField.solve(grid: Self.grid, signal: signal) }
        }
    }
}
