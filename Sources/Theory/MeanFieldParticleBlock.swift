import CLapack
import Foundation
import Networks

/// The constants of the single-neuron potential of `MeanFieldParticleSolver`.
struct MeanFieldPotentialConstants: Sendable {
    /// `B N^{−½}` (the scale of `h`).
    let fieldScale: Double
    /// `B N⁻¹` (the scale of `A − 1/σ_a²`).
    let curvatureScale: Double
    /// `1/σ_a²`.
    let readoutPrecision: Double
    /// `d/σ_w²`: the prior term is `½ (d/σ_w²) Σ_j ρ̄_j w_j²`.
    let priorScale: Double

    /// The constants for width `N`, likelihood precision `B`, prior variances and input dimension `d`.
    init(width: Double, likelihoodPrecision b: Double, readinVariance: Double, readoutVariance: Double, inputDimension d: Int) {
        fieldScale = b / width.squareRoot()
        curvatureScale = b / width
        readoutPrecision = 1 / readoutVariance
        priorScale = Double(d) / readinVariance
    }
}

/// One block of particles of `MeanFieldParticleSolver`: positions, work buffers and the batched kernels
/// (one thread at a time; no heap allocation after `init`).
///
/// With `Z = W Xᵀ` (`count × P`, one dgemm), `φ = ReLU(Z)`, `S1_m = Σ_μ φ_mμ r_μ`, `S2_m = Σ_μ φ_mμ²`:
/// `h = B N^{−½} S1`, `A = 1/σ_a² + B N⁻¹ S2`, `U_data = ½ log A − h²/(2A)`, and
/// `∇U_data = Σ_μ G_mμ x_μ` (one dgemm `G X`) with `G_mμ = φ'_mμ (2 c_A φ_mμ + c_h r_μ)`,
/// `c_A = B N⁻¹ (1/(2A) + h²/(2A²))`, `c_h = −B N^{−½} h/A`. The prior adds `½ (d/σ_w²) Σ_j ρ̄_j w_j²`.
/// Row sums over `μ` use four accumulators added as `(s0 + s1) + (s2 + s3)`: a fixed order.
final class MeanFieldParticleBlock: @unchecked Sendable {
    let count: Int
    let inputDimension: Int
    let trainCount: Int
    let testCount: Int
    /// `W` (`count × d`).
    let weights: UnsafeMutablePointer<Double>
    /// `∇U_data` (`count × d`).
    let gradient: UnsafeMutablePointer<Double>
    /// `Z`, then `φ(Z)` (`count × max(P, P*)`).
    let activations: UnsafeMutablePointer<Double>
    /// `G` (`count × P`).
    let backward: UnsafeMutablePointer<Double>
    /// `h`, `A`, `h/A`, `U_data` per particle.
    let fields: UnsafeMutablePointer<Double>
    let curvatures: UnsafeMutablePointer<Double>
    let readoutMeans: UnsafeMutablePointer<Double>
    let dataEnergies: UnsafeMutablePointer<Double>
    /// Noise for one step (`count × d`), and `(h/A)² + 1/A` per particle.
    let noiseBuffer: UnsafeMutablePointer<Double>
    let readoutSecondMoments: UnsafeMutablePointer<Double>
    /// Partial sums over this block: `Σ_m φ_mμ h_m/A_m` (P), test first and second moments (P*), `Σ_m w_mj²` (d).
    let predictorSum: UnsafeMutablePointer<Double>
    let testFirstSum: UnsafeMutablePointer<Double>
    let testSecondSum: UnsafeMutablePointer<Double>
    let squareSum: UnsafeMutablePointer<Double>
    /// `Σ_m U(w_m)` (data part plus prior part, without normalising constants).
    var energySum = 0.0
    let noise: GaussianNoiseStream

    /// A block of `count` particles at zero.
    /// - Parameters:
    ///   - count: particles in the block (≥ 1).
    ///   - inputDimension: `d`.
    ///   - trainCount: `P`.
    ///   - testCount: `P*`.
    ///   - noise: the block's noise stream.
    init(count: Int, inputDimension: Int, trainCount: Int, testCount: Int, noise: GaussianNoiseStream) {
        self.count = count
        self.inputDimension = inputDimension
        self.trainCount = trainCount
        self.testCount = testCount
        self.noise = noise
        func zeros(_ n: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(1, n))
            p.initialize(repeating: 0, count: max(1, n))
            return p
        }
        weights = zeros(count * inputDimension)
        gradient = zeros(count * inputDimension)
        activations = zeros(count * max(trainCount, testCount))
        backward = zeros(count * trainCount)
        fields = zeros(count)
        curvatures = zeros(count)
        readoutMeans = zeros(count)
        dataEnergies = zeros(count)
        noiseBuffer = zeros(count * inputDimension)
        readoutSecondMoments = zeros(count)
        predictorSum = zeros(trainCount)
        testFirstSum = zeros(testCount)
        testSecondSum = zeros(testCount)
        squareSum = zeros(inputDimension)
    }

    deinit {
        for p in [weights, gradient, activations, backward, fields, curvatures, readoutMeans, dataEnergies, noiseBuffer,
                  readoutSecondMoments, predictorSum, testFirstSum, testSecondSum, squareSum] {
            p.deallocate()
        }
    }

    /// `φ = ReLU(W Xᵀ)` into `activations`, then `h`, `A`, `h/A` and `U_data` per particle; with
    /// `withGradient` also `G` and `∇U_data = G X`.
    /// - Parameters:
    ///   - inputs: `X`, row-major `P × d`.
    ///   - residuals: `r = y − F` (`P`).
    ///   - constants: the potential's constants.
    ///   - withGradient: whether to form `∇U_data`.
    func evaluate(inputs: UnsafePointer<Double>, residuals: UnsafePointer<Double>, constants c: MeanFieldPotentialConstants,
                  withGradient: Bool) {
        let p = trainCount, d = inputDimension
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(count), Int32(p), Int32(d), 1, weights, Int32(d),
                    inputs, Int32(d), 0, activations, Int32(p))
        for m in 0..<count {
            let row = activations + m * p
            var s1 = SIMD4<Double>(repeating: 0), s2 = SIMD4<Double>(repeating: 0)
            var mu = 0
            while mu + 4 <= p {
                let z = SIMD4(row[mu], row[mu + 1], row[mu + 2], row[mu + 3])
                let phi = z.replacing(with: 0, where: z .< 0)
                let r = SIMD4(residuals[mu], residuals[mu + 1], residuals[mu + 2], residuals[mu + 3])
                s1 += phi * r
                s2 += phi * phi
                row[mu] = phi[0]; row[mu + 1] = phi[1]; row[mu + 2] = phi[2]; row[mu + 3] = phi[3]
                mu += 4
            }
            var t1 = (s1[0] + s1[1]) + (s1[2] + s1[3]), t2 = (s2[0] + s2[1]) + (s2[2] + s2[3])
            while mu < p {
                let phi = max(row[mu], 0)
                row[mu] = phi
                t1 += phi * residuals[mu]
                t2 += phi * phi
                mu += 1
            }
            let h = c.fieldScale * t1
            let a = c.readoutPrecision + c.curvatureScale * t2
            fields[m] = h
            curvatures[m] = a
            readoutMeans[m] = h / a
            readoutSecondMoments[m] = (h / a) * (h / a) + 1 / a
            dataEnergies[m] = 0.5 * Foundation.log(a) - h * h / (2 * a)
            guard withGradient else { continue }
            let cA2 = 2 * c.curvatureScale * (0.5 / a + h * h / (2 * a * a))
            let cH = -c.fieldScale * h / a
            // Branch-free (the sign pattern of φ is unpredictable): lanes with φ = 0 are masked to 0.
            let g = backward + m * p
            var k = 0
            while k + 4 <= p {
                let phi = SIMD4(row[k], row[k + 1], row[k + 2], row[k + 3])
                let r = SIMD4(residuals[k], residuals[k + 1], residuals[k + 2], residuals[k + 3])
                let value = (cA2 * phi + cH * r).replacing(with: 0, where: phi .<= 0)
                g[k] = value[0]; g[k + 1] = value[1]; g[k + 2] = value[2]; g[k + 3] = value[3]
                k += 4
            }
            while k < p {
                let phi = row[k]
                g[k] = phi > 0 ? cA2 * phi + cH * residuals[k] : 0
                k += 1
            }
        }
        if withGradient {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(count), Int32(d), Int32(p), 1, backward, Int32(p),
                        inputs, Int32(d), 0, gradient, Int32(d))
        }
    }

    /// Whether every particle's `h`, `A` and `U_data` are finite.
    /// - Returns: the index of the first non-finite particle in the block, or `nil`.
    func firstNonFiniteParticle() -> Int? {
        for m in 0..<count where !(fields[m].isFinite && curvatures[m].isFinite && dataEnergies[m].isFinite) { return m }
        return nil
    }

    /// `predictorSum = Σ_m φ_mμ h_m/A_m` after `evaluate` (one dgemv).
    func accumulatePredictor() {
        cblas_dgemv(CblasRowMajor, CblasTrans, Int32(count), Int32(trainCount), 1, activations, Int32(trainCount),
                    readoutMeans, 1, 0, predictorSum, 1)
    }

    /// `squareSum_j = Σ_m w_mj²` and `energySum = Σ_m [U_data + ½ (d/σ_w²) Σ_j ρ̄_j w_mj²]` (after `evaluate`).
    /// - Parameters:
    ///   - precisions: `ρ̄` (`d`).
    ///   - constants: the potential's constants.
    func accumulateSquaresAndEnergy(precisions: UnsafePointer<Double>, constants c: MeanFieldPotentialConstants) {
        let d = inputDimension
        squareSum.update(repeating: 0, count: d)
        var energy = 0.0
        for m in 0..<count {
            let w = weights + m * d
            var prior = 0.0
            for j in 0..<d {
                let w2 = w[j] * w[j]
                squareSum[j] += w2
                prior += precisions[j] * w2
            }
            energy += dataEnergies[m] + 0.5 * c.priorScale * prior
        }
        energySum = energy
    }

    /// Test moments after `evaluate` on the training inputs: `Σ_m φ(w_m·x) h_m/A_m` and
    /// `Σ_m φ(w_m·x)² ((h_m/A_m)² + 1/A_m)` (uses `activations` as scratch).
    /// - Parameter testInputs: `X*`, row-major `P* × d`.
    func accumulateTestMoments(testInputs: UnsafePointer<Double>) {
        let q = testCount, d = inputDimension
        guard q > 0 else { return }
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(count), Int32(q), Int32(d), 1, weights, Int32(d),
                    testInputs, Int32(d), 0, activations, Int32(q))
        for k in 0..<(count * q) { activations[k] = max(activations[k], 0) }
        cblas_dgemv(CblasRowMajor, CblasTrans, Int32(count), Int32(q), 1, activations, Int32(q), readoutMeans, 1, 0, testFirstSum, 1)
        for k in 0..<(count * q) { activations[k] *= activations[k] }
        cblas_dgemv(CblasRowMajor, CblasTrans, Int32(count), Int32(q), 1, activations, Int32(q), readoutSecondMoments, 1, 0,
                    testSecondSum, 1)
    }

    /// One Langevin step `w ← w − η (∇U_data + (d/σ_w²) ρ̄ ⊙ w) + √(2η) ξ` after `evaluate(withGradient: true)`.
    /// - Parameters:
    ///   - stepSize: `η`.
    ///   - decays: `1 − η (d/σ_w²) ρ̄_j` per coordinate (`d`).
    func langevinStep(stepSize: Double, decays: UnsafePointer<Double>) {
        let d = inputDimension, n = count * d
        noise.fill(noiseBuffer, count: n)
        let noiseScale = (2 * stepSize).squareRoot()
        for m in 0..<count {
            let w = weights + m * d, g = gradient + m * d, xi = noiseBuffer + m * d
            for j in 0..<d { w[j] = decays[j] * w[j] - stepSize * g[j] + noiseScale * xi[j] }
        }
    }
}
