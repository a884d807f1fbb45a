import Foundation
import Testing
import Kernels
import LinearAlgebra
import TestSupport

private func reluSpectrum(d: Int, sw2: Double = 1, sa2: Double = 1) throws -> HypercubeSpectrum {
    try HypercubeSpectrum(kernel: NNGPKernel(activation: .relu, weightVariance: sw2, readoutVariance: sa2, method: .closedForm),
                          dimension: d)
}

/// `C(n, k)` as a double.
private func binomial(_ n: Int, _ k: Int) -> Double {
    (0..<k).reduce(1.0) { $0 * Double(n - $1) / Double($1 + 1) }
}

/// Walsh character `χ_S` on the rows of `points`, entries ±1.
private func character(_ points: Matrix, _ s: [Int]) -> [Double] {
    (0..<points.rows).map { p in s.reduce(1.0) { $0 * points[p, $1] } }
}

@Suite("Hypercube NNGP spectrum")
struct HypercubeSpectrumTests {
    @Test("kernelValue is the arc-cosine kernel σ_a²(σ_w²/d)|x||x′|(sin θ + (π − θ)cos θ)/(2π) and equals NNGPKernel on cube points")
    func kernelNormalisation() throws {
        let d = 9, sw2 = 1.7, sa2 = 0.6
        let spectrum = try reluSpectrum(d: d, sw2: sw2, sa2: sa2)
        let x = (0..<d).map { $0 % 3 == 0 ? -1.0 : 1.0 }
        for flips in 0...d {
            let y = x.enumerated().map { $0.offset < flips ? -$0.element : $0.element }
            let t = zip(x, y).reduce(0.0) { $0 + $1.0 * $1.1 }
            let c = t / Double(d), theta = acos(c)
            let formula = sa2 * (sw2 / Double(d)) * Double(d) * (sin(theta) + (Double.pi - theta) * c) / (2 * Double.pi)
            let value = spectrum.kernelValue(innerProduct: Int(t))
            #expect(isClose(value, formula, relative: 1e-14, absolute: 1e-15 * sa2 * sw2), "t = \(t)")
            #expect(isClose(value, spectrum.kernel(x, y), relative: 1e-15), "t = \(t)")
        }
    }

    @Test("closed forms: linear kernel λ_1 = σ_a²σ_w²/d; quadratic λ_0 = σ_a²σ_w⁴(1 + 2/d), λ_2 = 4σ_a²σ_w⁴/d²; ReLU λ_1 = σ_a²σ_w²/(4d) and λ_k = 0 for odd k ≥ 3")
    func closedForms() throws {
        for d in [3, 7, 35, 200] {
            let sw2 = 1.3, sa2 = 0.8
            let linear = try HypercubeSpectrum(kernel: NNGPKernel(activation: .linear, weightVariance: sw2, readoutVariance: sa2), dimension: d)
                .eigenvalues(maxOrder: d)
            for k in 0...d {
                let expected = k == 1 ? sa2 * sw2 / Double(d) : 0
                #expect(abs(linear[k] - expected) <= 1e-15 * sa2 * sw2, "linear d = \(d) k = \(k): \(linear[k])")
            }
            let quadratic = try HypercubeSpectrum(kernel: NNGPKernel(activation: .quadratic, weightVariance: sw2, readoutVariance: sa2), dimension: d)
                .eigenvalues(maxOrder: d)
            let scale = sa2 * sw2 * sw2
            for k in 0...d {
                let expected = k == 0 ? scale * (1 + 2 / Double(d)) : k == 2 ? 4 * scale / Double(d * d) : 0
                #expect(abs(quadratic[k] - expected) <= 1e-15 * scale, "quadratic d = \(d) k = \(k): \(quadratic[k]) vs \(expected)")
            }
            let spectrum = try reluSpectrum(d: d, sw2: sw2, sa2: sa2)
            let relu = try spectrum.eigenvalues(maxOrder: d)
            let diagonal = spectrum.kernelValue(innerProduct: d)
            #expect(isClose(diagonal, sa2 * sw2 / 2, relative: 1e-15))
            #expect(isClose(relu[1], sa2 * sw2 / (4 * Double(d)), relative: 1e-12), "d = \(d): λ_1 = \(relu[1])")
            for k in stride(from: 3, through: d, by: 2) {
                #expect(abs(relu[k]) < 1e-16 * diagonal, "d = \(d): odd λ_\(k) = \(relu[k])")
            }
            for k in stride(from: 0, through: min(d, 12), by: 2) { #expect(relu[k] > 0, "d = \(d): λ_\(k) = \(relu[k])") }
        }
    }

    @Test("ReLU eigenvalues match 80-digit reference values (mpmath, exact integer Krawtchouk sums)")
    func highPrecisionReference() throws {
        // (d, k, λ_k, relative tolerance): the tolerance grows with k at d = 200 because the absolute
        // error stays ~1e-28 while λ_k falls (measured).
        let cases: [(Int, Int, Double, Double)] = [
            (35, 0, 0.16144523706153751956, 1e-14), (35, 2, 0.00013183031232600136574, 1e-12),
            (35, 4, 1.2126929942364095522e-7, 1e-10), (35, 6, 1.1403135288737912084e-9, 1e-10),
            (35, 8, 3.4170722728781647749e-11, 1e-10),
            (200, 0, 0.15955332990250535528, 1e-14), (200, 2, 3.9888668290047913661e-6, 1e-12),
            (200, 4, 1.0175083236251117492e-10, 1e-10), (200, 8, 1.5837693532414838162e-17, 1e-7),
            (200, 12, 4.725238829978562463e-23, 1e-4),
        ]
        for d in [35, 200] {
            let lambda = try reluSpectrum(d: d).eigenvalues(maxOrder: 12)
            for (dd, k, reference, tolerance) in cases where dd == d {
                #expect(isClose(lambda[k], reference, relative: tolerance), "d = \(d) k = \(k): \(lambda[k]) vs \(reference)")
            }
        }
    }

    @Test("trace identity Σ_k C(d,k) λ_k = K(x, x) for d ≤ 30; multiplicities are the binomials")
    func traceIdentity() throws {
        for d in [1, 2, 5, 10, 12, 20, 30] {
            let spectrum = try reluSpectrum(d: d, sw2: 2, sa2: 0.5)
            let lambda = try spectrum.eigenvalues(maxOrder: d)
            let trace = (0...d).reduce(0.0) { $0 + spectrum.multiplicity(order: $1) * lambda[$1] }
            #expect(isClose(trace, spectrum.kernelValue(innerProduct: d), relative: 1e-12), "d = \(d): \(trace)")
            #expect((0...d).allSatisfy { spectrum.multiplicity(order: $0) == binomial(d, $0) })
        }
        #expect(try reluSpectrum(d: 200).multiplicity(order: 100) > 9e58)
    }

    @Test("eigenvalues of the full 2^d × 2^d kernel matrix / 2^d (d = 8, LAPACK) are λ_k with multiplicity C(d,k)")
    func fullEigendecomposition() throws {
        let d = 8
        let spectrum = try reluSpectrum(d: d, sw2: 1.4, sa2: 0.9)
        let points = HypercubeSpectrum.allCubePoints(dimension: d)
        let gram = spectrum.kernel.gram(points)
        let eigen = try SymmetricEigen((1 / Double(points.rows)) * gram)
        let lambda = try spectrum.eigenvalues(maxOrder: d)
        var expected: [Double] = []
        for k in 0...d { expected += Array(repeating: lambda[k], count: Int(binomial(d, k))) }
        expected.sort()
        #expect(eigen.values.count == expected.count)
        let scale = lambda[0]
        let worst = maxAbsDifference(eigen.values, expected)
        #expect(worst < 1e-10 * scale, "max |difference| = \(worst)")
    }

    @Test("Walsh projections 4^{−d} χ_Sᵀ K χ_S of the full kernel matrix (d = 10) equal λ_|S| for several S per order")
    func walshProjections() throws {
        let d = 10
        let spectrum = try reluSpectrum(d: d, sw2: 0.7, sa2: 1.9)
        let points = HypercubeSpectrum.allCubePoints(dimension: d)
        let gram = spectrum.kernel.gram(points)
        let lambda = try spectrum.eigenvalues(maxOrder: d)
        var stream = RandomStream(seed: 5, stream: [RandomStream.purpose("walsh-projection-test")])
        let n = Double(points.rows)
        for k in 0...d {
            for trial in 0..<3 {
                // A random subset of size k (partial Fisher–Yates); trial 0 the leading coordinates.
                var indices = Array(0..<d)
                if trial > 0 {
                    for i in 0..<k { indices.swapAt(i, i + Int(stream.nextUInt64() % UInt64(d - i))) }
                }
                let s = Array(indices[0..<k])
                let chi = character(points, s)
                let kChi = matvec(gram, chi)
                let projection = zip(chi, kChi).reduce(0.0) { $0 + $1.0 * $1.1 } / (n * n)
                #expect(abs(projection - lambda[k]) < 1e-13 * lambda[0], "S = \(s): \(projection) vs λ_\(k) = \(lambda[k])")
                if lambda[k] > 1e-12 * lambda[0] {
                    #expect(isClose(projection, lambda[k], relative: 1e-9), "S = \(s): \(projection) vs λ_\(k) = \(lambda[k])")
                }
            }
        }
    }

    @Test("enumeration of one kernel row agrees with the Krawtchouk sum to 1e-10 relative (d = 1…12)")
    func enumerationAgrees() throws {
        for d in [1, 2, 3, 6, 9, 12] {
            let spectrum = try reluSpectrum(d: d, sw2: 1.2, sa2: 0.7)
            let a = try spectrum.eigenvalues(maxOrder: d)
            let b = try spectrum.eigenvaluesByEnumeration(maxOrder: d)
            let diagonal = spectrum.kernelValue(innerProduct: d)
            for k in 0...d {
                #expect(abs(a[k] - b[k]) < 1e-15 * diagonal, "d = \(d) k = \(k): \(a[k]) vs \(b[k])")
                if max(abs(a[k]), abs(b[k])) > 1e-12 * diagonal {
                    #expect(isClose(a[k], b[k], relative: 1e-10), "d = \(d) k = \(k): \(a[k]) vs \(b[k])")
                }
            }
        }
    }

    @Test("invalid dimension and order are rejected with the parameter's name")
    func validation() throws {
        let kernel = try NNGPKernel(activation: .relu)
        #expect(throws: KernelError.invalidParameter(name: "dimension", value: "0", requirement: "must be in 1...\(HypercubeSpectrum.maximumDimension)")) {
            try HypercubeSpectrum(kernel: kernel, dimension: 0)
        }
        let spectrum = try HypercubeSpectrum(kernel: kernel, dimension: 5)
        for bad in [-1, 6] {
            do { _ = try spectrum.eigenvalues(maxOrder: bad); Issue.record("maxOrder \(bad) accepted") } catch let error as KernelError {
                #expect(error.description.contains("`maxOrder`"))
            }
        }
        let large = try HypercubeSpectrum(kernel: kernel, dimension: HypercubeSpectrum.maximumEnumerationDimension + 1)
        #expect(throws: KernelError.self) { try large.eigenvaluesByEnumeration(maxOrder: 1) }
    }
}
