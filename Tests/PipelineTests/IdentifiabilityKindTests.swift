import Foundation
import Pipeline
import TaskKinds
import Testing
import TestSupport

/// `stats.identifiability` through the standard registry, on hand-made particle sets whose W2
/// distances have closed forms.
@Suite("stats.identifiability")
struct IdentifiabilityKindTests {
    let kind = StandardRegistry.registry["stats.identifiability"]!
    let imageKinds = ["sign_flip", "duplicate", "perturbed", "independent"]

    /// The kind's defaults with `overrides` applied (as the planner resolves them).
    func parameters(_ overrides: [String: JSONValue]) -> TaskParameters {
        kind.resolved(overrides)
    }

    func entry(_ rows: [[Double]]) -> TaskResult {
        TaskResult(arrays: ["particles": NDArray(shape: [rows.count, rows[0].count], values: rows.flatMap { $0 })])
    }

    func run(_ model: TaskResult, _ other: TaskResult, _ overrides: [String: JSONValue]) throws -> TaskResult {
        var o: [String: JSONValue] = ["seed": .number(3), "mc_samples": .number(5000)]
        for (k, v) in overrides { o[k] = v }
        let p = parameters(o)
        try kind.validate(p)
        return try kind.run(TaskRequest(parameters: p, inputs: ["model": model, "other": other], context: TaskContext()))
    }

    func squaredNorm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 } }

    @Test("two particles against one: every W2 by hand, Δf = 0 for the symmetric images")
    func twoParticles() throws {
        let t1: [Double] = [1, 0.5, 0, 0.2], t2: [Double] = [-0.8, 0.3, 1, -0.4], single: [Double] = [0.2, -0.1, 0.4, 0.9]
        let r = try run(entry([t1, t2]), entry([single]), ["perturbation_w2": .number(0.7)])
        for image in imageKinds {
            for suffix in ["function_distance", "raw_w2", "quotient_w2"] { #expect(r.scalars["\(image)_\(suffix)"]!.isFinite, "\(image)_\(suffix)") }
        }
        #expect(r.scalars["sign_flip_function_distance"]! < 1e-12 && r.scalars["duplicate_function_distance"]! < 1e-12)
        // One of the two particles is negated: W2² = min(4|θ_k|², 2|θ1|² + 2|θ2|²)/2 for the flipped k.
        let n1 = squaredNorm(t1), n2 = squaredNorm(t2)
        let candidates = [min(4 * n1, 2 * n1 + 2 * n2) / 2, min(4 * n2, 2 * n1 + 2 * n2) / 2].map { $0.squareRoot() }
        let signRaw = r.scalars["sign_flip_raw_w2"]!
        #expect(candidates.contains { isClose($0, signRaw, relative: 1e-12) }, "\(signRaw) vs \(candidates)")
        #expect(r.scalars["sign_flip_quotient_w2"]! == 0)
        #expect(r.scalars["duplicate_raw_w2"]! == 0 && r.scalars["duplicate_quotient_w2"]! == 0)
        #expect(isClose(r.scalars["perturbed_raw_w2"]!, 0.7, relative: 1e-10) && r.scalars["perturbation_target_w2"] == 0.7)
        #expect(r.scalars["perturbed_function_distance"]! > 1e-3)
        // All mass of the single particle θ′ is split over θ1 and θ2.
        let d1 = squaredNorm(zip(t1, single).map { $0 - $1 }), d2 = squaredNorm(zip(t2, single).map { $0 - $1 })
        let s1 = squaredNorm(zip(t1, single).map { $0 + $1 }), s2 = squaredNorm(zip(t2, single).map { $0 + $1 })
        #expect(isClose(r.scalars["independent_raw_w2"]!, ((d1 + d2) / 2).squareRoot(), relative: 1e-12))
        #expect(isClose(r.scalars["independent_quotient_w2"]!, ((min(d1, s1) + min(d2, s2)) / 2).squareRoot(), relative: 1e-12))
        #expect(r.scalars["independent_quotient_w2"]! < r.scalars["independent_raw_w2"]!)
        #expect(r.scalars["model_width"] == 2 && r.scalars["other_width"] == 1 && r.scalars["input_dimension"] == 2)
    }

    @Test("six particles against their translate (raw W2 = |t|); the default perturbation matches the sign flip's W2; bit-identical reruns")
    func translateAndDefaults() throws {
        let rows: [[Double]] = [[1.2, 0.4, -0.3, 0.1], [-0.7, 0.9, 0.2, -0.5], [0.3, -0.6, 0.8, 0.6],
                                [2.0, 0.1, 0.1, -1.0], [-1.5, -0.2, -0.7, 0.4], [0.6, 0.5, 0.5, 0.0]]
        let t: [Double] = [0.1, -0.2, 0.05, 0.3]
        let translate = rows.map { zip($0, t).map { $0 + $1 } }
        let r = try run(entry(rows), entry(translate), [:])
        #expect(isClose(r.scalars["independent_raw_w2"]!, squaredNorm(t).squareRoot(), relative: 1e-12))
        #expect(r.scalars["independent_quotient_w2"]! <= r.scalars["independent_raw_w2"]! * (1 + 1e-12))
        #expect(r.scalars["independent_function_distance"]! > 1e-3)
        let signRaw = r.scalars["sign_flip_raw_w2"]!
        #expect(signRaw > 0.1 && r.scalars["sign_flip_quotient_w2"]! < 1e-12 && r.scalars["sign_flip_function_distance"]! < 1e-12)
        #expect(r.scalars["perturbation_target_w2"] == signRaw && isClose(r.scalars["perturbed_raw_w2"]!, signRaw, relative: 1e-10))
        #expect(r.attributes["perturbation_target"]!.contains("sign-flip"))
        let again = try run(entry(rows), entry(translate), [:])
        for (name, v) in r.scalars { #expect(again.scalars[name]!.bitPattern == v.bitPattern, "\(name)") }
        let otherSeed = try run(entry(rows), entry(translate), ["seed": .number(4)])
        #expect(otherSeed.scalars["model_function_norm"] != r.scalars["model_function_norm"])
    }

    @Test("missing or malformed particles and mismatched dimensions fail with the input's name")
    func failures() throws {
        let good = entry([[1, 0.5, 0.2]])
        var missing = TaskResult(arrays: ["snapshot_readin": NDArray([1, 2, 3])])
        var error = #expect(throws: TaskFailure.self) { try run(missing, good, [:]) }
        #expect(error?.message.contains("model input has no array particles") == true, "\(String(describing: error))")
        missing.arrays = ["particles": NDArray([1, 2, 3])]
        error = #expect(throws: TaskFailure.self) { try run(good, missing, [:]) }
        #expect(error?.message.contains("other input's particles have shape [3]") == true, "\(String(describing: error))")
        error = #expect(throws: TaskFailure.self) { try run(good, entry([[1, 0.5, 0.2, 0.1]]), [:]) }
        #expect(error?.message.contains("input dimension 2") == true, "\(String(describing: error))")
        error = #expect(throws: TaskFailure.self) { try run(entry([[1, 0.5, .nan]]), good, [:]) }
        #expect(error?.message.contains("finite") == true, "\(String(describing: error))")
        error = #expect(throws: TaskFailure.self) { try run(entry([[0, 0.5, 0.2]]), good, [:]) }
        #expect(error?.message.contains("zero") == true, "\(String(describing: error))")
    }
}
