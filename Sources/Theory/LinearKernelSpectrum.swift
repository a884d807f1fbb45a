import LinearAlgebra

/// The input kernel of a linear network diagonalised once, with labels and test kernels projected
/// on its eigenbasis, so that the posterior given a kernel scale `ρ` is a sum over modes (O(P) per
/// `ρ` for the log-density and the per-mode averages).
///
/// With `C⁰ = (g_v/D) X Xᵀ = Q diag(λ) Qᵀ`, `ŷ = Qᵀ y`, `B = C⁰_* Q` and `s_k = g_w ρ λ_k`, the
/// Gaussian posterior of `f` given `ρ` (kernel `g_w ρ C⁰/χ`, noise `κ0/χ`) has
///
///     E[f_train | ρ] = Q (t ⊙ ŷ),          t_k = s_k/(s_k + κ0)
///     E[f_test  | ρ] = B (φ ⊙ ŷ),          φ_k = g_w ρ/(s_k + κ0)
///     Var[f_i   | ρ] = (κ0/χ) Σ_k Q_ik² t_k
///     Var[f_*j  | ρ] = (1/χ) [g_w ρ C⁰_**,j − Σ_k B_jk² g_w ρ φ_k].
///
/// Eigenvalues below `4 max(P, D) ε λ_max` (round-off of a rank-deficient `C⁰`) are set to 0 and
/// the matching columns of `B` (zero in exact arithmetic, since `C⁰ q = 0` implies `Xᵀ q = 0`) are
/// zeroed.
struct LinearKernelSpectrum: Sendable {
    /// `P`, the number of training inputs.
    let trainCount: Int
    /// `λ_k ≥ 0`, ascending.
    let eigenvalues: [Double]
    /// `Q` (P × P), eigenvectors as columns.
    let eigenvectors: Matrix
    /// `ŷ = Qᵀ y`.
    let projectedLabels: [Double]
    /// `B = C⁰_* Q` (P_test × P).
    let testProjection: Matrix
    /// `C⁰_**` diagonal: the prior input-kernel variances of the test points.
    let testPriorDiagonal: [Double]

    /// Validates the data, builds `C⁰`, `C⁰_*`, and diagonalises.
    /// - Parameters:
    ///   - trainInputs: `X`, P × D (P ≥ 1, D ≥ 1).
    ///   - labels: `y`, P values.
    ///   - testInputs: `X_*`, P_test × D (P_test may be 0).
    ///   - readinVarianceScale: `g_v`.
    /// - Throws: `TheoryError.dimensionMismatch`, `.nonFiniteInput`, `.numericalFailure`.
    init(trainInputs: Matrix, labels: [Double], testInputs: Matrix, readinVarianceScale: Double) throws {
        let p = trainInputs.rows, d = trainInputs.cols
        try TrainingDataCheck.validate(trainInputs: trainInputs, labels: labels, testInputs: testInputs)

        let scale = readinVarianceScale / Double(d)
        let c0 = scale * rowGram(trainInputs)
        let eigen: SymmetricEigen
        do {
            eigen = try SymmetricEigen(c0)
        } catch {
            throw TheoryError.numericalFailure("diagonalising the input kernel C⁰ failed: \(error)")
        }
        let largest = max(0, eigen.values.last ?? 0)
        let threshold = 4 * Double(max(p, d)) * Double.ulpOfOne * largest
        let lambda = eigen.values.map { $0 > threshold ? $0 : 0 }

        var b = Matrix(rows: testInputs.rows, cols: p)
        var diagonal = [Double](repeating: 0, count: testInputs.rows)
        if testInputs.rows > 0 {
            let cross = matmul(testInputs, trainInputs, transposeB: true, alpha: scale)
            b = matmul(cross, eigen.vectors)
            for j in 0..<b.rows {
                for k in 0..<p where lambda[k] == 0 { b.values[j * p + k] = 0 }
            }
            for j in 0..<testInputs.rows {
                var s = 0.0
                for i in 0..<d { let v = testInputs.values[j * d + i]; s += v * v }
                diagonal[j] = scale * s
            }
        }
        trainCount = p
        eigenvalues = lambda
        eigenvectors = eigen.vectors
        projectedLabels = matvec(eigen.vectors, labels, transpose: true)
        testProjection = b
        testPriorDiagonal = diagonal
    }

    /// Posterior moments of `f` after averaging the conditional Gaussian posterior over a discrete
    /// distribution of `ρ`.
    /// - Parameters:
    ///   - rhos: the support points `ρ_m > 0`.
    ///   - weights: their probabilities (non-negative, summing to 1).
    ///   - setup: the network parameters (`g_w`, `κ0`, `χ` are used).
    /// - Returns: means, variances (`E_ρ[Var(f|ρ)] + Var_ρ(E[f|ρ])`) and the moments of `ρ`;
    ///   the evidence fields are left 0 for the caller.
    func posteriorMoments(rhos: [Double], weights: [Double], setup: LinearNetworkSetup) -> LinearNetworkPrediction {
        precondition(rhos.count == weights.count && !rhos.isEmpty, "posteriorMoments: need matching, non-empty nodes and weights")
        let p = trainCount, m = rhos.count
        let gw = setup.readoutVarianceScale, kappa0 = setup.kappa0, chi = setup.chi

        var rhoMean = 0.0
        for i in 0..<m { rhoMean += weights[i] * rhos[i] }
        var rhoVariance = 0.0
        for i in 0..<m { let d = rhos[i] - rhoMean; rhoVariance += weights[i] * d * d }

        // Expectations of the per-mode functions t_k, φ_k, ξ_k = g_w ρ φ_k, and the rows of
        // √W_m (φ_k(ρ_m) − E φ_k) for the covariance of φ over ρ.
        var meanT = [Double](repeating: 0, count: p)
        var meanPhi = [Double](repeating: 0, count: p)
        var meanXi = [Double](repeating: 0, count: p)
        var phi = Matrix(rows: m, cols: p)
        for i in 0..<m {
            let g = gw * rhos[i], w = weights[i]
            for k in 0..<p {
                let denominator = g * eigenvalues[k] + kappa0
                let phiK = g / denominator
                phi.values[i * p + k] = phiK
                meanT[k] += w * (g * eigenvalues[k] / denominator)
                meanPhi[k] += w * phiK
                meanXi[k] += w * (g * phiK)
            }
        }
        var covariance: Matrix?
        if m > 1 {
            for i in 0..<m {
                let root = weights[i].squareRoot()
                for k in 0..<p { phi.values[i * p + k] = root * (phi.values[i * p + k] - meanPhi[k]) }
            }
            covariance = matmul(phi, phi, transposeA: true)
        }

        // Train: E f = Q (E t ⊙ ŷ); Var = (κ0/χ) (Q⊙Q) E t + G Cov Gᵀ with G_ik = Q_ik λ_k ŷ_k.
        let q = eigenvectors
        let trainMean = matvec(q, (0..<p).map { meanT[$0] * projectedLabels[$0] })
        let trainSpread = covariance.map { Self.quadraticForms(q, columnScale: (0..<p).map { eigenvalues[$0] * projectedLabels[$0] }, $0) }
        var trainVariance = [Double](repeating: 0, count: p)
        for i in 0..<p {
            var s = 0.0
            for k in 0..<p { let v = q.values[i * p + k]; s += v * v * meanT[k] }
            trainVariance[i] = max(0, kappa0 / chi * s + (trainSpread?[i] ?? 0))
        }

        // Test: E f_* = B (E φ ⊙ ŷ); Var = (1/χ)(g_w E ρ c_** − (B⊙B) E ξ) + H Cov Hᵀ with H_jk = B_jk ŷ_k.
        let b = testProjection, n = b.rows
        var testMean: [Double] = []
        var testVariance: [Double] = []
        if n > 0 {
            testMean = matvec(b, (0..<p).map { meanPhi[$0] * projectedLabels[$0] })
            let testSpread = covariance.map { Self.quadraticForms(b, columnScale: projectedLabels, $0) }
            testVariance = [Double](repeating: 0, count: n)
            for j in 0..<n {
                var s = 0.0
                for k in 0..<p { let v = b.values[j * p + k]; s += v * v * meanXi[k] }
                let conditional = max(0, gw * rhoMean * testPriorDiagonal[j] - s) / chi
                testVariance[j] = max(0, conditional + (testSpread?[j] ?? 0))
            }
        }
        return LinearNetworkPrediction(trainMean: trainMean, testMean: testMean,
                                       trainVariance: trainVariance, testVariance: testVariance,
                                       rhoMean: rhoMean, rhoVariance: rhoVariance,
                                       logEvidence: 0, logEvidenceGridError: 0)
    }

    /// The posterior mean of `f` given the kernel scale `ρ`: `Q (t ⊙ ŷ)` on the training inputs and
    /// `B (φ ⊙ ŷ)` on the test inputs, with `t_k = s_k/(s_k + κ0)`, `φ_k = g_w ρ/(s_k + κ0)`, `s_k = g_w ρ λ_k`.
    /// - Parameters:
    ///   - rho: `ρ > 0`.
    ///   - setup: the network parameters (`g_w`, `κ0`).
    /// - Returns: the train and test means.
    func means(rho: Double, setup: LinearNetworkSetup) -> (train: [Double], test: [Double]) {
        let g = setup.readoutVarianceScale * rho, kappa0 = setup.kappa0
        var trainFactors = [Double](repeating: 0, count: trainCount), testFactors = trainFactors
        for k in 0..<trainCount {
            let denominator = g * eigenvalues[k] + kappa0
            trainFactors[k] = g * eigenvalues[k] / denominator * projectedLabels[k]
            testFactors[k] = g / denominator * projectedLabels[k]
        }
        let test = testProjection.rows > 0 ? matvec(testProjection, testFactors) : []
        return (matvec(eigenvectors, trainFactors), test)
    }

    /// Projections of the hidden-layer kernel of a linear network given `ρ`, on the unit label
    /// direction `ŷ/|y|` and as a trace, together with those of the prior kernel `C⁰`.
    ///
    /// Given `w` (so `ρ`), the read-in weights along `w` are the GP posterior of `h = X Vᵀŵ` and the
    /// `N − 1` orthogonal directions keep their prior, so the posterior mean of `C = (1/N) X VᵀV Xᵀ` is
    ///
    ///     E[C | ρ] = (1 − 1/N) C⁰ + (κ0/N) C⁰ (g_w ρ C⁰ + κ0)⁻¹ + (g_w χ ρ/(N κ0²)) C⁰Δ_ρ Δ_ρᵀC⁰,
    ///
    /// `Δ_ρ = κ0 (g_w ρ C⁰ + κ0)⁻¹ y`. The tree level (saddle point) keeps only `C⁰` and the spike.
    /// - Parameters:
    ///   - rho: `ρ > 0`.
    ///   - setup: the network parameters.
    ///   - fluctuations: include the `1/N` terms (exact conditional mean) or not (tree level).
    /// - Returns: `(ŷᵀ C ŷ, tr C)` for the unit label direction.
    func hiddenKernelProjections(rho: Double, setup: LinearNetworkSetup, fluctuations: Bool) -> (task: Double, trace: Double) {
        let gw = setup.readoutVarianceScale, kappa0 = setup.kappa0, n = Double(setup.width)
        let labelNorm2 = projectedLabels.reduce(0) { $0 + $1 * $1 }
        var task = 0.0, trace = 0.0, overlap = 0.0, spikeTrace = 0.0
        for k in 0..<trainCount {
            let lambda = eigenvalues[k], yk = projectedLabels[k]
            let denominator = gw * rho * lambda + kappa0
            let diagonal = fluctuations ? lambda * ((1 - 1 / n) + kappa0 / (n * denominator)) : lambda
            task += yk * yk / labelNorm2 * diagonal
            trace += diagonal
            let c0Delta = lambda * yk / denominator   // (Qᵀ C⁰Δ_ρ)_k / κ0
            overlap += yk * c0Delta
            spikeTrace += c0Delta * c0Delta
        }
        let spike = gw * setup.chi * rho / n
        return (task + spike * overlap * overlap / labelNorm2, trace + spike * spikeTrace)
    }

    /// `(ŷᵀ C⁰ ŷ, tr C⁰)` for the unit label direction.
    var priorKernelProjections: (task: Double, trace: Double) {
        let labelNorm2 = projectedLabels.reduce(0) { $0 + $1 * $1 }
        var task = 0.0, trace = 0.0
        for k in 0..<trainCount {
            task += projectedLabels[k] * projectedLabels[k] / labelNorm2 * eigenvalues[k]
            trace += eigenvalues[k]
        }
        return (task, trace)
    }

    /// The quadratic forms `g_jᵀ Σ g_j` for the rows `g_j` of `A diag(columnScale)`.
    /// - Parameters:
    ///   - a: the matrix whose scaled rows are the vectors.
    ///   - columnScale: a factor per column.
    ///   - sigma: the symmetric `cols × cols` matrix `Σ`.
    /// - Returns: one value per row of `a`.
    private static func quadraticForms(_ a: Matrix, columnScale: [Double], _ sigma: Matrix) -> [Double] {
        var g = a
        let c = a.cols
        for j in 0..<a.rows {
            for k in 0..<c { g.values[j * c + k] *= columnScale[k] }
        }
        let gs = matmul(g, sigma)
        return (0..<a.rows).map { j in
            var s = 0.0
            for k in 0..<c { s += gs.values[j * c + k] * g.values[j * c + k] }
            return s
        }
    }
}
