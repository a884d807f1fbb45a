import LinearAlgebra

/// A multi-index Hermite regression task with Gaussian inputs: a sparse dictionary of `S` atoms
/// along orthonormal directions, plus an optional Hermite tail.
///
/// * Inputs: every row `x ~ N(0, I_d)`, independent.
/// * Directions: `u_1 … u_S` orthonormal — Gram–Schmidt of seeded standard Gaussian vectors, or the
///   first `S` coordinate axes when `axisAligned`.
/// * Target: `f*(x) = Σ_s c_s h_{k_s}(u_s·x) + Σ_{k=K..K'} t_k h_k(u_1·x)`, `h_k = He_k/√k!` the
///   normalised probabilists' Hermite polynomials and `t_k = k⁻²` (the tail; none when
///   `tailFrom = tailTo = 0`).
/// * Training labels: `y = f*(x) + noiseStd·ξ`, `ξ ~ N(0, 1)`; test labels are the noiseless `f*(x)`.
///
/// Because the `h_k(u·x)` are orthonormal in `L²(N(0, I))` for orthonormal directions (distinct
/// `(direction, degree)` pairs, degree ≥ 1, are orthogonal; every degree-0 term is the same constant),
/// `E[f*²]` is the sum of squares of the coefficients collected per basis function (`signalEnergy`).
///
/// **Nesting.** As in `TeacherStudentTask`, training row `i` comes from stream
/// `[purpose("hermite-target-train-inputs"), i]`, its noise from `[purpose("hermite-target-train-noise"), i]`,
/// test row `i` from `[purpose("hermite-target-test-inputs"), i]` and the Gaussian vector behind
/// direction `s` from `[purpose("hermite-target-direction"), s]`. The first `P` training rows do not
/// depend on `trainCount`, and direction `s` depends only on the vectors `0…s` (not on `S`).
public struct HermiteTargetTask: Sendable, Equatable {
    /// Largest accepted Hermite degree (atoms and tail).
    public static let maximumDegree = 100

    /// Input dimension `d`.
    public var dimension: Int
    /// The atoms' coefficients `c_s` (length `S`).
    public var coefficients: [Double]
    /// The atoms' Hermite degrees `k_s` (length `S`).
    public var degrees: [Int]
    /// Use the coordinate axes `e_1 … e_S` as directions instead of random orthonormal ones.
    public var axisAligned: Bool
    /// First degree `K` of the tail along `u_1` (0 with `tailTo = 0`: no tail).
    public var tailFrom: Int
    /// Last degree `K'` of the tail along `u_1` (0: no tail).
    public var tailTo: Int
    /// Number of training examples `P`.
    public var trainCount: Int
    /// Number of test examples.
    public var testCount: Int
    /// Standard deviation of the Gaussian label noise on the training set.
    public var noiseStd: Double
    /// The seed of every random stream of the task.
    public var seed: UInt64

    /// A validated task.
    /// - Parameters:
    ///   - dimension: input dimension `d ≥ 1`.
    ///   - coefficients: the atoms' coefficients (finite, `1 ≤ S ≤ d` of them).
    ///   - degrees: the atoms' degrees, one per coefficient, each in `0...maximumDegree`.
    ///   - axisAligned: directions `e_1 … e_S` instead of random orthonormal ones.
    ///   - tailFrom: first tail degree (`1 ≤ K ≤ K'`), or 0 together with `tailTo = 0` for no tail.
    ///   - tailTo: last tail degree `K' ≤ maximumDegree`, or 0 for no tail.
    ///   - trainCount: training examples `P ≥ 1`.
    ///   - testCount: test examples `≥ 1`.
    ///   - noiseStd: label-noise standard deviation `≥ 0`.
    ///   - seed: the random seed.
    /// - Throws: `DatasetError.invalidParameter` naming the offending parameter.
    public init(dimension: Int, coefficients: [Double], degrees: [Int], axisAligned: Bool = false,
                tailFrom: Int = 0, tailTo: Int = 0, trainCount: Int, testCount: Int,
                noiseStd: Double = 0, seed: UInt64) throws {
        self.dimension = dimension
        self.coefficients = coefficients
        self.degrees = degrees
        self.axisAligned = axisAligned
        self.tailFrom = tailFrom
        self.tailTo = tailTo
        self.trainCount = trainCount
        self.testCount = testCount
        self.noiseStd = noiseStd
        self.seed = seed
        try validate()
    }

    /// Checks the parameters.
    /// - Throws: `DatasetError.invalidParameter` naming the first invalid parameter.
    public func validate() throws {
        func fail(_ name: String, _ value: String, _ requirement: String) -> DatasetError {
            .invalidParameter(name: name, value: value, requirement: requirement)
        }
        if dimension < 1 { throw fail("dimension", "\(dimension)", "must be at least 1") }
        if coefficients.isEmpty { throw fail("coefficients", "[]", "must name at least one atom") }
        if let c = coefficients.first(where: { !$0.isFinite }) { throw fail("coefficients", "\(c)", "must be finite") }
        if degrees.count != coefficients.count {
            throw fail("degrees", "\(degrees)", "must have one entry per coefficient (\(coefficients.count)), has \(degrees.count)")
        }
        if let k = degrees.first(where: { $0 < 0 || $0 > Self.maximumDegree }) {
            throw fail("degrees", "\(k)", "every degree must be in 0...\(Self.maximumDegree)")
        }
        if coefficients.count > dimension {
            throw fail("coefficients", "\(coefficients.count) atoms",
                       "at most d = \(dimension) atoms: the directions are orthonormal in R^d")
        }
        let noTail = tailFrom == 0 && tailTo == 0
        if !noTail {
            if tailFrom < 1 || tailFrom > tailTo {
                throw fail("tailFrom", "\(tailFrom)", "must satisfy 1 ≤ tailFrom ≤ tailTo = \(tailTo) (both 0: no tail)")
            }
            if tailTo > Self.maximumDegree {
                throw fail("tailTo", "\(tailTo)", "must be at most \(Self.maximumDegree)")
            }
        }
        if trainCount < 1 { throw fail("trainCount", "\(trainCount)", "must be at least 1") }
        if testCount < 1 { throw fail("testCount", "\(testCount)", "must be at least 1") }
        if !(noiseStd >= 0) || !noiseStd.isFinite {
            throw fail("noiseStd", "\(noiseStd)", "must be finite and non-negative")
        }
    }

    /// The number of atoms `S`.
    public var atomCount: Int { coefficients.count }

    /// The tail's degrees and coefficients `(k, t_k = k⁻²)`, `k = tailFrom … tailTo` (empty: no tail).
    public var tail: [(degree: Int, coefficient: Double)] {
        guard tailTo > 0 else { return [] }
        return (tailFrom...tailTo).map { k in (k, 1 / Double(k * k)) }
    }

    /// `Σ_k t_k²`, the tail's squared `L²` norm (the `h_k` are orthonormal).
    public var tailEnergy: Double { tail.reduce(0) { $0 + $1.coefficient * $1.coefficient } }

    /// `E[f*(x)²]`: the squared `L²` norm of the noiseless target, coefficients summed per basis function
    /// (`h_k(u_s·x)` for degree ≥ 1; one constant for every degree-0 term) before squaring — so a tail
    /// degree equal to the first atom's degree adds its coefficient to that atom's. Equals `Σ c_s² + tailEnergy`
    /// when no two terms share a basis function; it is the variance of `f*` when no degree is 0.
    public var signalEnergy: Double {
        var collected: [BasisFunction: Double] = [:]
        func add(_ direction: Int, _ degree: Int, _ c: Double) {
            collected[BasisFunction(direction: degree == 0 ? -1 : direction, degree: degree), default: 0] += c
        }
        for s in coefficients.indices { add(s, degrees[s], coefficients[s]) }
        for t in tail { add(0, t.degree, t.coefficient) }
        // Summed in a fixed order (dictionary order varies between processes).
        return collected.sorted { ($0.key.direction, $0.key.degree) < ($1.key.direction, $1.key.degree) }
            .reduce(0) { $0 + $1.value * $1.value }
    }

    /// A basis function `h_degree(u_direction·x)` (direction −1: the constant).
    private struct BasisFunction: Hashable {
        var direction: Int
        var degree: Int
    }

    /// The atoms' directions, one per row (`S × d`, orthonormal rows).
    ///
    /// Random directions: modified Gram–Schmidt, applied twice, of the standard Gaussian vectors
    /// `g_s` from streams `[purpose("hermite-target-direction"), s]`, in the order `s = 0 … S−1`.
    /// - Returns: the direction matrix.
    public func directions() -> Matrix {
        let d = dimension
        var u = Matrix(rows: atomCount, cols: d)
        if axisAligned {
            for s in 0..<atomCount { u[s, s] = 1 }
            return u
        }
        let purpose = RandomStream.purpose("hermite-target-direction")
        var basis: [[Double]] = []
        for s in 0..<atomCount {
            var stream = RandomStream(seed: seed, stream: [purpose, UInt64(s)])
            var v = stream.fillGaussian(d)
            for _ in 0..<2 {
                for b in basis {
                    let overlap = Self.projection(v[...], b)
                    for j in 0..<d { v[j] -= overlap * b[j] }
                }
            }
            let norm = Self.projection(v[...], v).squareRoot()
            precondition(norm > 1e-8, "HermiteTargetTask.directions: Gaussian vector \(s) is degenerate (norm \(norm))")
            for j in 0..<d { v[j] /= norm }
            basis.append(v)
            u.values.replaceSubrange((s * d)..<((s + 1) * d), with: v)
        }
        return u
    }

    /// The noiseless target `f*(x)`.
    /// - Parameters:
    ///   - x: an input (length `dimension`).
    ///   - directions: the atoms' directions (`directions()`).
    /// - Returns: `Σ_s c_s h_{k_s}(u_s·x) + Σ_k t_k h_k(u_1·x)`.
    public func target(_ x: ArraySlice<Double>, directions: Matrix) -> Double {
        precondition(x.count == dimension && directions.rows == atomCount && directions.cols == dimension,
                     "HermiteTargetTask.target: input has \(x.count) components, directions \(directions.rows)×\(directions.cols)")
        var y = 0.0
        var firstProjection = 0.0
        for s in 0..<atomCount {
            let z = Self.projection(x, Array(directions.values[(s * dimension)..<((s + 1) * dimension)]))
            if s == 0 { firstProjection = z }
            y += coefficients[s] * HermitePolynomial.normalized(degrees[s], z)
        }
        for t in tail { y += t.coefficient * HermitePolynomial.normalized(t.degree, firstProjection) }
        return y
    }

    /// Draws the data set.
    /// - Returns: the data and the directions (`S × d`).
    public func generate() -> (data: RegressionData, directions: Matrix) {
        do { try validate() } catch { preconditionFailure("HermiteTargetTask.generate: \(error)") }
        let u = directions()
        let (trainInputs, cleanTrain) = gaussianRows(count: trainCount, purpose: "hermite-target-train-inputs", directions: u)
        var trainLabels = cleanTrain
        let noisePurpose = RandomStream.purpose("hermite-target-train-noise")
        for i in 0..<trainCount {
            var noise = RandomStream(seed: seed, stream: [noisePurpose, UInt64(i)])
            trainLabels[i] += noiseStd * noise.nextGaussian()
        }
        let (testInputs, testLabels) = gaussianRows(count: testCount, purpose: "hermite-target-test-inputs", directions: u)
        return (RegressionData(trainInputs: trainInputs, trainLabels: trainLabels, testInputs: testInputs, testLabels: testLabels), u)
    }

    /// Rows `x_i ~ N(0, I_d)`, row `i` from stream `[purpose(label), i]`, and their noiseless targets.
    private func gaussianRows(count: Int, purpose label: String, directions u: Matrix) -> (Matrix, [Double]) {
        let purpose = RandomStream.purpose(label)
        var inputs = Matrix(rows: count, cols: dimension)
        var targets = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var stream = RandomStream(seed: seed, stream: [purpose, UInt64(i)])
            let row = stream.fillGaussian(dimension)
            inputs.values.replaceSubrange((i * dimension)..<((i + 1) * dimension), with: row)
            targets[i] = target(row[...], directions: u)
        }
        return (inputs, targets)
    }

    /// `a·b` summed left to right in plain Swift, so a row's value never depends on how many rows are drawn.
    private static func projection(_ a: ArraySlice<Double>, _ b: [Double]) -> Double {
        var s = 0.0
        for (p, q) in zip(a, b) { s += p * q }
        return s
    }
}
