import Foundation
import LinearAlgebra
import Pipeline
import TaskKinds
import Testing
import TestSupport

/// `stats.feature_geometry` on synthetic chain kernels.
@Suite("stats.feature_geometry")
struct FeatureGeometryKindTests {
    let kind = StandardRegistry.registry["stats.feature_geometry"]!
    let x: [[Double]] = [[1, 0.5], [0.2, -1], [-0.7, 0.3], [0.4, 0.9]]
    let y: [Double] = [1, -1, -1, 1]

    func parameters(width: Int, variance: Double = 2) -> TaskParameters {
        TaskParameters(JSONObject(uniqueMembers: [("activation", .string("linear")), ("width", .number(Double(width))),
                                                  ("readin_variance", .number(variance))]))
    }

    func data() -> TaskResult {
        TaskResult(arrays: ["train_inputs": NDArray(shape: [4, 2], values: x.flatMap { $0 }), "train_labels": NDArray(y)])
    }

    /// The linear NNGP kernel σ² x·x′/D times `factor`.
    func linearGram(_ factor: Double, variance: Double = 2) -> [Double] {
        x.flatMap { a in x.map { b in factor * variance * zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } / 2 } }
    }

    @Test("chains equal to the NNGP kernel give zero shifts; scaled kernels give N·(factor − 1)·d0² with the chain standard error")
    func shifts() throws {
        let exact = TaskResult(arrays: ["chain_hidden_kernel_means": NDArray(shape: [2, 4, 4], values: linearGram(1) + linearGram(1))])
        let r0 = try kind.run(TaskRequest(parameters: parameters(width: 50), inputs: ["model": exact, "data": data()], context: TaskContext()))
        #expect(abs(r0.scalars["scaled_distance_shift"]!) < 1e-12 && abs(r0.scalars["scaled_separation_shift"]!) < 1e-12)
        #expect(r0.scalars["scaled_distance_shift_se"] == 0)
        // d0² by hand: centroids of classes {0, 3} and {1, 2} in the features √(σ²/D) x.
        let c = { (i: Int, j: Int) in (0..<2).map { (x[i][$0] + x[j][$0]) / 2 } }
        let cp = c(0, 3), cm = c(1, 2)
        let d0 = zip(cp, cm).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } * 2 / 2
        #expect(isClose(r0.scalars["nngp_centroid_distance"]!, d0, relative: 1e-13))

        let scaled = TaskResult(arrays: ["chain_hidden_kernel_means": NDArray(shape: [2, 4, 4], values: linearGram(1.1) + linearGram(1.3))])
        let r = try kind.run(TaskRequest(parameters: parameters(width: 50), inputs: ["model": scaled, "data": data()], context: TaskContext()))
        #expect(isClose(r.scalars["scaled_distance_shift"]!, 50 * 0.2 * d0, relative: 1e-12))
        // Two chains at 1.1 d0 and 1.3 d0: standard error 0.1 d0, times N.
        #expect(isClose(r.scalars["scaled_distance_shift_se"]!, 50 * 0.1 * d0, relative: 1e-12))
        // A uniform rescaling leaves the separation unchanged.
        #expect(abs(r.scalars["scaled_separation_shift"]!) < 1e-10)
        #expect(r.scalars["scaled_radius_shift"]! > 0)
    }

    @Test("no hidden kernel, or a class missing from the training rows, is a clear error")
    func errors() throws {
        let none = #expect(throws: TaskFailure.self) {
            try kind.run(TaskRequest(parameters: parameters(width: 5), inputs: ["model": TaskResult(), "data": data()], context: TaskContext()))
        }
        #expect(none.map { "\($0)".contains("record_hidden_kernel: true") } == true)
        var oneClass = data()
        oneClass.arrays["train_labels"] = NDArray([1, 1, 1, 1])
        let model = TaskResult(arrays: ["chain_hidden_kernel_means": NDArray(shape: [1, 4, 4], values: linearGram(1))])
        let missing = #expect(throws: TaskFailure.self) {
            try kind.run(TaskRequest(parameters: parameters(width: 5), inputs: ["model": model, "data": oneClass], context: TaskContext()))
        }
        #expect(missing.map { "\($0)".contains("must contain both classes") } == true)
        #expect(throws: TaskParameterError.self) { try kind.validate(parameters(width: 5, variance: 0)) }
    }
}
