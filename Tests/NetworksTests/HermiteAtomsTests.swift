import Foundation
import Testing
import Datasets
import LinearAlgebra
import Networks
import TestSupport

/// `u·x` summed left to right.
private func projection(_ x: ArraySlice<Double>, _ u: [Double]) -> Double { zip(x, u).reduce(0) { $0 + $1.0 * $1.1 } }

/// Monte-Carlo Hermite tensors, their spectra, the function-side atom count and the raw direction clusters.
@Suite("Hermite-tensor atom counts")
struct HermiteAtomsTests {
    /// A unit vector drawn from a seeded stream.
    private func unitVector(_ d: Int, seed: UInt64) -> [Double] {
        var stream = RandomStream(seed: seed, stream: [RandomStream.purpose("test-direction")])
        let g = stream.fillGaussian(d)
        let norm = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return g.map { $0 / norm }
    }

    // For f = He2(u·x)/√2: E[f (x xᵀ − I)] = E[He2(z)²/√2] u uᵀ = √2 u uᵀ (only the (z² − 1) u uᵀ part of
    // x xᵀ − I correlates with a function of z = u·x), so C2 = u uᵀ: one eigenvalue 1, the rest 0.
    // Per-sample value of the (u, u) entry: (z² − 1)²/2, variance (E(z²−1)⁴ − 4)/4 = (60 − 4)/4 = 14.
    // Entries off u have per-sample variance ≤ 1, so the other eigenvalues are ≲ ‖noise‖_F ≈ (d − 1)/√n.
    @Test("C2 of He2(u·x)/√2 has one eigenvalue 1 (along u), the others ≈ 0; C1 and C3 vanish")
    func secondDegreeSpectrum() throws {
        let d = 5, n = 100_000
        let u = unitVector(d, seed: 1)
        let f = ClosureInputFunction(inputDimension: d) { x in
            HermitePolynomial.probabilists(2, projection(x, u)) / 2.0.squareRoot()
        }
        let tensors = try HermiteTensors(of: f, samples: n, seed: 7)
        let spectra = try HermiteSpectra(tensors)
        let se = (14.0 / Double(n)).squareRoot()
        #expect(abs(spectra.c2[0] - 1) < 5 * se, "top eigenvalue \(spectra.c2[0]) ± \(se)")
        #expect(spectra.c2.dropFirst().allSatisfy { $0 < 5 * Double(d - 1) / Double(n).squareRoot() }, "\(spectra.c2)")
        let eigen = try SymmetricEigen(tensors.c2)
        let top = eigen.vectors.column(d - 1)
        #expect(abs(zip(top, u).reduce(0) { $0 + $1.0 * $1.1 }) > 0.99)
        // f is even: the antithetic pairs cancel the odd tensors exactly.
        #expect(spectra.c1 == [0] && spectra.c3.allSatisfy { $0 == 0 })
        #expect(spectra.atomCount(threshold: 0.1) == 1)
    }

    // ‖C1‖: per-sample value along u1 is z1² + z1 He3(z2)/√6, variance 2 + 1 = 3.
    // Top C3 singular value: per-sample value along u2⊗3 is He3(z2)²/6 + z1 He3(z2)/√6, variance
    // (E He3⁴ − 36)/36 + 1 = (3348 − 36)/36 + 1 = 93.
    @Test("C1 and C3 of c + He1(u1·x) + He3(u2·x)/√6: ‖C1‖ ≈ 1, one C3 singular value ≈ 1, C2 ≈ 0 (constant removed)")
    func oddSpectrum() throws {
        let d = 5, n = 200_000
        let u1 = unitVector(d, seed: 2)
        var u2 = unitVector(d, seed: 3)
        let overlap = zip(u1, u2).reduce(0) { $0 + $1.0 * $1.1 }
        u2 = zip(u2, u1).map { $0 - overlap * $1 }
        let norm = u2.reduce(0) { $0 + $1 * $1 }.squareRoot()
        u2 = u2.map { $0 / norm }
        let (first, second) = (u1, u2)
        let f = ClosureInputFunction(inputDimension: d) { x in
            0.3 + projection(x, first) + HermitePolynomial.probabilists(3, projection(x, second)) / 6.0.squareRoot()
        }
        let tensors = try HermiteTensors(of: f, samples: n, seed: 8)
        let spectra = try HermiteSpectra(tensors)
        let root = Double(n).squareRoot()
        #expect(abs(spectra.c1[0] - 1) < 5 * 3.0.squareRoot() / root, "‖C1‖ = \(spectra.c1[0])")
        #expect(abs(spectra.c3[0] - 1) < 5 * 93.0.squareRoot() / root, "σ1(C3) = \(spectra.c3[0])")
        #expect(spectra.c3[1] < 0.05 && spectra.c3[0] > 10 * spectra.c3[1], "\(spectra.c3)")
        #expect(spectra.c2[0] < 0.05, "C2 must not see the constant: \(spectra.c2)")
        #expect(abs(tensors.mean - 0.3) < 1e-10)   // the even part is 0.3 up to round-off summed over n
        #expect(spectra.atomCount(threshold: 0.1) == 2)
    }

    @Test("the science note's 3-atom target, as a function, has atom count 3 at τ = 0.1, with or without its tail")
    func threeAtomTarget() throws {
        let c = 1 / 3.0.squareRoot()
        for tail in [0, 4] {
            let task = try HermiteTargetTask(dimension: 8, coefficients: [c, c, c], degrees: [1, 2, 3],
                                             tailFrom: tail, tailTo: tail == 0 ? 0 : 8, trainCount: 1, testCount: 1, seed: 4)
            let u = task.directions()
            let f = ClosureInputFunction(inputDimension: 8) { task.target($0, directions: u) }
            let spectra = try HermiteSpectra(HermiteTensors(of: f, samples: 100_000, seed: 9))
            #expect(spectra.atomCount(threshold: 0.1) == 3, "tail \(tail): \(spectra)")
            for top in [spectra.c1[0], spectra.c2[0], spectra.c3[0]] {
                #expect(abs(top - c) < 0.05, "tail \(tail): \(top) vs \(c)")
            }
            #expect(spectra.c2[1] < 0.05 && spectra.c3[1] < 0.05, "tail \(tail): \(spectra)")
        }
    }

    @Test("a tanh particle network evaluates (1/N) Σ a tanh(w·x + b); a single neuron's spectra match quadrature")
    func tanhNetwork() throws {
        let particles = Matrix([[1.5, 0.6, -0.8, 0.3], [-0.7, 0.2, 0.9, -0.4]])   // rows a, w (d = 2), b
        let network = try TanhParticleNetwork(particles: particles)
        #expect(network.inputDimension == 2 && network.width == 2)
        let x = Matrix([[0.3, -1.2], [2.0, 0.5]])
        let values = network.values(at: x)
        for r in 0..<2 {
            let expected = (1.5 * tanh(0.6 * x[r, 0] - 0.8 * x[r, 1] + 0.3) - 0.7 * tanh(0.2 * x[r, 0] + 0.9 * x[r, 1] - 0.4)) / 2
            #expect(isClose(values[r], expected, relative: 1e-14))
        }
        // One neuron a tanh(r ŵ·x + b): C_k = c_k ŵ^{⊗k}, c_k = a E[tanh(r z + b) He_k(z)]/√k!.
        let single = try TanhParticleNetwork(particles: Matrix([[2.0, 1.2, 0, 0, 0.5]]))
        let spectra = try HermiteSpectra(HermiteTensors(of: single, samples: 100_000, seed: 3))
        let rule = GaussHermite(order: 80)
        let c = (1...3).map { k in
            2 * rule.expectation { tanh(1.2 * $0 + 0.5) * HermitePolynomial.normalized(k, $0) }
        }
        // |f| ≤ 2, so every per-sample value has variance ≤ 4 E[He_k²]/k! = 4: 5 s.e. = 10/√n.
        let tolerance = 10 / 100_000.0.squareRoot()
        #expect(abs(spectra.c1[0] - abs(c[0])) < tolerance, "\(spectra.c1[0]) vs \(c[0])")
        #expect(abs(spectra.c2[0] - abs(c[1])) < tolerance, "\(spectra.c2[0]) vs \(c[1])")
        #expect(abs(spectra.c3[0] - abs(c[2])) < tolerance, "\(spectra.c3[0]) vs \(c[2])")
        #expect(spectra.c2[1] < tolerance && spectra.c3[1] < tolerance)
        #expect(throws: NetworkError.self) { try TanhParticleNetwork(particles: Matrix(rows: 2, cols: 2)) }
    }

    @Test("tensors are deterministic in the seed; samples < 1 is rejected")
    func determinism() throws {
        let network = try TanhParticleNetwork(particles: Matrix([[1.0, 0.5, -0.2, 0.1], [0.4, -0.3, 0.8, 0.0]]))
        let a = try HermiteTensors(of: network, samples: 5000, seed: 11)
        #expect(try HermiteTensors(of: network, samples: 5000, seed: 11) == a)
        #expect(try HermiteTensors(of: network, samples: 5000, seed: 12) != a)
        #expect(throws: NetworkError.self) { try HermiteTensors(of: network, samples: 0, seed: 1) }
    }

    @Test("raw clusters: sign-flipped neurons share a cluster; quantile and cosine thresholds act as documented")
    func directionClusters() throws {
        let readout = [3.0, -2.5, 2.0, 1.8, 0.01]
        let readin = Matrix([[2, 0, 0], [-1.5, 0.1, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1]])
        let top = try DirectionClusters(readout: readout, readin: readin, activeQuantile: 0.25, cosineThreshold: 0.9)
        #expect(top.count == 3 && top.activeCount == 4)
        #expect(top.assignments == [0, 0, 1, 2, nil])
        let all = try DirectionClusters(readout: readout, readin: readin, activeQuantile: 0, cosineThreshold: 0.9)
        #expect(all.count == 4 && all.activeCount == 5)
        let loose = try DirectionClusters(readout: readout, readin: readin, activeQuantile: 0.25, cosineThreshold: 0.5)
        #expect(loose.count == 2 && loose.assignments == [0, 0, 1, 0, nil])   // |cos| = 1/√2 to e1 ≥ 0.5
        let onlyTop = try DirectionClusters(readout: readout, readin: readin, activeQuantile: 1, cosineThreshold: 0.9)
        #expect(onlyTop.count == 1 && onlyTop.activeCount == 1)
        #expect(throws: NetworkError.self) {
            try DirectionClusters(readout: readout, readin: readin, activeQuantile: 1.5, cosineThreshold: 0.9)
        }
        #expect(throws: NetworkError.self) {
            try DirectionClusters(readout: [1], readin: readin, activeQuantile: 0.5, cosineThreshold: 0.9)
        }
    }
}
