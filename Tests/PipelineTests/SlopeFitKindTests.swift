import Foundation
import Pipeline
import TaskKinds
import Testing
import TestSupport

/// `stats.slope_fit` through the standard registry, on runs built from known power laws.
@Suite("stats.slope_fit")
struct SlopeFitKindTests {
    let kind = StandardRegistry.registry["stats.slope_fit"]!
    let widths: [Double] = [32, 64, 128, 256]
    let steps: [Double] = [0, 100, 1000]

    func parameters(_ overrides: [String: JSONValue]) -> TaskParameters {
        kind.resolved(overrides)
    }

    /// A coupled-run entry with `E(N, t) = amplitude(t) · (1/N − 1/M) · factor`.
    func run(factor: Double, reference: Double, widths: [Double]? = nil) -> TaskResult {
        let w = widths ?? self.widths
        let amplitude: [Double] = [0.4, 0.12, 0.15]
        var values: [Double] = []
        for n in w { for c in steps.indices { values.append(amplitude[c] * (1 / n - 1 / reference) * factor) } }
        return TaskResult(arrays: ["widths": NDArray(w), "record_steps": NDArray(steps),
                                   "function_error": NDArray(shape: [w.count, steps.count], values: values)])
    }

    func fit(_ runs: [TaskResult], _ overrides: [String: JSONValue] = [:]) throws -> TaskResult {
        var o: [String: JSONValue] = ["x": .string("widths"), "y": .string("function_error"), "columns": .string("record_steps"), "resamples": .number(300)]
        for (k, v) in overrides { o[k] = v }
        let p = parameters(o)
        try kind.validate(p)
        var inputs: [String: TaskResult] = [:]
        for (i, r) in runs.enumerated() { inputs["runs#\(i)"] = r }
        return try kind.run(TaskRequest(parameters: p, inputs: inputs, context: TaskContext()))
    }

    @Test("1/N − 1/M against N_eff has slope −1 exactly; against N it is steeper")
    func effectiveWidth() throws {
        let runs = [0.9, 1.0, 1.15].map { run(factor: $0, reference: 512) }
        let r = try fit(runs, ["reference_size": .number(512)])
        for s in r.arrays["slope"]!.values { #expect(isClose(s, -1, relative: 1e-10)) }
        for (lo, hi) in zip(r.arrays["slope_low"]!.values, r.arrays["slope_high"]!.values) {
            #expect(isClose(lo, -1, relative: 1e-10) && isClose(hi, -1, relative: 1e-10))  // runs differ by a constant factor only
        }
        #expect(r.arrays["x_effective"]!.values.enumerated().allSatisfy { isClose($1, 1 / (1 / widths[$0] - 1.0 / 512), relative: 1e-14) })
        // N_eff · mean is the amplitude times the mean factor, for every width.
        let meanFactor = (0.9 + 1.0 + 1.15) / 3
        for n in ["32", "64", "128", "256"] {
            let scaled = r.arrays["scaled_\(n)"]!.values
            #expect(zip(scaled, [0.4, 0.12, 0.15]).allSatisfy { isClose($0, $1 * meanFactor, relative: 1e-12) })
        }
        #expect(r.arrays["scaled_max_over_min_all"]!.values.allSatisfy { isClose($0, 0.4 / 0.12, relative: 1e-12) })
        #expect(r.arrays["scaled_max_over_min"]!.values.allSatisfy { isClose($0, 0.4 / 0.12, relative: 1e-12) })
        let late = try fit(runs, ["reference_size": .number(512), "ratio_from": .number(100)])
        #expect(late.arrays["scaled_max_over_min"]!.values.allSatisfy { isClose($0, 0.15 / 0.12, relative: 1e-12) })
        // Per-time means and standard errors by hand at t = 1000 for N = 32.
        let values = [0.9, 1.0, 1.15].map { 0.15 * (1 / 32.0 - 1 / 512.0) * $0 }
        let mean = values.reduce(0, +) / 3
        let se = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 2 / 3).squareRoot()
        #expect(isClose(r.arrays["mean_at_1000"]!.values[0], mean, relative: 1e-14))
        #expect(isClose(r.arrays["se_at_1000"]!.values[0], se, relative: 1e-12))
        // Fitted against N itself, the same data look steeper than −1.
        let raw = try fit(runs)
        #expect(raw.arrays["slope"]!.values.allSatisfy { $0 < -1.01 })
    }

    @Test("a one-dimensional y without columns; the interval brackets the slope of noisy runs")
    func oneDimensional() throws {
        let x: [Double] = [10, 20, 40, 80]
        let runs = [[1.1, 0.52, 0.24, 0.13], [0.9, 0.47, 0.26, 0.12], [1.0, 0.5, 0.25, 0.125], [1.05, 0.49, 0.255, 0.118]].map {
            TaskResult(arrays: ["size": NDArray(x), "error": NDArray($0)])
        }
        let r = try fit(runs, ["x": .string("size"), "y": .string("error"), "columns": .string("")])
        let s = r.arrays["slope"]!.values[0], lo = r.arrays["slope_low"]!.values[0], hi = r.arrays["slope_high"]!.values[0]
        #expect(lo < s && s < hi && lo > -1.2 && hi < -0.8, "\(lo) \(s) \(hi)")
        #expect(r.arrays["mean"]!.shape == [4] && r.scalars["runs"] == 4)
        let again = try fit(runs, ["x": .string("size"), "y": .string("error"), "columns": .string("")])
        #expect(again == r)
    }

    @Test("gathered inputs are read in numeric order")
    func numericOrder() throws {
        var inputs: [String: TaskResult] = [:]
        for i in 0..<12 { inputs["runs#\(i)"] = TaskResult(scalars: ["i": Double(i)]) }
        let request = TaskRequest(parameters: parameters([:]), inputs: inputs, context: TaskContext())
        #expect(try request.gathered("runs").map { $0.scalars["i"]! } == (0..<12).map(Double.init))
        #expect(try TaskRequest(parameters: parameters([:]), inputs: ["runs": TaskResult(scalars: ["i": 5])], context: TaskContext())
            .gathered("runs").count == 1)
        #expect(throws: TaskFailure.self) { try TaskRequest(parameters: self.parameters([:]), inputs: [:], context: TaskContext()).gathered("runs") }
    }

    @Test(arguments: [
        ("x differs", "widths differs from run 0's"),
        ("missing output", "has no output \"function_error\""),
        ("reference too small", "reference_size 100 must exceed every abscissa"),
        ("wrong shape", "has shape [4], expected [4, 3]"),
    ])
    func badRuns(name: String, message: String) throws {
        var runs = [run(factor: 1, reference: 512), run(factor: 1.1, reference: 512)]
        var overrides: [String: JSONValue] = [:]
        switch name {
        case "x differs": runs[1] = run(factor: 1, reference: 512, widths: [32, 64, 128, 512])
        case "missing output": runs[1].arrays["function_error"] = nil
        case "reference too small": overrides["reference_size"] = .number(100)
        default: runs[1].arrays["function_error"] = NDArray([1, 2, 3, 4])
        }
        let error = #expect(throws: TaskFailure.self) { try self.fit(runs, overrides) }
        #expect(error.map { "\($0)".contains(message) } == true, "\(String(describing: error))")
    }

    @Test("bad parameters name the parameter")
    func badParameters() {
        for (name, value) in [("level", JSONValue.number(1)), ("x", .string(""))] {
            var o: [String: JSONValue] = ["x": .string("widths"), "y": .string("function_error")]
            o[name] = value
            let error = #expect(throws: TaskParameterError.self) { try kind.validate(parameters(o)) }
            #expect(error?.parameter == name)
        }
    }
}
