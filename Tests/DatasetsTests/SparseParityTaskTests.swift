import Testing
import Datasets
import LinearAlgebra
import TestSupport

private func task(d: Int = 20, k: Int = 4, train: Int = 60, test: Int = 30, support: [Int]? = nil,
                  noise: Double = 0, seed: UInt64 = 7) throws -> SparseParityTask {
    try SparseParityTask(dimension: d, order: k, trainCount: train, testCount: test, support: support, noiseStd: noise, seed: seed)
}

/// The product of the entries of row `i` at `support`, computed from the stored matrix.
private func product(_ x: Matrix, row i: Int, over support: [Int]) -> Double {
    support.reduce(1.0) { $0 * x[i, $1] }
}

@Suite("Sparse parity data")
struct SparseParityTaskTests {
    @Test("labels are the product over the support; inputs are ±1; test labels are noiseless")
    func labelsAreTheParity() throws {
        let (data, support) = try task().generate()
        #expect(data.trainInputs.values.allSatisfy { $0 == 1 || $0 == -1 })
        #expect(data.testInputs.values.allSatisfy { $0 == 1 || $0 == -1 })
        for i in 0..<data.trainLabels.count { #expect(data.trainLabels[i] == product(data.trainInputs, row: i, over: support)) }
        for i in 0..<data.testLabels.count { #expect(data.testLabels[i] == product(data.testInputs, row: i, over: support)) }
        // Both classes occur and roughly balanced signs (60 fair coin rows: a ≥ 5σ imbalance would be a bug).
        let positives = data.trainLabels.filter { $0 == 1 }.count
        #expect(positives > 10 && positives < 50)
    }

    @Test("the support has k distinct sorted indices in 0..<d; an explicit support is used as given (sorted)")
    func supportShape() throws {
        for seed: UInt64 in 0..<20 {
            let s = try task(d: 9, k: 4, seed: seed).support()
            #expect(s.count == 4 && Set(s).count == 4 && s == s.sorted() && s.allSatisfy { (0..<9).contains($0) })
        }
        let full = try task(d: 5, k: 5).support()
        #expect(full == [0, 1, 2, 3, 4])
        let explicit = try task(d: 10, k: 3, support: [8, 1, 4])
        #expect(explicit.support() == [1, 4, 8])
        let (data, support) = explicit.generate()
        #expect(support == [1, 4, 8])
        #expect(data.testLabels[3] == data.testInputs[3, 1] * data.testInputs[3, 4] * data.testInputs[3, 8])
        // Different seeds give different supports (20 seeds, C(40, 4) supports: all equal is impossible in practice).
        let supports = Set((0..<20).map { try! task(d: 40, seed: UInt64($0)).support() })
        #expect(supports.count > 10)
    }

    @Test("training sets are nested and the support and test set do not depend on train_count")
    func nesting() throws {
        let big = try task(train: 200, noise: 0.3).generate()
        let small = try task(train: 37, noise: 0.3).generate()
        #expect(small.support == big.support)
        #expect(small.data.trainInputs == big.data.trainInputs.rows(0..<37))
        #expect(small.data.trainLabels == Array(big.data.trainLabels[0..<37]))
        #expect(small.data.testInputs == big.data.testInputs && small.data.testLabels == big.data.testLabels)
        // The test set does not depend on test_count beyond its length either.
        let shorterTest = try task(train: 37, test: 11, noise: 0.3).generate()
        #expect(shorterTest.data.testInputs == big.data.testInputs.rows(0..<11))
    }

    @Test("deterministic for a seed; another seed changes the data")
    func determinism() throws {
        let a = try task(d: 70, noise: 0.2).generate(), b = try task(d: 70, noise: 0.2).generate()
        #expect(a.data.trainInputs.values.map(\.bitPattern) == b.data.trainInputs.values.map(\.bitPattern))
        #expect(a.data.trainLabels.map(\.bitPattern) == b.data.trainLabels.map(\.bitPattern))
        #expect(a.support == b.support && a.data == b.data)
        let c = try task(d: 70, noise: 0.2, seed: 8).generate()
        #expect(c.data.trainInputs != a.data.trainInputs && c.data.testInputs != a.data.testInputs)
    }

    @Test("label noise is on training labels only, with the requested standard deviation")
    func noise() throws {
        let clean = try task(train: 4000, test: 10).generate()
        let noisy = try task(train: 4000, test: 10, noise: 0.5).generate()
        #expect(clean.data.trainInputs == noisy.data.trainInputs && clean.data.testLabels == noisy.data.testLabels)
        let residual = zip(noisy.data.trainLabels, clean.data.trainLabels).map { $0 - $1 }
        let std = (residual.reduce(0) { $0 + $1 * $1 } / Double(residual.count)).squareRoot()
        // Standard error of the std estimate: 0.5/√(2·4000) ≈ 0.0056; allow 5σ.
        #expect(abs(std - 0.5) < 0.028, "std \(std)")
    }

    @Test("|S| > d, k = 0 and bad supports are rejected with the parameter's name")
    func validation() {
        let cases: [(String, String, () throws -> SparseParityTask)] = [
            ("order", "must not exceed the dimension", { try task(d: 3, k: 4) }),
            ("order", "at least 1", { try task(k: 0) }),
            ("dimension", "1...", { try task(d: 0, k: 1) }),
            ("dimension", "1...", { try task(d: SparseParityTask.maximumDimension + 1, k: 1) }),
            ("trainCount", "at least 1", { try task(train: 0) }),
            ("testCount", "at least 1", { try task(test: 0) }),
            ("noiseStd", "non-negative", { try task(noise: -1) }),
            ("support", "exactly order", { try task(k: 3, support: [1, 2]) }),
            ("support", "0..<20", { try task(k: 2, support: [1, 20]) }),
            ("support", "0..<20", { try task(k: 2, support: [-1, 3]) }),
            ("support", "distinct", { try task(k: 2, support: [3, 3]) }),
        ]
        for (name, phrase, make) in cases {
            do {
                _ = try make()
                Issue.record("expected an error for \(name) (\(phrase))")
            } catch let error as DatasetError {
                #expect(error.description.contains("`\(name)`") && error.description.contains(phrase), "\(error)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test("learnability by a bias-free ReLU: even k or k = 1")
    func learnability() {
        #expect((1...8).map { SparseParity.isLearnableByBiasFreeReLU(k: $0) } == [true, true, false, true, false, true, false, true])
        #expect(!SparseParity.isLearnableByBiasFreeReLU(k: 0))
    }
}
