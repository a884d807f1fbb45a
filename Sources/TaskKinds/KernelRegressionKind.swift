import Kernels
import LinearAlgebra
import Pipeline

/// `kernel.krr`: GP regression / kernel ridge regression with an NNGP kernel:
/// predictive mean and variance on the test set, train and test errors.
struct KernelRegressionKind: TaskKind {
    let name = "kernel.krr"
    let version = 1
    let summary = "kernel ridge (GP) regression with an NNGP kernel: α = (K + λI)⁻¹y by Cholesky; test error is the mean squared deviation of the posterior mean from the (noiseless) test labels"
    let inputs = ["data"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters = KernelParameters.specs + [
        ParameterSpec("ridge", .number(minimum: 0, maximum: nil), "ridge λ (the GP's noise variance)"),
    ]

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let data = try request.input("data")
        let kernel = try KernelParameters.kernel(p)
        let (x, y) = try DataInputs.training(p, data)
        let xt = try data.array("test_inputs").matrix("test_inputs")
        let yt = try data.array("test_labels").values
        let model: KernelRidgeRegression
        do { model = try KernelRidgeRegression(trainGram: kernel.gram(x), labels: y, ridge: p.double("ridge")) } catch {
            throw TaskFailure("kernel ridge regression failed (\(error)); increase ridge")
        }
        let cross = kernel.gram(xt, x)
        let mean = model.predictMean(crossGram: cross)
        let variance = model.predictVariance(crossGram: cross, testDiagonal: kernel.diagonal(xt))
        let testError = zip(mean, yt).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(yt.count)
        let train = model.trainPredictions
        let trainError = zip(train, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(y.count)
        return TaskResult(arrays: [
            "test_mean": NDArray(mean),
            "test_variance": NDArray(variance),
        ], scalars: [
            "test_error": testError,
            "train_error": trainError,
            "mean_predictive_variance": variance.reduce(0, +) / Double(variance.count),
            "log_marginal_likelihood": model.logMarginalLikelihood,
            "train_count": Double(y.count),
        ])
    }
}
