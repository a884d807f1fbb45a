import Foundation
import Pipeline
import TaskKinds
import Testing
import TestSupport

/// `sgld.two_layer`'s added options (loss normalisation, aligned start, the parity check) and
/// `stats.alignment`, through the standard registry.
@Suite("sgld.two_layer options and stats.alignment")
struct SGLDOptionsAndAlignmentKindTests {
    let sgld = StandardRegistry.registry["sgld.two_layer"]!
    let alignment = StandardRegistry.registry["stats.alignment"]!

    /// The kind's defaults with `overrides` applied (as the planner resolves them).
    func parameters(_ kind: any TaskKind, _ overrides: [String: JSONValue]) -> TaskParameters {
        kind.resolved(overrides)
    }

    /// A small teacher–student data entry (D = 6, P = 24, P* = 10), optionally with parity metadata.
    func data(parityOrder: Double? = nil, subspace: Bool = false) -> TaskResult {
        var state: UInt64 = 12345
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        let d = 6, p = 24, q = 10
        let x = (0..<(p * d)).map { _ in next() }, xt = (0..<(q * d)).map { _ in next() }
        let label = { (row: ArraySlice<Double>) in row.first! + 0.5 * row.dropFirst().first! }
        let y = (0..<p).map { label(x[($0 * d)..<($0 * d + d)]) }, yt = (0..<q).map { label(xt[($0 * d)..<($0 * d + d)]) }
        var arrays: [String: NDArray] = [
            "train_inputs": NDArray(shape: [p, d], values: x), "train_labels": NDArray(y),
            "test_inputs": NDArray(shape: [q, d], values: xt), "test_labels": NDArray(yt),
        ]
        var scalars: [String: Double] = [:]
        if let k = parityOrder {
            scalars["order"] = k
            arrays["support"] = NDArray([0, 1, 2])
        }
        if subspace {
            arrays["relevant_subspace"] = NDArray(shape: [2, d], values: [1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0])
        } else if parityOrder == nil {
            arrays["teacher_direction"] = NDArray([2, 1, 0, 0, 0, 0])
        }
        return TaskResult(arrays: arrays, scalars: scalars)
    }

    func runSGLD(_ overrides: [String: JSONValue], data: TaskResult) throws -> TaskResult {
        var o: [String: JSONValue] = ["activation": .string("relu"), "width": .number(8), "step_size": .number(1e-3),
                                      "steps": .number(300), "burn_in": .number(100), "chains": .number(2), "seed": .number(4),
                                      "snapshots": .number(3), "readin_variance": .number(2)]
        for (k, v) in overrides { o[k] = v }
        let p = parameters(sgld, o)
        try sgld.validate(p)
        return try sgld.run(TaskRequest(parameters: p, inputs: ["data": data], context: TaskContext()))
    }

    @Test func theAddedParametersAreOmittedFromTheKeyAtTheirDefaults() {
        let p = parameters(sgld, ["activation": .string("relu"), "width": .number(8), "step_size": .number(1e-3),
                                  "steps": .number(300), "burn_in": .number(100), "seed": .number(4)])
        let key = sgld.keyParameters(p.values)
        let omitted = ["loss_normalization", "initialization", "aligned_scale", "record_weight_moments"]
        for name in omitted {
            #expect(p.values[name] != nil && key[name] == nil, "\(name)")
        }
        #expect(key.keys.count == p.values.keys.count - omitted.count)
        var changed = p.values
        changed["loss_normalization"] = .string("mean")
        #expect(sgld.keyParameters(changed)["loss_normalization"] == .string("mean"))
    }

    @Test func meanLossEqualsSumLossAtTemperatureTimesPBitForBit() throws {
        let d = data(), kappa = 0.05, p = 24.0
        let mean = try runSGLD(["loss_normalization": .string("mean"), "kappa": .number(kappa)], data: d)
        let sum = try runSGLD(["kappa": .number(kappa * p)], data: d)
        #expect(Set(mean.arrays.keys) == Set(sum.arrays.keys))
        for (name, a) in sum.arrays { #expect(mean.arrays[name]!.isBitIdentical(to: a), "\(name)") }
        for (name, v) in sum.scalars { #expect(mean.scalars[name]!.bitPattern == v.bitPattern, "\(name)") }
        #expect(mean.scalars["resolved_temperature"] == kappa * p)
        #expect(mean.scalars["resolved_mean_loss_points"] == p)
        #expect(isClose(mean.scalars["resolved_mean_loss_temperature"]!, kappa))
        #expect(mean.attributes["loss_convention"]!.contains("(1/2P)") && mean.attributes["loss_convention"]!.contains("P = 24"))
        #expect(sum.scalars["resolved_mean_loss_points"] == nil && !sum.attributes["loss_convention"]!.contains("1/2P"))
        // A different temperature is a different chain (the test can fail).
        let other = try runSGLD(["kappa": .number(kappa)], data: d)
        #expect(other.arrays["test_mean"]!.values != sum.arrays["test_mean"]!.values)
    }

    @Test func alignedStartNeedsASubspaceAndRecordsIt() throws {
        let aligned: [String: JSONValue] = ["initialization": .string("aligned"), "aligned_scale": .number(0.8)]
        var noSubspace = data()
        noSubspace.arrays["teacher_direction"] = nil
        let error = #expect(throws: TaskFailure.self) { try runSGLD(aligned, data: noSubspace) }
        #expect(error?.message.contains("relevant_subspace") == true, "\(String(describing: error))")
        let fromTeacher = try runSGLD(aligned, data: data())
        #expect(fromTeacher.attributes["initialization"]?.contains("teacher_direction") == true)
        #expect(fromTeacher.scalars["aligned_relevant_dimension"] == 1)
        let fromSubspace = try runSGLD(aligned, data: data(subspace: true))
        #expect(fromSubspace.scalars["aligned_relevant_dimension"] == 2)
        let prior = try runSGLD([:], data: data())
        #expect(prior.attributes["initialization"] == nil && prior.scalars["aligned_relevant_dimension"] == nil)
        #expect(prior.arrays["snapshot_readin"]!.values != fromTeacher.arrays["snapshot_readin"]!.values)
    }

    @Test func oddParityWithBiasFreeReLUIsRefused() throws {
        let error = #expect(throws: TaskFailure.self) { try runSGLD([:], data: data(parityOrder: 3)) }
        #expect(error?.message.contains("odd order k = 3") == true, "\(String(describing: error))")
        // Even order, a bias, or another activation are fine.
        _ = try runSGLD(["steps": .number(120), "snapshots": .number(0)], data: data(parityOrder: 2))
        _ = try runSGLD(["steps": .number(120), "snapshots": .number(0), "bias": .bool(true)], data: data(parityOrder: 3))
        _ = try runSGLD(["steps": .number(120), "snapshots": .number(0), "activation": .string("erf")], data: data(parityOrder: 3))
    }

    @Test func alignmentStatisticsOfAHandMadeModel() throws {
        // 2 samples × 3 neurons × D = 4; U = e₁ (see AlignmentStatisticsTests for the arithmetic).
        let model = TaskResult(arrays: [
            "snapshot_readin": NDArray(shape: [2, 3, 4], values: [1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1, 2, 0, 0, 0, 1, 0, 0, 1, 0, 0, 2, 0]),
            "snapshot_readout": NDArray(shape: [2, 3], values: [1, 1, 1, 1, 1, 1]),
            "test_mean": NDArray([0.5, -0.25]), "test_second_moment": NDArray([0.5, 0.25]),
        ], scalars: ["resolved_readin_prior_variance": 0.25])
        let d = TaskResult(arrays: ["test_labels": NDArray([1, -1]), "relevant_subspace": NDArray(shape: [1, 4], values: [1, 0, 0, 0])])
        let r = try alignment.run(TaskRequest(parameters: parameters(alignment, ["histogram_bins": .number(4), "histogram_range": .number(3)]),
                                              inputs: ["model": model, "data": d], context: TaskContext()))
        #expect(r.scalars["overlap_m"] == 0.375 && r.scalars["test_mse_mean"] == 0.40625 && r.scalars["gibbs_error"] == 0.625)
        #expect(isClose(r.scalars["anisotropy"]!, 7.0 / 3) && isClose(r.scalars["relevant_fraction"]!, 11.0 / 24))
        #expect(r.scalars["relevant_fraction_prior"] == 0.25 && isClose(r.scalars["aligned_fraction"]!, 1.0 / 3))
        let centers: [Double] = [-2.25, -0.75, 0.75, 2.25]
        #expect(r.arrays["histogram_centers"]!.values == centers)
        #expect(r.arrays["per_coordinate_second_moment"]!.shape == [4])
        // Without the model's resolved variance: readin_variance/D (σ_w² = 2 → σ_V² = 0.5 halves every second moment).
        var bare = model
        bare.scalars = [:]
        let h = try alignment.run(TaskRequest(parameters: parameters(alignment, ["readin_variance": .number(2)]),
                                              inputs: ["model": bare, "data": d], context: TaskContext()))
        #expect(h.scalars["readin_prior_variance"] == 0.5)
        #expect(isClose(h.scalars["relevant_second_moment"]!, r.scalars["relevant_second_moment"]! / 2))
        #expect(h.attributes["units"]!.contains("no resolved_readin_prior_variance"))
    }

    @Test func alignmentStatisticsOfAnSGLDEntry() throws {
        let data = data(subspace: true)
        let model = try runSGLD(["readin_variance": .number(2)], data: data)
        let r = try alignment.run(TaskRequest(parameters: parameters(alignment, [:]), inputs: ["model": model, "data": data], context: TaskContext()))
        #expect(r.scalars["relevant_fraction_prior"] == 2.0 / 6)
        #expect(r.scalars["readin_prior_variance"] == model.scalars["resolved_readin_prior_variance"])
        #expect(r.scalars["weight_samples"] == Double(2 * 3 * 8))
        #expect(r.arrays["histogram_relevant"]!.shape == [60])
        for name in ["overlap_m", "anisotropy", "relevant_fraction", "gibbs_error"] { #expect(r.scalars[name]!.isFinite, "\(name)") }
        var noSnapshots = model
        noSnapshots.arrays["snapshot_readin"] = nil
        let error = #expect(throws: TaskFailure.self) {
            try alignment.run(TaskRequest(parameters: parameters(alignment, [:]), inputs: ["model": noSnapshots, "data": data], context: TaskContext()))
        }
        #expect(error?.message.contains("snapshots") == true)
    }
}
