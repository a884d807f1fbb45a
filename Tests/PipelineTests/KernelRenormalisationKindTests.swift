import Foundation
import Pipeline
import TaskKinds
import Testing

/// `data.clusters` and `theory.kernel_renormalisation` through the standard registry.
@Suite("Clusters data and kernel-renormalisation task kinds")
struct KernelRenormalisationKindTests {
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

    private func clusters(trainCount: Int = 40) throws -> TaskResult {
        let kind = try kind("data.clusters")
        return try run(kind, parameters(of: kind, ["dimension": .number(8), "separation": .number(1.5), "train_count": .number(Double(trainCount)),
                                                   "test_count": .number(15), "seed": .number(2)]))
    }

    @Test func clustersStoreTheArraysOtherKindsRead() throws {
        let data = try clusters()
        #expect(data.arrays.keys.sorted() == ["teacher_direction", "test_inputs", "test_labels", "train_inputs", "train_labels"])
        #expect(data.arrays["train_inputs"]?.shape == [40, 8] && data.arrays["test_inputs"]?.shape == [15, 8])
        #expect(data.arrays["train_labels"]!.values.reduce(0, +) == 0)
        #expect(data.arrays["test_labels"]!.values.reduce(0, +) == 1)      // odd count: one +1 more
        #expect(data.arrays["teacher_direction"]!.values == [1, 0, 0, 0, 0, 0, 0, 0])
        let small = try clusters(trainCount: 10)
        #expect(small.arrays["train_inputs"]!.values == Array(data.arrays["train_inputs"]!.values[0..<80]))
        let kind = try kind("data.clusters")
        do {
            try kind.validate(parameters(of: kind, ["dimension": .number(3), "separation": .number(-1), "train_count": .number(4), "seed": .number(0)]))
            Issue.record("a negative separation must be refused")
        } catch let error as TaskParameterError {
            #expect(error.parameter == "separation")
        }
    }

    @Test func kernelRenormalisationStoresDefinedStatistics() throws {
        let kind = try kind("theory.kernel_renormalisation")
        #expect(kind.inputs == ["data"] && kind.reproducibility == .bitIdentical)
        let data = try clusters()
        let p = parameters(of: kind, ["width": .number(20), "temperature": .number(0.2), "train_count": .number(30),
                                      "non_gaussian_samples": .number(500), "seed": .number(1)])
        let r = try run(kind, p, inputs: ["data": data])
        for name in ["order_parameter", "saddle_residual", "alpha", "readout_second_moment", "label_direction_norm", "readin_spike_eigenvalue",
                     "inter_neuron_connected_correlation", "gibbs_error", "nngp_centroid_distance", "gaussian_centroid_shift",
                     "gaussian_separation", "nongaussian_centroid_shift", "nongaussian_centroid_shift_stderr", "nongaussian_separation_stderr"] {
            #expect(r.scalars[name]?.isFinite == true, "\(name)")
        }
        #expect(r.scalars["alpha"] == 1.5 && r.scalars["train_rows_used"] == 30)
        #expect(abs(r.scalars["saddle_residual"]!) < 1e-12)
        #expect(r.scalars["readout_second_moment"] == r.scalars["order_parameter"])
        #expect(r.arrays["test_mean"]?.shape == [15] && r.arrays["readout_readin_alignment"]?.shape == [8])
        #expect(r.arrays["feature_kernel_gaussian"]?.shape == [30, 30] && r.arrays["feature_kernel_nongaussian"]?.shape == [30, 30])
        for key in ["model", "kernels", "saddle_point", "predictor", "weights", "class_geometry", "closures", "reconstructed"] {
            #expect(r.attributes[key] != nil, "attribute \(key)")
        }
        // Deterministic, and the matrices are optional.
        let again = try run(kind, p, inputs: ["data": data])
        #expect(again.scalars == r.scalars && again.arrays.allSatisfy { $0.value.isBitIdentical(to: r.arrays[$0.key]!) })
        var lean = p
        lean.values["store_feature_kernel"] = .bool(false)
        lean.values["non_gaussian_samples"] = .number(0)
        let small = try run(kind, lean, inputs: ["data": data])
        #expect(small.arrays["feature_kernel_gaussian"] == nil && small.scalars["nongaussian_centroid_shift"] == nil)
        #expect(small.scalars["gaussian_centroid_shift"] == r.scalars["gaussian_centroid_shift"])
        // Linear: the two closures coincide.
        var linear = p
        linear.values["activation"] = .string("linear")
        let l = try run(kind, linear, inputs: ["data": data])
        #expect(abs(l.scalars["nongaussian_centroid_shift"]! - l.scalars["gaussian_centroid_shift"]!) < 1e-9 * abs(l.scalars["gaussian_centroid_shift"]!))
    }

    @Test func kernelRenormalisationNamesBadParameters() throws {
        let kind = try kind("theory.kernel_renormalisation")
        let base: [String: JSONValue] = ["width": .number(10), "temperature": .number(0.5)]
        for (name, value) in [("temperature", 0.0), ("lambda0", 0.0), ("lambda1", 0.0), ("non_gaussian_samples", 1.0)] {
            var overrides = base
            overrides[name] = .number(value)
            do {
                try kind.validate(parameters(of: kind, overrides))
                Issue.record("expected an error for \(name) = \(value)")
            } catch let error as TaskParameterError {
                #expect(error.parameter == name, "\(error)")
            }
        }
        // Negative values are refused by the parameter types already.
        #expect(kind.parameters.first { $0.name == "temperature" }!.problem(with: .number(-1)) != nil)
        let data = try clusters()
        for (count, fragment) in [(1, "both classes"), (41, "exceeds")] {
            var overrides = base
            overrides["train_count"] = .number(Double(count))
            overrides["non_gaussian_samples"] = .number(0)
            do {
                _ = try run(kind, parameters(of: kind, overrides), inputs: ["data": data])
                Issue.record("expected an error for train_count = \(count)")
            } catch let error as TaskFailure {
                #expect(error.message.contains("train_count") && error.message.contains(fragment), "\(error.message)")
            }
        }
    }
}
