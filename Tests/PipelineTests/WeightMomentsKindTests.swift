import Foundation
import Pipeline
import TaskKinds
import Testing
import TestSupport

/// `stats.weight_moments` on synthetic per-chain moments with known answers.
@Suite("stats.weight_moments")
struct WeightMomentsKindTests {
    let kind = StandardRegistry.registry["stats.weight_moments"]!

    func parameters(_ sv: Double, _ sw: Double) -> TaskParameters {
        TaskParameters(JSONObject(uniqueMembers: [("readin_variance", .number(sv)), ("readout_variance", .number(sw))]))
    }

    /// Chain c: ⟨w²⟩ = sw(1 + δ_c), cross = c_c·u, second = sv I + s_c u uᵀ, inter = ι_c.
    func model(sv: Double, sw: Double, deltas: [Double], crosses: [Double], spikes: [Double], inters: [Double], u: [Double]) -> TaskResult {
        let d = u.count, chains = deltas.count
        var second: [Double] = []
        for c in 0..<chains {
            for a in 0..<d { for b in 0..<d { second.append((a == b ? sv : 0) + spikes[c] * u[a] * u[b]) } }
        }
        return TaskResult(arrays: [
            "chain_readout_square": NDArray(deltas.map { sw * (1 + $0) }),
            "chain_readout_readin": NDArray(shape: [chains, d], values: crosses.flatMap { c in u.map { c * $0 } }),
            "chain_readin_second": NDArray(shape: [chains, d, d], values: second),
            "chain_inter_neuron": NDArray(inters),
        ])
    }

    @Test("displacement, alignment, spike and inter-unit correlation with chain standard errors")
    func knownMoments() throws {
        let u: [Double] = [0.6, 0, 0.8]
        let m = model(sv: 2, sw: 0.5, deltas: [0.1, 0.2, 0.3], crosses: [0.4, 0.5, 0.6], spikes: [1, 1.5, 2], inters: [-0.01, -0.02, -0.03], u: u)
        let r = try kind.run(TaskRequest(parameters: parameters(2, 0.5), inputs: ["model": m], context: TaskContext()))
        let se = (0.01 / 3).squareRoot()  // values 0.1, 0.2, 0.3: sample variance 0.01
        #expect(isClose(r.scalars["readout_displacement"]!, 0.2, relative: 1e-12))
        #expect(isClose(r.scalars["readout_displacement_se"]!, se, relative: 1e-10))
        #expect(isClose(r.scalars["cross_norm"]!, 0.5, relative: 1e-12))
        #expect(isClose(r.scalars["cross_norm_se"]!, se, relative: 1e-10))
        #expect(isClose(r.scalars["spike"]!, 1.5, relative: 1e-12))
        #expect(isClose(r.scalars["spike_se"]!, (0.25 / 3).squareRoot(), relative: 1e-10))
        let vector = r.arrays["spike_vector"]!.values
        #expect(isClose(abs(zip(vector, u).reduce(0) { $0 + $1.0 * $1.1 }), 1, relative: 1e-12))
        #expect(isClose(r.scalars["inter_neuron"]!, -0.02, relative: 1e-12))
        #expect(r.arrays["cross_vector"]!.values.enumerated().allSatisfy { isClose($1, 0.5 * u[$0], relative: 1e-12, absolute: 1e-15) })
    }

    @Test("a run without weight moments and bad variances are clear errors")
    func errors() throws {
        let error = #expect(throws: TaskFailure.self) {
            try kind.run(TaskRequest(parameters: parameters(1, 1), inputs: ["model": TaskResult()], context: TaskContext()))
        }
        #expect(error.map { "\($0)".contains("record_weight_moments: true") } == true)
        for (sv, sw, name) in [(0.0, 1.0, "readin_variance"), (1.0, -1.0, "readout_variance")] {
            let e = #expect(throws: TaskParameterError.self) { try kind.validate(parameters(sv, sw)) }
            #expect(e?.parameter == name)
        }
    }
}
