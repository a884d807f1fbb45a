import Foundation
import Pipeline
import TaskKinds
import Testing

/// `data.hermite_target` and `stats.hermite_atoms` through the standard registry.
@Suite("Hermite target and Hermite-atom task kinds")
struct HermiteKindsTests {
    /// The registered kind called `name`.
    private func kind(_ name: String) throws -> any TaskKind {
        guard let kind = StandardRegistry.registry[name] else { throw TaskFailure("\(name) is not registered") }
        return kind
    }

    /// The kind's defaults with `overrides` applied.
    private func parameters(of kind: any TaskKind, _ overrides: [String: JSONValue]) -> TaskParameters {
        kind.resolved(overrides)
    }

    private func run(_ kind: any TaskKind, _ p: TaskParameters, inputs: [String: TaskResult] = [:]) throws -> TaskResult {
        try kind.validate(p)
        return try kind.run(TaskRequest(parameters: p, inputs: inputs, context: TaskContext()))
    }

    private func numbers(_ values: [Double]) -> JSONValue { .array(values.map { .number($0) }) }

    @Test func hermiteTargetStoresDataDirectionsAndEnergies() throws {
        let kind = try kind("data.hermite_target")
        #expect(kind.reproducibility == .bitIdentical && kind.inputs.isEmpty)
        let base: [String: JSONValue] = ["dimension": .number(6), "coefficients": numbers([0.5, -1, 0.25]), "degrees": numbers([1, 2, 3]),
                                         "tail_from": .number(4), "tail_to": .number(5), "test_count": .number(7), "noise_std": .number(0.1),
                                         "seed": .number(2)]
        var p = base
        p["train_count"] = .number(20)
        let result = try run(kind, parameters(of: kind, p))
        #expect(result.arrays.keys.sorted() == ["coefficients", "degrees", "directions", "relevant_subspace", "test_inputs", "test_labels",
                                                "train_inputs", "train_labels"])
        #expect(result.arrays["train_inputs"]?.shape == [20, 6] && result.arrays["train_labels"]?.shape == [20])
        #expect(result.arrays["test_inputs"]?.shape == [7, 6] && result.arrays["directions"]?.shape == [3, 6])
        #expect(result.arrays["coefficients"]?.values == [0.5, -1, 0.25] && result.arrays["degrees"]?.values == [1, 2, 3])
        let tail = 1 / 256.0 + 1 / 625.0
        #expect(abs(result.scalars["tail_energy"]! - tail) < 1e-15)
        #expect(abs(result.scalars["signal_energy"]! - (0.25 + 1 + 0.0625 + tail)) < 1e-14)
        let u = try #require(result.arrays["directions"]).values
        for s in 0..<3 {
            for t in 0..<3 {
                let g = (0..<6).reduce(0.0) { $0 + u[s * 6 + $1] * u[t * 6 + $1] }
                #expect(abs(g - (s == t ? 1 : 0)) < 1e-14)
            }
        }
        // Nested training rows; the same run again is bit-identical.
        p["train_count"] = .number(8)
        let small = try run(kind, parameters(of: kind, p))
        #expect(small.arrays["train_inputs"]!.values == Array(result.arrays["train_inputs"]!.values[0..<48]))
        #expect(small.arrays["train_labels"]!.values == Array(result.arrays["train_labels"]!.values[0..<8]))
        #expect(small.arrays["test_labels"]!.isBitIdentical(to: result.arrays["test_labels"]!))
        p["train_count"] = .number(20)
        let again = try run(kind, parameters(of: kind, p))
        #expect(again.arrays.allSatisfy { $0.value.isBitIdentical(to: result.arrays[$0.key]!) } && again.scalars == result.scalars)
    }

    @Test func hermiteTargetRejectsBadParametersNamingThem() throws {
        let kind = try kind("data.hermite_target")
        let cases: [(String, [String: JSONValue])] = [
            ("degrees", ["dimension": .number(5), "coefficients": numbers([1, 1]), "degrees": numbers([1])]),
            ("coefficients", ["dimension": .number(2), "coefficients": numbers([1, 1, 1]), "degrees": numbers([1, 2, 3])]),
            ("degrees", ["dimension": .number(5), "coefficients": numbers([1, 1]), "degrees": numbers([2, -1])]),
            ("tail_from", ["dimension": .number(5), "coefficients": numbers([1]), "degrees": numbers([1]), "tail_from": .number(5), "tail_to": .number(4)]),
        ]
        for (name, overrides) in cases {
            var all = overrides
            all["train_count"] = .number(3)
            all["seed"] = .number(0)
            do {
                try kind.validate(parameters(of: kind, all))
                Issue.record("expected an error for \(name): \(overrides)")
            } catch let error as TaskParameterError {
                #expect(error.parameter == name, "\(error)")
            }
        }
    }

    /// `E[g(Z)]`, `Z ~ N(0, 1)`, by composite Simpson on [−12, 12] (independent of the Monte Carlo and of Gauss–Hermite).
    private func gaussianExpectation(_ g: (Double) -> Double) -> Double {
        let m = 24_000, h = 24.0 / Double(m)
        var s = 0.0
        for i in 0...m {
            let z = -12 + Double(i) * h
            let weight: Double = i == 0 || i == m ? 1 : (i % 2 == 1 ? 4 : 2)
            s += weight * g(z) * exp(-z * z / 2)
        }
        return s * h / 3 / (2 * Double.pi).squareRoot()
    }

    @Test func hermiteAtomsOfAHandMadeParticleSet() throws {
        let kind = try kind("stats.hermite_atoms")
        #expect(kind.inputs == ["model"] && kind.reproducibility == .bitIdentical)
        // d = 4, N = 3: neuron 1, its sign flip (−a, −w, −b) and a weaker neuron along e2. With tanh odd,
        // f(x) = tanh(1.5 x1 + 0.7) − (1/3) tanh(0.8 x2 − 0.3), so C_k = c_k(1) e1^{⊗k} + c_k(2) e2^{⊗k}.
        let rows: [[Double]] = [[1.5, 1.5, 0, 0, 0, 0.7], [-1.5, -1.5, 0, 0, 0, -0.7], [-1, 0, 0.8, 0, 0, -0.3]]
        let model = TaskResult(arrays: ["particles": NDArray(shape: [3, 6], values: rows.flatMap { $0 })])
        let p = parameters(of: kind, ["active_quantile": .number(0), "seed": .number(4)])
        let result = try run(kind, p, inputs: ["model": model])
        func c(_ k: Int, _ a: Double, _ r: Double, _ b: Double) -> Double {
            // He_k(z)/√k! for k = 1, 2, 3.
            func he(_ z: Double) -> Double {
                switch k {
                case 1: return z
                case 2: return (z * z - 1) / 2.0.squareRoot()
                default: return (z * z * z - 3 * z) / 6.0.squareRoot()
                }
            }
            return a * gaussianExpectation { tanh(r * $0 + b) * he($0) }
        }
        let first = (1...3).map { c($0, 1, 1.5, 0.7) }, second = (1...3).map { c($0, -1.0 / 3, 0.8, -0.3) }
        let expectedC1 = (first[0] * first[0] + second[0] * second[0]).squareRoot()
        let expectedC2 = [abs(first[1]), abs(second[1])].sorted(by: >) + [0, 0]
        let expectedC3 = [abs(first[2]), abs(second[2])].sorted(by: >) + [0, 0]
        // |f| ≤ 4/3: every per-sample value has variance ≤ 16/9 · (its Hermite norm 1) → 5 s.e. ≤ 5·(4/3)/√1e5 ≈ 0.021.
        let tolerance = 0.021
        let c1 = try #require(result.arrays["spectrum_c1"]).values
        let c2 = try #require(result.arrays["spectrum_c2"]).values, c3 = try #require(result.arrays["spectrum_c3"]).values
        #expect(c1.count == 1 && c2.count == 4 && c3.count == 4)
        #expect(abs(c1[0] - expectedC1) < tolerance, "‖C1‖ \(c1[0]) vs \(expectedC1)")
        for i in 0..<4 {
            #expect(abs(c2[i] - expectedC2[i]) < tolerance, "C2[\(i)] \(c2[i]) vs \(expectedC2[i])")
            #expect(abs(c3[i] - expectedC3[i]) < tolerance, "C3[\(i)] \(c3[i]) vs \(expectedC3[i])")
        }
        let expectedValues = [expectedC1] + expectedC2 + expectedC3
        #expect(expectedValues.allSatisfy { abs($0 - 0.1) > tolerance }, "a value is too near τ for the test: \(expectedValues)")
        #expect(result.scalars["atom_count"] == Double(expectedValues.filter { $0 > 0.1 }.count))
        #expect(result.scalars["atom_count"] == 3)
        #expect(result.scalars["raw_cluster_count"] == 2 && result.scalars["active_neuron_count"] == 3)
        let again = try run(kind, p, inputs: ["model": model])
        #expect(again.arrays.allSatisfy { $0.value.isBitIdentical(to: result.arrays[$0.key]!) } && again.scalars == result.scalars)
        // Only the largest |a| active: the two ±neuron-1 particles, one cluster.
        let top = try run(kind, parameters(of: kind, ["active_quantile": .number(0.5), "mc_samples": .number(10)]), inputs: ["model": model])
        #expect(top.scalars["raw_cluster_count"] == 1 && top.scalars["active_neuron_count"] == 2)
        let wrong = TaskResult(arrays: ["particles": NDArray(shape: [3, 2], values: [Double](repeating: 1, count: 6))])
        #expect(throws: TaskFailure.self) { try run(kind, p, inputs: ["model": wrong]) }
    }
}
