import Kernels
import Pipeline

/// `theory.ridge_learning_curve`: the large-d closed form of the Bayes-optimal
/// learning curve of linear (GP) regression, an independent reference for
/// `kernel.krr` with a linear kernel on a linear teacher.
struct RidgeLearningCurveKind: TaskKind {
    let name = "theory.ridge_learning_curve"
    let version = 1
    let summary = "large-d Bayes-optimal learning curve of linear regression (Sollich; Krogh & Hertz): ε(α) solves ε² + (σ² + s(α − 1))·ε − s·σ² = 0 for signal variance s and noise variance σ², α = P/d"
    let inputs: [String] = []
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("dimension", .integer(minimum: 1, maximum: nil), "input dimension d"),
        ParameterSpec("train_count", .integer(minimum: 0, maximum: nil), "number of training examples P"),
        ParameterSpec("noise_variance", .number(minimum: 0, maximum: nil), "label-noise variance σ² (= the ridge)"),
        ParameterSpec("signal_variance", .number(minimum: 0, maximum: nil), default: .number(1), "prior variance s of the target function"),
    ]

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let alpha = Double(p.int("train_count")) / Double(p.int("dimension"))
        let e = RidgeLearningCurve.bayesOptimalLinear(alpha: alpha, noiseVariance: p.double("noise_variance"),
                                                      signalVariance: p.double("signal_variance"))
        return TaskResult(scalars: ["test_error": e, "alpha": alpha])
    }
}
