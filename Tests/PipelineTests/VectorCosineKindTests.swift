import Foundation
import Pipeline
import TaskKinds
import Testing
import TestSupport

@Suite("stats.vector_cosine")
struct VectorCosineKindTests {
    let kind = StandardRegistry.registry["stats.vector_cosine"]!

    func run(_ a: [Double], _ b: [Double]) throws -> TaskResult {
        let p = TaskParameters(JSONObject(uniqueMembers: [("a_output", .string("u")), ("b_output", .string("v"))]))
        return try kind.run(TaskRequest(parameters: p, inputs: ["a": TaskResult(arrays: ["u": NDArray(a)]), "b": TaskResult(arrays: ["v": NDArray(b)])],
                                        context: TaskContext()))
    }

    @Test("cosine and norms by hand; errors for mismatched lengths and zero vectors")
    func cosine() throws {
        let r = try run([3, 4, 0], [0, 4, 3])
        #expect(isClose(r.scalars["cosine"]!, 16.0 / 25, relative: 1e-15))
        #expect(r.scalars["norm_a"] == 5 && r.scalars["norm_b"] == 5)
        #expect(isClose(try run([1, -1], [-2, 2]).scalars["cosine"]!, -1, relative: 1e-15))
        #expect(throws: TaskFailure.self) { try run([1, 2], [1, 2, 3]) }
        #expect(throws: TaskFailure.self) { try run([0, 0], [1, 2]) }
    }
}
