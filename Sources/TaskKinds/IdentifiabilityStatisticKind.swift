import LinearAlgebra
import Networks
import Pipeline

/// `stats.identifiability`: the identifiability test of the μP mean-field paper (claim 2, Figure 3).
/// From a trained particle set `Θ` of `f_Θ(x) = (1/N) Σ a_i tanh(w_i·x + b_i)` it builds four images
/// `Θ′` — `sign_flip` (a random half negated, rows permuted: the same function), `duplicate`
/// (`Θ ⊕ Θ`: the same function), `perturbed` (Gaussian noise at a prescribed raw W2) and
/// `independent` (the `other` input, an independently trained network) — and stores for each the
/// relative function distance `‖f_Θ − f_Θ′‖/‖f_Θ‖` in `L²(N(0, I_d))` (Monte Carlo, common inputs),
/// the raw W2 between the empirical measures and the W2 modulo the sign symmetry (see
/// `ParticleDistances`, `ParticleImages`).
///
/// Both inputs store their particles as `particles` `[N, d + 2]`, rows `[a, w_1 … w_d, b]`.
struct IdentifiabilityStatisticKind: TaskKind {
    let name = "stats.identifiability"
    let version = 1
    let summary = "identifiability modulo symmetry of a mean-field tanh network f = (1/N) Σ a tanh(w·x + b): for the sign-flip + permutation image, the duplicate Θ ⊕ Θ, a random perturbation at a given raw W2 and an independently trained network, the relative L2(N(0, I)) function distance, the raw W2 (exact assignment) and the W2 modulo θ → −θ"
    let inputs = ["model", "other"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("mc_samples", .integer(minimum: 1, maximum: 10_000_000), default: .number(20_000),
                      "Gaussian inputs x ~ N(0, I_d) of the Monte-Carlo L2 norms (common to all images)"),
        ParameterSpec("perturbation_w2", .number(minimum: 0, maximum: nil), default: .number(0),
                      "raw W2 of the random perturbation; 0 uses the raw W2 of the sign-flip image"),
        ParameterSpec("seed", .integer(minimum: 0, maximum: nil), "random seed (inputs, sign-flip permutation and perturbation noise use separate streams)"),
    ]

    /// The image kinds, in the order of the stored scalars.
    static let imageKinds = ["sign_flip", "duplicate", "perturbed", "independent"]

    func validate(_ p: TaskParameters) throws {
        if !p.double("perturbation_w2").isFinite { throw TaskParameterError("perturbation_w2", "must be finite") }
    }

    /// Four exact assignments of size N or 2N plus a root search of ~15 of size N, and the outputs.
    func estimatedSeconds(_ p: TaskParameters) -> Double {
        let n = 256.0
        return 3e-9 * 30 * n * n * n + 2e-8 * Double(p.int("mc_samples")) * n * 5
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let model = try Self.network(try request.input("model"), input: "model")
        let other = try Self.network(try request.input("other"), input: "other")
        guard other.inputDimension == model.inputDimension else {
            throw TaskFailure("the other network has input dimension \(other.inputDimension), the model \(model.inputDimension): the two must be trained on the same inputs")
        }
        let seed = p.seed()
        let inputs = ParticleDistances.gaussianInputs(count: p.int("mc_samples"), dimension: model.inputDimension, seed: seed)
        let reference = try model.outputs(inputs)
        let signFlip = ParticleImages.signFlippedAndPermuted(model, seed: seed)
        let signFlipRawW2 = try ParticleDistances.wasserstein2(model.particles, signFlip.particles, cost: .squaredEuclidean)
        let requested = p.double("perturbation_w2")
        let target = requested > 0 ? requested : signFlipRawW2
        request.context.progress(0.3, "perturbation at W2 = \(target)")
        let perturbation = try ParticleImages.perturbed(model, rawW2: target, seed: seed)
        let images = [signFlip, ParticleImages.duplicated(model), perturbation.network, other]

        var scalars: [String: Double] = [:]
        var norm = 0.0
        for (kind, image) in zip(Self.imageKinds, images) {
            let distance = try ParticleDistances.functionDistance(reference: reference, other: try image.outputs(inputs))
            norm = distance.referenceNorm
            guard norm > 0 else { throw TaskFailure("the model's function is zero on all \(inputs.rows) Monte-Carlo inputs: the relative distance is undefined") }
            scalars["\(kind)_function_distance"] = distance.relative
            scalars["\(kind)_raw_w2"] = kind == "sign_flip" ? signFlipRawW2
                : try ParticleDistances.wasserstein2(model.particles, image.particles, cost: .squaredEuclidean)
            scalars["\(kind)_quotient_w2"] = try ParticleDistances.wasserstein2(model.particles, image.particles, cost: .signQuotient)
        }
        scalars["model_function_norm"] = norm
        scalars["perturbation_target_w2"] = target
        scalars["perturbation_scale"] = perturbation.scale
        scalars["model_width"] = Double(model.width)
        scalars["other_width"] = Double(other.width)
        scalars["input_dimension"] = Double(model.inputDimension)
        return TaskResult(scalars: scalars, attributes: [
            "function_distance": "‖f_Θ − f_Θ′‖/‖f_Θ‖ in L2(N(0, I_d)) by Monte Carlo on mc_samples common Gaussian inputs (model_function_norm = ‖f_Θ‖)",
            "raw_w2": "W2 between the uniform empirical measures, cost |θ − θ′|², exact assignment (sizes N ≠ N′ replicated to lcm(N, N′))",
            "quotient_w2": "the same with cost min(|θ − θ′|², |θ + θ′|²): W2 modulo the sign symmetry (a, w, b) → (−a, −w, −b) of tanh",
            "images": "sign_flip: ⌊N/2⌋ random particles negated, rows permuted; duplicate: Θ ⊕ Θ (2N particles); perturbed: Θ + s·Z, Z ~ N(0, I), s set so that raw W2 = perturbation_target_w2; independent: the other input",
            "perturbation_target": requested > 0 ? "perturbation_w2" : "the raw W2 of the sign-flip image (perturbation_w2 = 0)",
        ])
    }

    /// The particle set stored in an input entry.
    /// - Throws: `TaskFailure` naming the input when `particles` is missing or malformed.
    static func network(_ entry: TaskResult, input: String) throws -> TanhParticleNetwork {
        guard let particles = entry.arrays["particles"] else {
            throw TaskFailure("the \(input) input has no array particles [N, d + 2] (rows a, w_1 … w_d, b); it has: \(entry.arrays.keys.sorted().joined(separator: ", "))")
        }
        guard particles.shape.count == 2 else {
            throw TaskFailure("the \(input) input's particles have shape \(particles.shape), expected [N, d + 2]")
        }
        do {
            return try TanhParticleNetwork(particles: Matrix(rows: particles.shape[0], cols: particles.shape[1], values: particles.values))
        } catch let error as NetworkError {
            throw TaskFailure("the \(input) input's particles: \(error)")
        }
    }
}
