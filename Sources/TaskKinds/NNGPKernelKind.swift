import Kernels
import LinearAlgebra
import Pipeline

/// `kernel.nngp`: the NNGP Gram matrices of a data set (train × train,
/// test × train, test diagonal). Stores O(P²) numbers: meant for small P.
struct NNGPKernelKind: TaskKind {
    let name = "kernel.nngp"
    let version = 1
    let summary = "NNGP kernel of a two-layer network (linear, ReLU arc-cosine, erf in closed form; any activation by 2-D Gauss–Hermite quadrature) on a data set's inputs"
    let inputs = ["data"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters = KernelParameters.specs

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let data = try request.input("data")
        let kernel = try KernelParameters.kernel(p)
        let (x, _) = try DataInputs.training(p, data)
        let xt = try data.array("test_inputs").matrix("test_inputs")
        return TaskResult(arrays: [
            "train_gram": NDArray(kernel.gram(x)),
            "test_train_gram": NDArray(kernel.gram(xt, x)),
            "test_diagonal": NDArray(kernel.diagonal(xt)),
        ])
    }
}
