import Foundation
import Pipeline
import TaskKinds
import Testing
import TestSupport

/// `stats.neuron_projection` on hand-made particle sets with known directions.
@Suite("stats.neuron_projection")
struct NeuronProjectionKindTests {
    let kind = StandardRegistry.registry["stats.neuron_projection"]!

    func run(_ rows: [[Double]], directions: [[Double]], quantile: Double = 0) throws -> TaskResult {
        let model = TaskResult(arrays: ["particles": NDArray(shape: [rows.count, rows[0].count], values: rows.flatMap { $0 })])
        let data = TaskResult(arrays: ["directions": NDArray(shape: [directions.count, directions[0].count], values: directions.flatMap { $0 })])
        let p = TaskParameters(JSONObject(uniqueMembers: [("active_quantile", .number(quantile))]))
        return try kind.run(TaskRequest(parameters: p, inputs: ["model": model, "data": data], context: TaskContext()))
    }

    @Test("cosines with the target directions, ordered by |a|, and the in-subspace fraction")
    func cosines() throws {
        // Rows (a, w1, w2, w3, b); directions e1, e2 of R³.
        let rows: [[Double]] = [[0.5, 3, 4, 0, 0.1], [-2, 0, 0, 2, 0], [1, 1, 1, 1, -0.3], [0.1, 0, 0, 0, 1]]
        let r = try run(rows, directions: [[1, 0, 0], [0, 1, 0]])
        // Active (quantile 0): every neuron with w ≠ 0, by decreasing |a|: rows 1, 2, 0.
        #expect(r.arrays["readout_magnitude"]!.values == [2, 1, 0.5])
        let s3 = 1 / 3.0.squareRoot()
        #expect(zip(r.arrays["projection_1"]!.values, [0, s3, 0.6]).allSatisfy { isClose($0, $1, relative: 1e-14, absolute: 1e-15) })
        #expect(zip(r.arrays["projection_2"]!.values, [0, s3, 0.8]).allSatisfy { isClose($0, $1, relative: 1e-14, absolute: 1e-15) })
        #expect(r.arrays["projection_3"] == nil)
        #expect(isClose(r.scalars["subspace_fraction"]!, (0 + 2.0 / 3 + 1) / 3, relative: 1e-14))
        #expect(r.scalars["active_count"] == 3)
        // Quantile 0.75 of |a| = (0.1, 0.5, 1, 2): order statistic ⌊0.75·3⌋ = 2, i.e. |a| ≥ 1.
        let upper = try run(rows, directions: [[1, 0, 0], [0, 1, 0]], quantile: 0.75)
        #expect(upper.arrays["readout_magnitude"]!.values == [2, 1])
    }

    @Test("directions of another dimension or none at all are clear errors")
    func badData() throws {
        let rows: [[Double]] = [[1, 1, 0, 0]]
        let error = #expect(throws: TaskFailure.self) { try run(rows, directions: [[1, 0, 0]]) }
        #expect(error.map { "\($0)".contains("directions have dimension 3 but the model's inputs 2") } == true)
        let model = TaskResult(arrays: ["particles": NDArray(shape: [1, 4], values: [1, 1, 0, 0])])
        let p = TaskParameters(JSONObject(uniqueMembers: [("active_quantile", .number(0.5))]))
        let missing = #expect(throws: TaskFailure.self) {
            try kind.run(TaskRequest(parameters: p, inputs: ["model": model, "data": TaskResult()], context: TaskContext()))
        }
        #expect(missing.map { "\($0)".contains("no directions array") } == true)
    }
}
