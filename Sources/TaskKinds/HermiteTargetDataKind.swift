import Datasets
import LinearAlgebra
import Pipeline

/// `data.hermite_target`: Gaussian inputs and a sparse Hermite dictionary target
/// `Σ_s c_s He_{k_s}(u_s·x)/√k_s!` along orthonormal directions, with an optional Hermite tail along
/// `u_1` and nested training sets (see `HermiteTargetTask`).
struct HermiteTargetDataKind: TaskKind {
    let name = "data.hermite_target"
    let version = 1
    let summary = "Gaussian inputs x ~ N(0, I_d), target Σ_s c_s He_{k_s}(u_s·x)/√k_s! along orthonormal u_s (Gram–Schmidt of seeded Gaussians, or the coordinate axes) plus an optional tail Σ_{k=K..K'} k⁻² He_k(u_1·x)/√k!, label noise on the training set only; test labels are noiseless. Training rows are nested: the first P rows do not depend on train_count."
    let inputs: [String] = []
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("dimension", .integer(minimum: 1, maximum: 100_000), "input dimension d"),
        ParameterSpec("coefficients", .numberArray, "the atoms' coefficients c_s (1 ≤ S ≤ d of them)"),
        ParameterSpec("degrees", .integerArray, "the atoms' Hermite degrees k_s ≥ 0, one per coefficient"),
        ParameterSpec("axis_aligned", .boolean, default: .bool(false), "use the coordinate axes e_1 … e_S as directions instead of random orthonormal ones"),
        ParameterSpec("tail_from", .integer(minimum: 0, maximum: HermiteTargetTask.maximumDegree), default: .number(0),
                      "first degree K of the tail k⁻² He_k(u_1·x)/√k! (0 with tail_to = 0: no tail)"),
        ParameterSpec("tail_to", .integer(minimum: 0, maximum: HermiteTargetTask.maximumDegree), default: .number(0),
                      "last degree K' of the tail (0: no tail)"),
        ParameterSpec("train_count", .integer(minimum: 1, maximum: 10_000_000), "number of training examples"),
        ParameterSpec("test_count", .integer(minimum: 1, maximum: 10_000_000), default: .number(1000), "number of test examples"),
        ParameterSpec("noise_std", .number(minimum: 0, maximum: nil), default: .number(0), "standard deviation of the Gaussian label noise (training labels only)"),
        ParameterSpec("seed", .integer(minimum: 0, maximum: nil), "random seed"),
    ]

    func validate(_ p: TaskParameters) throws {
        try DataInputs.validating(names: Self.parameterName) { _ = try task(p) }
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let task = try self.task(request.parameters)
        let (data, directions) = task.generate()
        return TaskResult(arrays: [
            "train_inputs": NDArray(data.trainInputs),
            "train_labels": NDArray(data.trainLabels),
            "test_inputs": NDArray(data.testInputs),
            "test_labels": NDArray(data.testLabels),
            "directions": NDArray(directions),
            "relevant_subspace": NDArray(directions),
            "coefficients": NDArray(task.coefficients),
            "degrees": NDArray(task.degrees.map(Double.init)),
        ], scalars: [
            "tail_energy": task.tailEnergy,
            "signal_energy": task.signalEnergy,
            "atom_count": Double(task.atomCount),
            "dimension": Double(task.dimension),
        ], attributes: [
            "description": "rows of *_inputs are examples; labels Σ_s c_s He_{k_s}(u_s·x)/√k_s! (u_s = rows of directions) plus tail Σ_{k=tail_from..tail_to} k⁻² He_k(u_1·x)/√k!; train labels carry noise of std noise_std, test labels are noiseless; relevant_subspace repeats directions for stats.alignment",
            "energies": "tail_energy = Σ_k k⁻⁴ (the tail's L² norm squared); signal_energy = E[f*²], the noiseless target's L² norm squared (atoms and tail)",
        ])
    }

    /// The science task for the parameters.
    private func task(_ p: TaskParameters) throws -> HermiteTargetTask {
        try HermiteTargetTask(dimension: p.int("dimension"), coefficients: p.doubles("coefficients"), degrees: p.ints("degrees"),
                              axisAligned: p.bool("axis_aligned"), tailFrom: p.int("tail_from"), tailTo: p.int("tail_to"),
                              trainCount: p.int("train_count"), testCount: p.int("test_count"),
                              noiseStd: p.double("noise_std"), seed: p.seed())
    }

    /// Manifest names of the science type's parameters.
    private static let parameterName = [
        "dimension": "dimension", "coefficients": "coefficients", "degrees": "degrees", "tailFrom": "tail_from",
        "tailTo": "tail_to", "trainCount": "train_count", "testCount": "test_count", "noiseStd": "noise_std",
    ]
}
