import Foundation
import LinearAlgebra
import Networks
import Testing
import TestSupport

/// The images of a particle set (sign flip, duplication, perturbation) and the distances between
/// particle sets (Monte-Carlo L², raw and sign-quotient W2), against exact invariances and closed forms.
@Suite("Particle images and distances (identifiability)")
struct ParticleIdentifiabilityTests {
    /// `n` particles in dimension `d` drawn like a mean-field initialisation: a ~ N(0, 1), w ~ N(0, I/d), b ~ N(0, 1).
    func particles(_ n: Int, _ d: Int, seed: UInt64) throws -> TanhParticleNetwork {
        var stream = RandomStream(seed: seed, stream: [RandomStream.purpose("test-particles")])
        var values: [Double] = []
        for _ in 0..<n {
            values.append(stream.nextGaussian())
            for _ in 0..<d { values.append(stream.nextGaussian() / Double(d).squareRoot()) }
            values.append(stream.nextGaussian())
        }
        return try TanhParticleNetwork(particles: Matrix(rows: n, cols: d + 2, values: values))
    }

    func rawW2(_ p: TanhParticleNetwork, _ q: TanhParticleNetwork) throws -> Double {
        try ParticleDistances.wasserstein2(p.particles, q.particles, cost: .squaredEuclidean)
    }

    func quotientW2(_ p: TanhParticleNetwork, _ q: TanhParticleNetwork) throws -> Double {
        try ParticleDistances.wasserstein2(p.particles, q.particles, cost: .signQuotient)
    }

    @Test("outputs: (1/N) Σ a tanh(w·x + b) at hand-made points; the Monte-Carlo norm matches Gauss–Hermite")
    func outputsAndNorm() throws {
        let net = try TanhParticleNetwork(particles: Matrix([[2, 1, -1, 0.5], [-1, 0.5, 0.25, 0]]))
        let x = Matrix([[0.3, -0.7], [0, 0]])
        let f = try net.outputs(x)
        #expect(isClose(f[0], (2 * tanh(0.3 + 0.7 + 0.5) - tanh(0.15 - 0.175)) / 2))
        #expect(isClose(f[1], (2 * tanh(0.5) - tanh(0)) / 2))
        #expect(throws: NetworkError.self) { try net.outputs(Matrix(rows: 1, cols: 3)) }
        // d = 1: E f(x)² by 80-point Gauss–Hermite against 200 000 Monte-Carlo inputs (error ≈ 0.3 %).
        let one = try TanhParticleNetwork(particles: Matrix([[1.5, 2, 0.3], [-0.5, -0.7, 1]]))
        let exact = GaussHermite(order: 80).expectation { x in
            let v = (1.5 * tanh(2 * x + 0.3) - 0.5 * tanh(-0.7 * x + 1)) / 2
            return v * v
        }.squareRoot()
        let inputs = ParticleDistances.gaussianInputs(count: 200_000, dimension: 1, seed: 5)
        let norm = try ParticleDistances.functionDistance(one, one, inputs: inputs)
        #expect(norm.absolute == 0 && abs(norm.referenceNorm / exact - 1) < 0.01, "\(norm.referenceNorm) vs \(exact)")
    }

    @Test("sign flip + permutation: the same function (relative Δf < 1e-12), raw W2 O(1), quotient W2 = 0")
    func signFlip() throws {
        let net = try particles(64, 5, seed: 1)
        let image = ParticleImages.signFlippedAndPermuted(net, seed: 9)
        #expect(image.width == 64)
        let inputs = ParticleDistances.gaussianInputs(count: 4000, dimension: 5, seed: 2)
        let delta = try ParticleDistances.functionDistance(net, image, inputs: inputs)
        #expect(delta.relative < 1e-12 && delta.referenceNorm > 0.05, "\(delta)")
        let raw = try rawW2(net, image), quotient = try quotientW2(net, image)
        #expect(raw > 0.5, "raw W2 \(raw)")
        #expect(quotient < 1e-12, "quotient W2 \(quotient)")
        // The image's rows are particles of Θ, half of them negated (as multisets, up to sign).
        let original = Set((0..<64).map { net.particles.row($0) })
        let flipped = (0..<64).map { image.particles.row($0) }
        #expect(flipped.prefix(32).allSatisfy { original.contains($0.map { -$0 }) })
        #expect(flipped.suffix(32).allSatisfy { original.contains($0) })
        // Deterministic in the seed.
        #expect(ParticleImages.signFlippedAndPermuted(net, seed: 9) == image)
        #expect(ParticleImages.signFlippedAndPermuted(net, seed: 10) != image)
    }

    @Test("duplication Θ ⊕ Θ: the same function, raw and quotient W2 = 0 (sizes N and 2N)")
    func duplication() throws {
        let net = try particles(48, 4, seed: 3)
        let image = ParticleImages.duplicated(net)
        #expect(image.width == 96)
        let inputs = ParticleDistances.gaussianInputs(count: 4000, dimension: 4, seed: 2)
        #expect(try ParticleDistances.functionDistance(net, image, inputs: inputs).relative < 1e-12)
        #expect(try rawW2(net, image) == 0 && quotientW2(image, net) == 0)
    }

    @Test("perturbation: the raw W2 equals the requested value; the function changes")
    func perturbation() throws {
        let net = try particles(40, 3, seed: 4)
        let inputs = ParticleDistances.gaussianInputs(count: 4000, dimension: 3, seed: 2)
        for target in [0.05, 0.4, 1.5] {
            let p = try ParticleImages.perturbed(net, rawW2: target, seed: 6)
            let measured = try rawW2(net, p.network)
            #expect(isClose(measured, target, relative: 1e-10), "target \(target): \(measured)")
            let quotient = try quotientW2(net, p.network)
            #expect(p.scale > 0 && quotient <= measured * (1 + 1e-12))
            #expect(try ParticleDistances.functionDistance(net, p.network, inputs: inputs).relative > 1e-3)
            #expect(try ParticleImages.perturbed(net, rawW2: target, seed: 6) == p)
        }
        let zero = try ParticleImages.perturbed(net, rawW2: 0, seed: 6)
        #expect(zero.network == net && zero.scale == 0)
        let error = #expect(throws: NetworkError.self) { try ParticleImages.perturbed(net, rawW2: -1, seed: 6) }
        #expect(error?.description.contains("perturbation_w2") == true)
    }

    @Test("W2 closed forms: a set to itself is 0; one particle against one is |θ − θ′|; one against M is the RMS distance")
    func wassersteinClosedForms() throws {
        let net = try particles(30, 2, seed: 7)
        #expect(try rawW2(net, net) == 0 && quotientW2(net, net) == 0)
        let p = Matrix([[1, 2, -1, 0.5]]), q = Matrix([[-0.5, -1, 2, 0]])
        let difference = (0..<4).map { p.values[$0] - q.values[$0] }, sum = (0..<4).map { p.values[$0] + q.values[$0] }
        let euclidean = difference.reduce(0) { $0 + $1 * $1 }.squareRoot(), mirrored = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(isClose(try ParticleDistances.wasserstein2(p, q, cost: .squaredEuclidean), euclidean))
        #expect(isClose(try ParticleDistances.wasserstein2(p, q, cost: .signQuotient), min(euclidean, mirrored)))
        #expect(mirrored < euclidean)   // the quotient cost is the smaller one here (the test can tell them apart)
        // One particle against M: all mass moves to the single point, W2² = mean_j |θ − θ′_j|².
        var meanSquare = 0.0
        for j in 0..<net.width { meanSquare += zip(p.values, net.particles.row(j)).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
        let expected = (meanSquare / Double(net.width)).squareRoot()
        #expect(isClose(try ParticleDistances.wasserstein2(p, net.particles, cost: .squaredEuclidean), expected, relative: 1e-12))
    }

    @Test("W2 between N = 4 and M = 6 points on a line: the quantile-function integral (lcm replication)")
    func unequalSizesOnALine() throws {
        let x = [0.3, -1.2, 2.0, 0.8], y = [-0.4, 1.1, 0.0, 3.0, -2.2, 0.5]
        // ∫₀¹ |F⁻¹(t) − G⁻¹(t)|² dt over the common refinement of the breakpoints k/4 and k/6.
        let xs = x.sorted(), ys = y.sorted()
        let breaks = Array(Set((0...4).map { Double($0) / 4 } + (0...6).map { Double($0) / 6 })).sorted()
        var integral = 0.0
        for k in 1..<breaks.count {
            let t = (breaks[k - 1] + breaks[k]) / 2
            let e = xs[Int(t * 4)] - ys[Int(t * 6)]
            integral += (breaks[k] - breaks[k - 1]) * e * e
        }
        let w2 = try ParticleDistances.wasserstein2(Matrix(rows: 4, cols: 1, values: x), Matrix(rows: 6, cols: 1, values: y), cost: .squaredEuclidean)
        #expect(isClose(w2, integral.squareRoot(), relative: 1e-12), "\(w2) vs \(integral.squareRoot())")
    }

    @Test("bad inputs: non-finite or too narrow particles, mismatched dimensions, a too large lcm")
    func refusals() throws {
        #expect(throws: NetworkError.self) { try TanhParticleNetwork(particles: Matrix([[1, 0, .nan]])) }
        #expect(throws: NetworkError.self) { try TanhParticleNetwork(particles: Matrix([[1, 0]])) }
        #expect(throws: NetworkError.self) { try TanhParticleNetwork(particles: Matrix(rows: 0, cols: 4)) }
        #expect(throws: NetworkError.self) { try ParticleDistances.wasserstein2(Matrix([[1, 2]]), Matrix([[1, 2, 3]]), cost: .squaredEuclidean) }
        let error = #expect(throws: NetworkError.self) {
            try ParticleDistances.wasserstein2(Matrix(rows: 67, cols: 1), Matrix(rows: 71, cols: 1), cost: .signQuotient)
        }
        #expect(error?.description.contains("lcm") == true)
    }

    @Test("N = 256, d = 8 (the paper's Figure 3 size): all images and distances; timing printed")
    func paperSizeTiming() throws {
        let net = try particles(256, 8, seed: 21), other = try particles(256, 8, seed: 22)
        let start = Date()
        let inputs = ParticleDistances.gaussianInputs(count: 20_000, dimension: 8, seed: 1)
        let reference = try net.outputs(inputs)
        let flip = ParticleImages.signFlippedAndPermuted(net, seed: 1)
        let flipRaw = try rawW2(net, flip)
        let perturbation = try ParticleImages.perturbed(net, rawW2: flipRaw, seed: 1)
        var line = ""
        for (name, image) in [("sign_flip", flip), ("duplicate", ParticleImages.duplicated(net)), ("perturbed", perturbation.network), ("independent", other)] {
            let delta = try ParticleDistances.functionDistance(reference: reference, other: try image.outputs(inputs)).relative
            let raw = try rawW2(net, image), quotient = try quotientW2(net, image)
            line += String(format: " %@: Δf %.3g, raw %.4f, quotient %.4f;", name, delta, raw, quotient)
            #expect(quotient <= raw * (1 + 1e-12), "\(name)")
        }
        #expect(isClose(try rawW2(net, perturbation.network), flipRaw, relative: 1e-10))
        print(String(format: "identifiability N = 256, d = 8, 20 000 inputs: %.2f s;", Date().timeIntervalSince(start)) + line)
    }
}
