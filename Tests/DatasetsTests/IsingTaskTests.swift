import Datasets
import LinearAlgebra
import Testing

@Suite("Ising task")
struct IsingTaskTests {
    @Test func patternsAreNoisyCopiesOfTheLabelTemplate() throws {
        let task = try IsingTask(dimension: 200, trainCount: 400, testCount: 300, flipProbability: 0.1, seed: 3)
        let data = task.generate()
        #expect(data.trainInputs.rows == 400 && data.trainInputs.cols == 200)
        #expect(data.trainLabels.reduce(0, +) == 0)           // balanced
        #expect(data.trainInputs.values.allSatisfy { $0 == 1 || $0 == -1 })
        // Fraction of spins disagreeing with the label: Binomial(80 000, 0.1) → within 5 σ of 0.1.
        var flips = 0
        for i in 0..<400 { for j in 0..<200 where data.trainInputs[i, j] != data.trainLabels[i] { flips += 1 } }
        let n = 400.0 * 200, f = Double(flips) / n
        #expect(abs(f - 0.1) < 5 * (0.1 * 0.9 / n).squareRoot(), "flip fraction \(f)")
    }

    @Test func trainingSetsAreNestedAndSeeded() throws {
        let big = try IsingTask(dimension: 30, trainCount: 50, testCount: 10, flipProbability: 0.2, seed: 7).generate()
        let small = try IsingTask(dimension: 30, trainCount: 20, testCount: 10, flipProbability: 0.2, seed: 7).generate()
        #expect(Array(big.trainInputs.values.prefix(20 * 30)) == small.trainInputs.values)
        #expect(big.testInputs == small.testInputs)
        let other = try IsingTask(dimension: 30, trainCount: 20, testCount: 10, flipProbability: 0.2, seed: 8).generate()
        #expect(other.trainInputs != small.trainInputs)
    }

    @Test func invalidParametersAreRejected() {
        #expect(throws: DatasetError.self) { try IsingTask(dimension: 10, trainCount: 5, testCount: 5, flipProbability: 0.7, seed: 0) }
        #expect(throws: DatasetError.self) { try IsingTask(dimension: 0, trainCount: 5, testCount: 5, flipProbability: 0.1, seed: 0) }
    }
}
