import Foundation
import LinearAlgebra

/// The posterior-mean feature kernel in the first-order non-Gaussian closure
/// (`shared/science/corti2025-signatures.md`, derived there):
///
///     ⟨K̂⟩_μν ≈ K_μν − (Q̄/(2λ1 N)) Cov_prior(φ_μ φ_ν, φᵀ M φ),   M = A⁻¹ − A⁻¹ y yᵀ A⁻¹,
///
/// the covariance over one neuron's prior weights `w ~ N(0, I/λ0)`, `φ_μ = φ(w·x_μ/√D)`. For Gaussian
/// features (the linear network) Isserlis' theorem gives `Cov = 2 K M K`, the Gaussian closure; for erf
/// the fourth cumulants of `φ` enter at the same order.
///
/// **Estimator** (Monte Carlo with a control variate). Let `ℓ_μ = b_μ h_μ` (`b_μ = E[φ'(h_μ)]`) be the
/// linearised features of the same sample: Gaussian with covariance `L = diag(b) C diag(b)`, so
/// `Cov(ℓ_μ ℓ_ν, ℓᵀMℓ) = 2(LML)_μν` exactly. Then
///
///     Cov(φ_μφ_ν, φᵀMφ) = 2(LML)_μν + E[(φ_μφ_ν − K_μν)(φᵀMφ − Tr MK) − (ℓ_μℓ_ν − L_μν)(ℓᵀMℓ − Tr ML)],
///
/// the expectation (exact means subtracted, so it is unbiased) estimated by the mean over `S` prior
/// samples, sample `s` drawn from the stream `[purpose("kernel-renormalisation-prior-weights"), s]`.
/// The standard errors are those of that mean (sample standard deviation/√S). For the linear network
/// `φ = ℓ` bit for bit, the Monte-Carlo part vanishes identically and the closure equals the Gaussian one.
public struct NonGaussianFeatureKernel: Sendable {
    /// `⟨K̂⟩` (P × P), when requested.
    public let featureKernel: Matrix?
    /// The class-manifold statistics of `⟨K̂⟩`.
    public let geometry: ClassManifoldGeometry
    /// Their Monte-Carlo standard errors.
    public let geometryStandardError: ClassManifoldGeometry
    /// The standard error of `d²/(R₊² + R₋²)` (linearised in the three estimates).
    public let separationStandardError: Double
    /// The statistics of the linearised surrogate alone, `K − (Q̄/(λ1N)) L M L` (the control variate's exact part).
    public let linearisedGeometry: ClassManifoldGeometry
    /// The number of prior samples `S`.
    public let samples: Int

    /// Samples per block (fixed, so results do not depend on anything but the seed and `S`).
    static let blockSize = 256

    /// Estimates the closure.
    /// - Parameters:
    ///   - inputs: the training inputs `X` (P × D).
    ///   - prior: `C`, `K`, `b` of those inputs.
    ///   - spectrum: `K` diagonalised, with the labels.
    ///   - partition: the two classes.
    ///   - orderParameter: `Q̄`.
    ///   - width: `N`.
    ///   - temperature: `T`.
    ///   - lambda1: `λ1`.
    ///   - samples: `S ≥ 2`.
    ///   - seed: the seed of the weight samples.
    ///   - storeFeatureKernel: also estimate the P × P matrix (one extra P × P × S product).
    ///   - progress: called with (samples done, samples) after each block.
    public init(inputs: Matrix, prior: PriorFeatureCovariances, spectrum: RenormalisedKernelSpectrum, partition: ClassPartition,
                orderParameter q: Double, width: Int, temperature: Double, lambda1: Double, samples: Int, seed: UInt64,
                storeFeatureKernel: Bool, progress: (Int, Int) -> Void = { _, _ in }) {
        precondition(samples >= 2, "NonGaussianFeatureKernel: need at least 2 samples")
        let p = inputs.rows, d = inputs.cols
        let a = spectrum.denominators(orderParameter: q, temperature: temperature, lambda1: lambda1)
        let inverseA = spectrum.matrix(modeWeights: a.map { 1 / $0 })
        let u = spectrum.vector(modeCoefficients: zip(spectrum.projectedLabels, a).map { $0 / $1 })   // A⁻¹ y
        let b = prior.slopes
        var l = prior.preactivation
        for i in 0..<p { for j in 0..<p { l.values[i * p + j] *= b[i] * b[j] } }

        // Exact means E[φᵀMφ] = Tr MK and E[ℓᵀMℓ] = Tr ML, by one code path (bit-equal when K = L).
        func traceM(_ cov: Matrix) -> Double {
            var trace = 0.0
            for i in 0..<p { for j in 0..<p { trace += inverseA.values[i * p + j] * cov.values[j * p + i] } }
            let cu = matvec(cov, u)
            return trace - dot(u, cu)
        }
        let meanQ = traceM(prior.kernel), meanQLinear = traceM(l)
        let meanGeometry = partition.geometry(prior.kernel), meanGeometryLinear = partition.geometry(l)

        // Z = L M L = L A⁻¹ L − (L u)(L u)ᵀ.
        let lu = matvec(l, u)
        var z = matmul(matmul(l, inverseA), l)
        for i in 0..<p { for j in 0..<p { z.values[i * p + j] -= lu[i] * lu[j] } }
        for i in 0..<p {
            for j in (i + 1)..<p {
                let v = 0.5 * (z.values[i * p + j] + z.values[j * p + i])
                z.values[i * p + j] = v
                z.values[j * p + i] = v
            }
        }

        // Monte Carlo over prior weights.
        let purpose = RandomStream.purpose("kernel-renormalisation-prior-weights")
        let weightScale = 1 / prior.lambda0.squareRoot()
        let inverseA1 = a.map { 1 / $0 }
        let labelsOverA = zip(spectrum.projectedLabels, a).map { $0 / $1 }
        var perSample = [Double](repeating: 0, count: 3 * samples)   // g_d, g_R+, g_R− per sample
        var sumWeighted = storeFeatureKernel ? Matrix(rows: p, cols: p) : Matrix(rows: 0, cols: 0)
        var sumWeights = 0.0, sumWeightsLinear = 0.0
        var start = 0
        while start < samples {
            let count = min(Self.blockSize, samples - start)
            var w = Matrix(rows: count, cols: d)
            for r in 0..<count {
                var stream = RandomStream(seed: seed, stream: [purpose, UInt64(start + r)])
                let row = stream.fillGaussian(d)
                for c in 0..<d { w.values[r * d + c] = weightScale * row[c] }
            }
            let h = matmul(w, inputs, transposeB: true, alpha: 1 / Double(d).squareRoot())   // count × P
            var phi = h, lin = h
            for r in 0..<count {
                for mu in 0..<p {
                    let v = h.values[r * p + mu]
                    phi.values[r * p + mu] = prior.activation(v)
                    lin.values[r * p + mu] = b[mu] * v
                }
            }
            let qPhi = Self.quadraticForms(matmul(phi, spectrum.eigenvectors), inverseA1, labelsOverA)
            let qLin = Self.quadraticForms(matmul(lin, spectrum.eigenvectors), inverseA1, labelsOverA)
            var weightPhi = [Double](repeating: 0, count: count), weightLin = weightPhi
            phi.values.withUnsafeBufferPointer { pp in
                lin.values.withUnsafeBufferPointer { pl in
                    for r in 0..<count {
                        let gp = partition.geometry(features: UnsafeBufferPointer(rebasing: pp[(r * p)..<((r + 1) * p)]))
                        let gl = partition.geometry(features: UnsafeBufferPointer(rebasing: pl[(r * p)..<((r + 1) * p)]))
                        let dp = qPhi[r] - meanQ, dl = qLin[r] - meanQLinear
                        weightPhi[r] = dp
                        weightLin[r] = dl
                        let s = start + r
                        perSample[3 * s] = (gp.centroidDistance - meanGeometry.centroidDistance) * dp
                            - (gl.centroidDistance - meanGeometryLinear.centroidDistance) * dl
                        perSample[3 * s + 1] = (gp.radiusPlus - meanGeometry.radiusPlus) * dp
                            - (gl.radiusPlus - meanGeometryLinear.radiusPlus) * dl
                        perSample[3 * s + 2] = (gp.radiusMinus - meanGeometry.radiusMinus) * dp
                            - (gl.radiusMinus - meanGeometryLinear.radiusMinus) * dl
                    }
                }
            }
            if storeFeatureKernel {
                var scaledPhi = phi, scaledLin = lin
                for r in 0..<count {
                    sumWeights += weightPhi[r]
                    sumWeightsLinear += weightLin[r]
                    for mu in 0..<p {
                        scaledPhi.values[r * p + mu] *= weightPhi[r]
                        scaledLin.values[r * p + mu] *= weightLin[r]
                    }
                }
                sumWeighted = sumWeighted + matmul(scaledPhi, phi, transposeA: true) - matmul(scaledLin, lin, transposeA: true)
            }
            start += count
            progress(start, samples)
        }

        // Estimates: statistic = stat(K) − (Q̄/(2λ1N)) [2 stat(Z) + mean g].
        let s = Double(samples)
        let c = q / (2 * lambda1 * Double(width))
        var mean = [0.0, 0.0, 0.0], variance = [0.0, 0.0, 0.0]
        for k in 0..<3 {
            for i in 0..<samples { mean[k] += perSample[3 * i + k] }
            mean[k] /= s
            for i in 0..<samples { let e = perSample[3 * i + k] - mean[k]; variance[k] += e * e }
            variance[k] /= s - 1
        }
        let zGeometry = partition.geometry(z)
        let geometry = ClassManifoldGeometry(
            centroidDistance: meanGeometry.centroidDistance - c * (2 * zGeometry.centroidDistance + mean[0]),
            radiusPlus: meanGeometry.radiusPlus - c * (2 * zGeometry.radiusPlus + mean[1]),
            radiusMinus: meanGeometry.radiusMinus - c * (2 * zGeometry.radiusMinus + mean[2]))
        let separation = geometry.normalisedSeparation
        var separationVariance = 0.0, separationMean = 0.0
        for i in 0..<samples {
            separationMean += perSample[3 * i] - separation * (perSample[3 * i + 1] + perSample[3 * i + 2])
        }
        separationMean /= s
        for i in 0..<samples {
            let e = perSample[3 * i] - separation * (perSample[3 * i + 1] + perSample[3 * i + 2]) - separationMean
            separationVariance += e * e
        }
        separationVariance /= s - 1
        let radii = geometry.radiusPlus + geometry.radiusMinus

        if storeFeatureKernel {
            var kernel = prior.kernel
            for i in 0..<p {
                for j in 0..<p {
                    let mc = (sumWeighted.values[i * p + j] - prior.kernel.values[i * p + j] * sumWeights
                        + l.values[i * p + j] * sumWeightsLinear) / s
                    kernel.values[i * p + j] -= c * (2 * z.values[i * p + j] + mc)
                }
            }
            for i in 0..<p {
                for j in (i + 1)..<p {
                    let v = 0.5 * (kernel.values[i * p + j] + kernel.values[j * p + i])
                    kernel.values[i * p + j] = v
                    kernel.values[j * p + i] = v
                }
            }
            featureKernel = kernel
        } else {
            featureKernel = nil
        }
        self.geometry = geometry
        geometryStandardError = ClassManifoldGeometry(centroidDistance: c * (variance[0] / s).squareRoot(),
                                                      radiusPlus: c * (variance[1] / s).squareRoot(),
                                                      radiusMinus: c * (variance[2] / s).squareRoot())
        separationStandardError = c * (separationVariance / s).squareRoot() / abs(radii)
        linearisedGeometry = ClassManifoldGeometry(
            centroidDistance: meanGeometry.centroidDistance - 2 * c * zGeometry.centroidDistance,
            radiusPlus: meanGeometry.radiusPlus - 2 * c * zGeometry.radiusPlus,
            radiusMinus: meanGeometry.radiusMinus - 2 * c * zGeometry.radiusMinus)
        self.samples = samples
    }

    /// `φᵀMφ = Σ_a φ̃_a²/a_a − (Σ_a φ̃_a ỹ_a/a_a)²` for every row `φ̃ = Uᵀφ` of `rotated`.
    private static func quadraticForms(_ rotated: Matrix, _ inverseA: [Double], _ labelsOverA: [Double]) -> [Double] {
        let p = rotated.cols
        return (0..<rotated.rows).map { r in
            var quadratic = 0.0, linear = 0.0
            for k in 0..<p {
                let v = rotated.values[r * p + k]
                quadratic += v * v * inverseA[k]
                linear += v * labelsOverA[k]
            }
            return quadratic - linear * linear
        }
    }
}
