import Foundation
import Pipeline
import TaskKinds
import Testing
import TestSupport

/// `stats.trace_convergence` on synthetic traces with hand-computed answers.
@Suite("stats.trace_convergence")
struct TraceConvergenceKindTests {
    let kind = StandardRegistry.registry["stats.trace_convergence"]!

    /// A model with `trace_readout_norm2` = `chains` (rows) at steps 0, 10, 20, ….
    func model(_ chains: [[Double]]) -> TaskResult {
        let points = chains[0].count
        return TaskResult(arrays: [
            "trace_readout_norm2": NDArray(shape: [chains.count, points], values: chains.flatMap { $0 }),
            "trace_steps": NDArray((0..<points).map { Double(10 * $0) }),
        ])
    }

    func run(_ chains: [[Double]], burnIn: Int, scale: Double = 1) throws -> TaskResult {
        try kind.run(TaskRequest(parameters: kind.resolved(["burn_in": .number(Double(burnIn)), "scale": .number(scale)]),
                                 inputs: ["model": model(chains)], context: TaskContext()))
    }

    @Test("split-R̂ by hand: two chains 1…4 and 5…8 give √(6.9167/0.5); the burn-in points are dropped; scale applies")
    func splitRHatByHand() throws {
        // Half-chains [1,2] [3,4] [5,6] [7,8]: W = 0.5, B/h = var(1.5, 3.5, 5.5, 7.5) = 20/3,
        // var⁺ = (1/2)·0.5 + 20/3, R̂ = √(var⁺/W).
        let r = try run([[1e6, 1, 2, 3, 4], [-1e6, 5, 6, 7, 8]], burnIn: 10, scale: 2)
        #expect(isClose(r.scalars["split_rhat"]!, ((0.25 + 20.0 / 3) / 0.5).squareRoot(), relative: 1e-12))
        #expect(isClose(r.scalars["mean"]!, 2 * 4.5, relative: 1e-15))
        #expect(isClose(r.scalars["mean_se"]!, 2 * 2, relative: 1e-12))  // chain means 5 and 13: s.e. 4
        #expect(isClose(r.scalars["drift"]!, 2 * 2, relative: 1e-15))    // each chain: (3.5 − 1.5)·2
        #expect(r.scalars["drift_se"] == 0 && r.scalars["kept_points"] == 4 && r.scalars["chains"] == 2)
    }

    @Test("a linear drift is measured exactly; stationary independent chains give R̂ ≈ 1 and no significant drift")
    func driftAndStationarity() throws {
        let ramp = [[Double]](arrayLiteral: (0..<40).map { 3 + 0.5 * Double($0) }, (0..<40).map { 2.9 + 0.5 * Double($0) })
        let r = try run(ramp, burnIn: 0)
        #expect(isClose(r.scalars["drift"]!, 0.5 * 20, relative: 1e-12))   // half-means 20 points apart
        #expect(isClose(r.scalars["relative_drift"]!, 10 / r.scalars["mean"]!, relative: 1e-15))
        // Half-chains of 20: W = 0.25·35, half means 7.75, 17.75, 7.65, 17.65 (B/h = 100.01/3).
        #expect(isClose(r.scalars["split_rhat"]!, ((19.0 / 20 * 8.75 + 100.01 / 3) / 8.75).squareRoot(), relative: 1e-12))
        // Eight chains of independent N(0, 1) draws (Box–Muller on a fixed LCG): R̂ within 1.05, |drift| < 4 s.e.
        var state: UInt64 = 12345
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        let noise = (0..<8).map { _ in (0..<400).map { _ in (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform()) } }
        let s = try run(noise, burnIn: 0)
        #expect(abs(s.scalars["split_rhat"]! - 1) < 0.05)
        #expect(abs(s.scalars["drift_sigmas"]!) < 4)
        #expect(s.scalars["effective_sample_size"]! > 1000)
        #expect(isClose(s.scalars["autocorrelation_steps"]!, 10, relative: 0.5))  // τ ≈ 1 trace point = 10 steps
    }

    @Test("too few points after burn-in, a missing trace and a zero scale are clear errors")
    func errors() throws {
        let few = #expect(throws: TaskFailure.self) { try run([[1, 2, 3, 4, 5]], burnIn: 20) }
        #expect(few.map { "\($0)".contains("burn_in = 20") } == true)
        let missing = #expect(throws: TaskFailure.self) {
            try kind.run(TaskRequest(parameters: kind.resolved(["burn_in": .number(0)]), inputs: ["model": TaskResult()], context: TaskContext()))
        }
        #expect(missing.map { "\($0)".contains("trace_readout_norm2") } == true)
        let zero = #expect(throws: TaskParameterError.self) { try kind.validate(kind.resolved(["burn_in": .number(0), "scale": .number(0)])) }
        #expect(zero?.parameter == "scale")
    }
}

/// `stats.difference` by hand.
@Suite("stats.difference")
struct ScalarDifferenceKindTests {
    let kind = StandardRegistry.registry["stats.difference"]!

    func run(_ overrides: [String: JSONValue]) throws -> TaskResult {
        try kind.run(TaskRequest(parameters: kind.resolved(overrides),
                                 inputs: ["a": TaskResult(scalars: ["x": 2.5, "x_se": 0.3]), "b": TaskResult(scalars: ["y": 1, "y_se": 0.4])],
                                 context: TaskContext()))
    }

    @Test("a − b with errors in quadrature (either optional); a missing output is a clear error")
    func difference() throws {
        let both = try run(["a_output": .string("x"), "a_error": .string("x_se"), "b_output": .string("y"), "b_error": .string("y_se")])
        #expect(both.scalars["difference"] == 1.5 && isClose(both.scalars["difference_se"]!, 0.5, relative: 1e-15))
        let one = try run(["a_output": .string("x"), "a_error": .string("x_se"), "b_output": .string("y")])
        #expect(one.scalars["difference_se"] == 0.3 && one.scalars["b_se"] == 0)
        let error = #expect(throws: TaskFailure.self) { try run(["a_output": .string("x"), "b_output": .string("z")]) }
        #expect(error.map { "\($0)".contains("\"z\"") } == true)
    }
}
