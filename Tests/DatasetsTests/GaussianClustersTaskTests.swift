import Datasets
import LinearAlgebra
import Testing

@Suite("Gaussian clusters task")
struct GaussianClustersTaskTests {
    @Test func labelsAlternateAndBalanceEvenCounts() throws {
        let even = try GaussianClustersTask(dimension: 3, separation: 1, trainCount: 10, testCount: 7, seed: 1).generate()
        #expect(even.trainLabels == [1, -1, 1, -1, 1, -1, 1, -1, 1, -1])
        #expect(even.trainLabels.reduce(0, +) == 0)
        // Odd count: one +1 more.
        #expect(even.testLabels == [1, -1, 1, -1, 1, -1, 1])
        #expect(even.testLabels.filter { $0 > 0 }.count == 4 && even.testLabels.filter { $0 < 0 }.count == 3)
    }

    @Test func classMeansArePlusMinusREOneWithUnitNoise() throws {
        let r = 1.7, d = 5, n = 4000
        let data = try GaussianClustersTask(dimension: d, separation: r, trainCount: n, testCount: 10, seed: 3).generate()
        // y·x₁ ~ N(r, 1); the other coordinates N(0, 1) whatever the class.
        var along = 0.0, along2 = 0.0, across = 0.0, across2 = 0.0
        for i in 0..<n {
            let y = data.trainLabels[i]
            let v = y * data.trainInputs[i, 0] - r
            along += v
            along2 += v * v
            for j in 1..<d {
                let w = y * data.trainInputs[i, j]
                across += w
                across2 += w * w
            }
        }
        let m = Double(n), mAcross = Double(n * (d - 1))
        #expect(abs(along / m) < 5 / m.squareRoot(), "mean of y·x₁ − r: \(along / m)")
        #expect(abs(across / mAcross) < 5 / mAcross.squareRoot())
        // Var of a sample variance of N(0,1): 2/n.
        #expect(abs(along2 / m - 1) < 5 * (2 / m).squareRoot())
        #expect(abs(across2 / mAcross - 1) < 5 * (2 / mAcross).squareRoot())
    }

    @Test func trainingRowsAreNestedAndTheTestSetIgnoresTrainCount() throws {
        let big = try GaussianClustersTask(dimension: 4, separation: 1, trainCount: 30, testCount: 9, seed: 5).generate()
        let small = try GaussianClustersTask(dimension: 4, separation: 1, trainCount: 11, testCount: 9, seed: 5).generate()
        #expect(Array(big.trainInputs.values.prefix(11 * 4)) == small.trainInputs.values)
        #expect(Array(big.trainLabels.prefix(11)) == small.trainLabels)
        #expect(big.testInputs == small.testInputs && big.testLabels == small.testLabels)
        #expect(big.testInputs.rows(0..<9) != big.trainInputs.rows(0..<9))
        let other = try GaussianClustersTask(dimension: 4, separation: 1, trainCount: 11, testCount: 9, seed: 6).generate()
        #expect(other.trainInputs != small.trainInputs)
        let zero = try GaussianClustersTask(dimension: 4, separation: 0, trainCount: 11, testCount: 9, seed: 5).generate()
        for i in 0..<11 {
            #expect(abs(zero.trainInputs[i, 0] - (small.trainInputs[i, 0] - small.trainLabels[i])) < 1e-15)
            #expect(zero.trainInputs[i, 1] == small.trainInputs[i, 1])
        }
    }

    @Test func invalidParametersAreNamed() {
        let cases: [(String, () throws -> GaussianClustersTask)] = [
            ("dimension", { try GaussianClustersTask(dimension: 0, separation: 1, trainCount: 2, testCount: 2, seed: 0) }),
            ("separation", { try GaussianClustersTask(dimension: 2, separation: -1, trainCount: 2, testCount: 2, seed: 0) }),
            ("separation", { try GaussianClustersTask(dimension: 2, separation: .nan, trainCount: 2, testCount: 2, seed: 0) }),
            ("trainCount", { try GaussianClustersTask(dimension: 2, separation: 1, trainCount: 0, testCount: 2, seed: 0) }),
            ("testCount", { try GaussianClustersTask(dimension: 2, separation: 1, trainCount: 2, testCount: 0, seed: 0) }),
        ]
        for (name, make) in cases {
            do {
                _ = try make()
                Issue.record("expected an error for \(name)")
            } catch let DatasetError.invalidParameter(got, _, _) {
                #expect(got == name)
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }
}
