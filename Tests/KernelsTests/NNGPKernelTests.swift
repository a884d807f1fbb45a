import Foundation
import Testing
import Kernels
import LinearAlgebra
import TestSupport

/// Pre-activation covariances covering generic, anti-correlated, uncorrelated, nearly collinear
/// and exactly collinear pairs.
private let covariances: [(Double, Double, Double)] = [
    (1.0, 0.3, 2.0), (2.0, -1.2, 1.5), (0.5, 0.0, 0.7), (1.0, 0.999_999, 1.0),
    (1.3, 1.3 * 0.999_999_999, 1.3), (0.8, 0.8, 0.8), (3.0, -2.9, 3.0),
]

/// Composite Simpson rule on [a, b] with `panels` (even) sub-intervals.
private func simpson(_ f: (Double) -> Double, _ a: Double, _ b: Double, panels: Int) -> Double {
    let h = (b - a) / Double(panels)
    var s = f(a) + f(b)
    for i in 1..<panels { s += (i % 2 == 1 ? 4 : 2) * f(a + Double(i) * h) }
    return s * h / 3
}

private func standardNormalDensity(_ x: Double) -> Double { exp(-0.5 * x * x) / (2 * Double.pi).squareRoot() }
private func standardNormalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

/// `E[relu(U) relu(V)]` by an independent route: condition on `U = l11 z`, use the exact
/// `E[relu(m + sZ)] = m Φ(m/s) + s ϕ(m/s)`, and integrate the remaining smooth 1-D integrand over
/// `z > 0` with a fine Simpson rule.
private func reluByConditioning(_ c11: Double, _ c12: Double, _ c22: Double) -> Double {
    let l11 = c11.squareRoot(), l21 = c12 / l11, l22 = max(0, c22 - l21 * l21).squareRoot()
    let conditional: (Double) -> Double = { m in
        l22 == 0 ? max(0, m) : m * standardNormalCDF(m / l22) + l22 * standardNormalDensity(m / l22)
    }
    return simpson({ z in l11 * z * conditional(l21 * z) * standardNormalDensity(z) }, 0, 12, panels: 20_000)
}

/// Random rows with a duplicate, a nearly collinear pair, a zero row and rows of different norms.
private func awkwardInputs(rows: Int, cols: Int, seed: UInt64) -> Matrix {
    var rng = RandomStream(seed: seed, stream: [RandomStream.purpose("kernel-inputs")])
    var a = Matrix(rows: rows, cols: cols, values: rng.fillGaussian(rows * cols))
    for j in 0..<cols {
        a[1, j] = a[0, j]                               // duplicate
        a[2, j] = a[0, j] * (1 + 1e-7) + 1e-9 * Double(j)  // nearly collinear
        a[3, j] = 0                                     // zero input
        a[4, j] *= 5                                    // large norm
    }
    return a
}

@Suite("NNGP kernels")
struct NNGPKernelTests {
    @Test("erf closed form (Williams) equals 2-D Gauss–Hermite quadrature")
    func erfClosedForm() {
        for c in covariances {
            let exact = GaussianActivationMoments.closedForm(.erf, c.0, c.1, c.2)!
            // Order 200: at Σ = 3 Gauss–Hermite still misses by 3e-10 at order 100 (large variance).
            let q = GaussHermite.expectation2D(covariance: c, order: 200) { erf($0) * erf($1) }
            #expect(abs(q - exact) < 1e-13, "\(c)")
        }
    }

    @Test("ReLU arc-cosine closed form equals a 1-D conditional integral to 1e-10")
    func reluClosedFormPrecise() {
        for c in covariances {
            let exact = GaussianActivationMoments.closedForm(.relu, c.0, c.1, c.2)!
            #expect(abs(reluByConditioning(c.0, c.1, c.2) - exact) < 1e-10 * (c.0 * c.2).squareRoot(), "\(c)")
        }
    }

    @Test("ReLU closed form agrees with 2-D Gauss–Hermite, whose error shrinks with the order")
    func reluClosedFormQuadrature() {
        // The kink of ReLU limits Gauss–Hermite to algebraic convergence (measured ≈ n^{-0.6…-1}).
        for c in covariances {
            let exact = GaussianActivationMoments.closedForm(.relu, c.0, c.1, c.2)!
            let scale = (c.0 * c.2).squareRoot()
            let e40 = abs(GaussHermite.expectation2D(covariance: c, order: 40) { max(0, $0) * max(0, $1) } - exact)
            let e320 = abs(GaussHermite.expectation2D(covariance: c, order: 320) { max(0, $0) * max(0, $1) } - exact)
            #expect(e40 < 5e-3 * scale, "\(c)")
            #expect(e320 < 1.5e-3 * scale, "\(c)")
            #expect(e320 <= e40 || e320 < 1e-9 * scale, "\(c)")
        }
    }

    @Test("the kernel's own quadrature path reproduces the closed forms")
    func quadratureMethodMatchesClosedForm() throws {
        // Moderate pre-activation variances (undo the 5× row): at Σ ≫ 1 Gauss–Hermite converges slowly
        // for saturating activations (documented on `Method.quadrature`).
        var a = awkwardInputs(rows: 12, cols: 5, seed: 8)
        for j in 0..<5 { a[4, j] /= 5 }
        for (activation, order, tolerance) in [(Activation.erf, 120, 1e-12), (.quadratic, 20, 1e-12), (.relu, 200, 3e-3)] {
            let closed = try NNGPKernel(activation: activation, weightVariance: 1.2, biasVariance: 0.3, method: .closedForm)
            var quadrature = closed
            quadrature.method = .quadrature(order: order)
            let scale = closed.diagonal(a).max()!
            #expect(maxAbsDifference(quadrature.gram(a).values, closed.gram(a).values) < tolerance * scale, "\(activation)")
        }
    }

    @Test("linear and quadratic closed forms equal quadrature exactly")
    func polynomialClosedForms() {
        for c in covariances {
            #expect(GaussianActivationMoments.closedForm(.linear, c.0, c.1, c.2) == c.1)
            let q = GaussHermite.expectation2D(covariance: c, order: 10) { $0 * $0 * $1 * $1 }
            #expect(isClose(GaussianActivationMoments.closedForm(.quadratic, c.0, c.1, c.2)!, q, relative: 1e-13))
        }
        #expect(GaussianActivationMoments.closedForm(.tanh, 1, 0.5, 1) == nil)
    }

    @Test("tanh by quadrature agrees with Monte Carlo and with a higher order")
    func tanhQuadrature() throws {
        let kernel = try NNGPKernel(activation: .tanh, method: .quadrature(order: 64))
        var rng = RandomStream(seed: 7, stream: [RandomStream.purpose("tanh-monte-carlo")])
        for c in [(1.0, 0.3, 2.0), (2.0, -1.2, 1.5), (1.0, 0.999_999, 1.0)] {
            let q = kernel.value(preactivationCovariance: c)
            let reference = GaussHermite.expectation2D(covariance: c, order: 300) { tanh($0) * tanh($1) }
            #expect(abs(q - reference) < 1e-6 * abs(reference), "\(c)")
            // Monte Carlo over the same Cholesky construction: mean and standard error.
            let l11 = c.0.squareRoot(), l21 = c.1 / l11, l22 = max(0, c.2 - l21 * l21).squareRoot()
            let n = 200_000
            var sum = 0.0, sumSquares = 0.0
            for _ in 0..<n {
                let z1 = rng.nextGaussian(), z2 = rng.nextGaussian()
                let v = tanh(l11 * z1) * tanh(l21 * z1 + l22 * z2)
                sum += v; sumSquares += v * v
            }
            let mean = sum / Double(n)
            let standardError = ((sumSquares / Double(n) - mean * mean) / Double(n)).squareRoot()
            #expect(abs(q - mean) < 4.5 * standardError, "\(c): quadrature \(q), Monte Carlo \(mean) ± \(standardError)")
        }
    }

    @Test("the kernel is the infinite-width limit of the sampled network (checks the σ²/d conventions)",
          arguments: Activation.allCases)
    func matchesSampledNetwork(activation: Activation) throws {
        let d = 6
        let kernel = try NNGPKernel(activation: activation, weightVariance: 1.7, biasVariance: 0.4, readoutVariance: 2.5)
        let x = [0.3, -1.2, 0.8, 2.0, -0.5, 1.1], y = [1.0, 0.4, -0.9, 1.5, 0.2, -0.3]
        var rng = RandomStream(seed: 11, stream: [RandomStream.purpose("network-monte-carlo")])
        let units = 100_000
        var sum = 0.0, sumSquares = 0.0
        for _ in 0..<units {
            let w = rng.fillGaussian(d).map { $0 * (1.7 / Double(d)).squareRoot() }
            let b = rng.nextGaussian() * 0.4.squareRoot()
            // Σ_i a_i² φφ with a_i² of mean σ_a²/N: the per-unit mean of σ_a² φ(h_x) φ(h_y).
            let v = 2.5 * activation(dot(w, x) + b) * activation(dot(w, y) + b)
            sum += v; sumSquares += v * v
        }
        let mean = sum / Double(units)
        let standardError = ((sumSquares / Double(units) - mean * mean) / Double(units)).squareRoot()
        let k = kernel(x, y)
        #expect(abs(k - mean) < 4.5 * standardError, "\(activation): kernel \(k), sampled \(mean) ± \(standardError)")
        let (sxx, sxy, syy) = kernel.preactivationCovariance(x, y)
        #expect(isClose(sxy, 1.7 * dot(x, y) / 6 + 0.4, relative: 1e-14))
        #expect(isClose(sxx, 1.7 * dot(x, x) / 6 + 0.4, relative: 1e-14) && isClose(syy, 1.7 * dot(y, y) / 6 + 0.4, relative: 1e-14))
    }

    @Test("Gram matrices are symmetric, positive semi-definite and consistent", arguments: [
        (Activation.relu, NNGPKernel.Method.closedForm), (.erf, .closedForm), (.linear, .closedForm),
        (.quadratic, .closedForm), (.tanh, .quadrature(order: 40)), (.relu, .quadrature(order: 40)),
    ])
    func gramProperties(activation: Activation, method: NNGPKernel.Method) throws {
        let kernel = try NNGPKernel(activation: activation, weightVariance: 2, biasVariance: 0.1, method: method)
        let a = awkwardInputs(rows: 40, cols: 7, seed: 3)
        let g = kernel.gram(a)
        #expect(g == g.transposed)
        let eigen = try SymmetricEigen(g)
        let scale = g.diagonal().max()!
        #expect(eigen.values[0] >= -1e-10 * scale, "smallest eigenvalue \(eigen.values[0])")
        #expect(allClose(kernel.gram(a, a).values, g.values, relative: 1e-12, absolute: 1e-14 * scale))
        #expect(allClose(kernel.diagonal(a), g.diagonal(), relative: 1e-12, absolute: 1e-14 * scale))
        let b = awkwardInputs(rows: 9, cols: 7, seed: 4)
        let cross = kernel.gram(b, a)
        #expect(cross.rows == 9 && cross.cols == 40)
        for (i, j) in [(0, 0), (3, 5), (8, 39), (4, 4)] {
            #expect(isClose(cross[i, j], kernel(b.row(i), a.row(j)), relative: 1e-12, absolute: 1e-14 * scale))
        }
    }

    @Test("zero inputs: ReLU and erf kernels without bias vanish")
    func zeroInputs() throws {
        let zero = [0.0, 0.0, 0.0], x = [1.0, -2.0, 0.5]
        for activation in [Activation.relu, .erf, .linear, .quadratic] {
            let kernel = try NNGPKernel(activation: activation, method: .closedForm)
            #expect(kernel(zero, x) == 0 && kernel(zero, zero) == 0)
        }
        let withBias = try NNGPKernel(activation: .relu, biasVariance: 0.5)
        #expect(isClose(withBias(zero, zero), 0.25, relative: 1e-14))   // E[relu(b)²] = σ_b²/2
    }

    @Test("a 1000×1000 closed-form Gram matrix is fast (BLAS inner products, no per-pair allocation)")
    func gramSpeed() throws {
        var rng = RandomStream(seed: 5, stream: [5])
        let a = Matrix(rows: 1000, cols: 50, values: rng.fillGaussian(50_000))
        let clock = ContinuousClock()
        for activation in [Activation.relu, .erf] {
            let kernel = try NNGPKernel(activation: activation, biasVariance: 0.1)
            let elapsed = clock.measure { _ = kernel.gram(a) }
            #expect(elapsed < .seconds(10), "\(activation): \(elapsed)")
        }
    }

    @Test("invalid parameters are rejected")
    func validation() {
        #expect(throws: KernelError.noClosedForm(.tanh)) { try NNGPKernel(activation: .tanh, method: .closedForm) }
        #expect(throws: KernelError.self) { try NNGPKernel(activation: .relu, weightVariance: -1) }
        #expect(throws: KernelError.self) { try NNGPKernel(activation: .relu, biasVariance: .nan) }
        #expect(throws: KernelError.self) { try NNGPKernel(activation: .erf, method: .quadrature(order: 0)) }
        #expect(KernelError.noClosedForm(.tanh).description.contains("quadrature"))
    }
}
