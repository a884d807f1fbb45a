import LinearAlgebra
import Pipeline
import Theory

/// `stat.hidden_kernel`: the hidden-layer kernel measured by SGLD, projected on the label direction and
/// on its orthogonal complement, relative to the prior (NNGP) kernel.
struct HiddenKernelStatisticKind: TaskKind {
    let name = "stat.hidden_kernel"
    let version = 1
    let summary = "directional adaptation measured on SGLD samples: yᵀ⟨C⟩y / yᵀKy and tr(P⊥⟨C⟩)/tr(P⊥K), ⟨C⟩ = (1/N)⟨φ(H)φ(H)ᵀ⟩ over chains and kept samples, K = E_prior[φφ] (C⁰ for the linear network); chain-to-chain standard errors"
    let inputs = ["data", "sgld"]
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("activation", .string(allowed: ["linear", "relu", "erf", "tanh"]), default: .string("linear"),
                      "φ of the sampled network (for the prior kernel K)"),
        ParameterSpec("readin_variance", .number(minimum: 0, maximum: nil), default: .number(1), "g_v of the sampled network: K from v ~ N(0, g_v/D)"),
        ParameterSpec("train_count", .integer(minimum: 0, maximum: nil), default: .number(0), "the train_count of the SGLD task"),
    ]

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let (x, y) = try DataInputs.training(p, try request.input("data"))
        let sgld = try request.input("sgld")
        guard let chains = sgld.arrays["chain_hidden_kernel_means"] else {
            throw TaskFailure("the sgld input has no chain_hidden_kernel_means: set record_hidden_kernel to true on that task")
        }
        let pCount = x.rows
        guard chains.shape.count == 3, chains.shape[1] == pCount, chains.shape[2] == pCount else {
            throw TaskFailure("chain_hidden_kernel_means has shape \(chains.shape); expected [chains, \(pCount), \(pCount)] for the \(pCount) training rows")
        }
        let prior = try KernelParameters.priorKernel(activation: p.string("activation"), readinVariance: p.double("readin_variance"), inputs: x)
        let count = chains.shape[0]
        var perChain: [HiddenKernelRatios] = []
        var mean = [Double](repeating: 0, count: pCount * pCount)
        for c in 0..<count {
            let slice = Array(chains.values[(c * pCount * pCount)..<((c + 1) * pCount * pCount)])
            for i in mean.indices { mean[i] += slice[i] / Double(count) }
            perChain.append(try HiddenKernelRatios(kernel: Matrix(rows: pCount, cols: pCount, values: slice), prior: prior, labels: y))
        }
        let overall = try HiddenKernelRatios(kernel: Matrix(rows: pCount, cols: pCount, values: mean), prior: prior, labels: y)
        func standardError(_ values: [Double]) -> Double {
            guard values.count > 1 else { return .nan }
            let m = values.reduce(0, +) / Double(values.count)
            return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1) / Double(values.count)).squareRoot()
        }
        return TaskResult(arrays: [
            "chain_kernel_task_ratio": NDArray(perChain.map(\.task)),
            "chain_kernel_orthogonal_ratio": NDArray(perChain.map(\.orthogonal)),
        ], scalars: [
            "kernel_task_ratio": overall.task, "kernel_orthogonal_ratio": overall.orthogonal,
            "kernel_task_ratio_se": standardError(perChain.map(\.task)),
            "kernel_orthogonal_ratio_se": standardError(perChain.map(\.orthogonal)),
        ])
    }
}
