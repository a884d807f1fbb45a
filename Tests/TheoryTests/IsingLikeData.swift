import LinearAlgebra

/// The Ising-like, linearly separable task of the science note, generated here so that the theory
/// tests do not depend on the Datasets module: balanced labels `y = ±1`, patterns `y·(1,…,1)` with
/// every component flipped independently with probability `p`.
enum IsingLikeData {
    /// Draws `count` examples.
    /// - Parameters:
    ///   - count: the number of examples (labels alternate +1, −1, so they are balanced).
    ///   - dimension: `D`.
    ///   - flipProbability: `p`.
    ///   - seed: the RNG seed.
    ///   - purpose: a label selecting an independent stream ("train", "test").
    /// - Returns: the inputs (count × D) and labels.
    static func make(count: Int, dimension: Int, flipProbability: Double, seed: UInt64,
                     purpose: String) -> (inputs: Matrix, labels: [Double]) {
        var rng = RandomStream(seed: seed, stream: [RandomStream.purpose("ising-like"), RandomStream.purpose(purpose)])
        var inputs = Matrix(rows: count, cols: dimension)
        var labels = [Double](repeating: 0, count: count)
        for a in 0..<count {
            let y: Double = a % 2 == 0 ? 1 : -1
            labels[a] = y
            for i in 0..<dimension {
                inputs.values[a * dimension + i] = rng.nextUniform() < flipProbability ? -y : y
            }
        }
        return (inputs, labels)
    }
}
