import Foundation
import LinearAlgebra
import Testing
@testable import Networks

@Suite struct ConfigurationTests {
    @Test func validationNamesTheField() {
        #expect(throws: NetworkError.self) { try SGLDConfiguration(stepSize: 0, steps: 10) }
        #expect(throws: NetworkError.self) { try SGLDConfiguration(stepSize: 1e-3, steps: 0) }
        #expect(throws: NetworkError.self) { try SGLDConfiguration(stepSize: 1e-3, steps: 10, burnIn: 10) }
        #expect(throws: NetworkError.self) { try SGLDConfiguration(stepSize: 1e-3, steps: 10, thin: 0) }
        #expect(throws: NetworkError.self) { try SGLDConfiguration(stepSize: 1e-3, steps: 10, chains: 0) }
        #expect(throws: NetworkError.self) { try SGLDConfiguration(stepSize: 1e-3, steps: 10, minibatchSize: -1) }
        #expect(throws: NetworkError.self) { try SGLDConfiguration(stepSize: 1e-3, steps: 10, traceEvery: 0) }
        #expect(throws: NetworkError.self) { try SGLDConfiguration(stepSize: 1e-3, steps: 10, snapshots: 11) }
        #expect(throws: NetworkError.self) { try SGLDConfiguration(stepSize: 1e-3, steps: 10, schedule: .polynomialDecay(t0: 0, gamma: 0.5)) }
        #expect(throws: NetworkError.self) { try SGLDConfiguration(stepSize: 1e-3, steps: 10, schedule: .polynomialDecay(t0: 10, gamma: 2)) }
        let error = NetworkError.invalidParameter(name: "burn_in", value: "10", requirement: "must be in 0..<steps (steps = 10)")
        #expect(throws: error) { try SGLDConfiguration(stepSize: 1e-3, steps: 10, burnIn: 10) }
    }

    @Test func derivedCounts() throws {
        // Kept states θ_25, θ_35, …, θ_95; traced θ_0, θ_30, θ_60, θ_90.
        let c = try SGLDConfiguration(stepSize: 1e-3, steps: 100, burnIn: 25, thin: 10, traceEvery: 30, snapshots: 3)
        #expect(c.samplesPerChain == 8)
        #expect(c.traceSteps == [0, 30, 60, 90])
        #expect(c.snapshotIndices == [2, 5, 7])
        let one = try SGLDConfiguration(stepSize: 1e-3, steps: 100, burnIn: 25, thin: 10, snapshots: 1)
        #expect(one.snapshotIndices == [7])
        let all = try SGLDConfiguration(stepSize: 1e-3, steps: 10, burnIn: 0, thin: 1, traceEvery: 10)
        #expect(all.samplesPerChain == 10 && all.traceSteps == [0])
        let coarse = try SGLDConfiguration(stepSize: 1e-3, steps: 10, burnIn: 5, thin: 6)
        #expect(coarse.samplesPerChain == 1)
    }

    @Test func scheduleValues() {
        #expect(StepSchedule.constant.stepSize(base: 0.1, step: 1000) == 0.1)
        let s = StepSchedule.polynomialDecay(t0: 100, gamma: 0.5)
        #expect(s.stepSize(base: 0.1, step: 0) == 0.1)
        #expect(abs(s.stepSize(base: 0.1, step: 300) - 0.05) < 1e-15)
    }
}
