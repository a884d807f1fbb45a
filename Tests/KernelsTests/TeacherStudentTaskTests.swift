import Foundation
import Testing
import Datasets
import LinearAlgebra
import TestSupport

private func task(d: Int = 10, train: Int = 50, test: Int = 20, teacher: TeacherKind = .linear,
                  degree: Int = 3, noise: Double = 0.3, seed: UInt64 = 42) throws -> TeacherStudentTask {
    try TeacherStudentTask(dimension: d, trainCount: train, testCount: test, teacher: teacher,
                           hermiteDegree: degree, noiseStd: noise, seed: seed)
}

/// Mean and standard error of the mean.
private func meanAndError(_ v: [Double]) -> (mean: Double, error: Double) {
    let n = Double(v.count)
    let m = v.reduce(0, +) / n
    let variance = v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
    return (m, (variance / n).squareRoot())
}

@Suite("Teacher–student data")
struct TeacherStudentTaskTests {
    @Test("invalid parameters are rejected with the parameter's name")
    func validation() {
        let cases: [(String, () throws -> TeacherStudentTask)] = [
            ("dimension", { try task(d: 0) }),
            ("trainCount", { try task(train: 0) }),
            ("testCount", { try task(test: 0) }),
            ("noiseStd", { try task(noise: -0.1) }),
            ("noiseStd", { try task(noise: .nan) }),
            ("hermiteDegree", { try task(degree: 0) }),
        ]
        for (name, make) in cases {
            do {
                _ = try make()
                Issue.record("expected an error for \(name)")
            } catch let error as DatasetError {
                #expect(error.description.contains("`\(name)`"))
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    @Test("shapes, unit teacher direction, and deterministic regeneration")
    func shapesAndDeterminism() throws {
        let t = try task()
        let (data, u) = t.generate()
        #expect(data.trainInputs.rows == 50 && data.trainInputs.cols == 10)
        #expect(data.testInputs.rows == 20 && data.testLabels.count == 20 && data.trainLabels.count == 50)
        #expect(isClose(dot(u, u), 1, relative: 1e-14))
        let again = t.generate()
        #expect(again.data == data && again.teacherDirection == u)
        let other = try task(seed: 43).generate()
        #expect(other.data.trainInputs != data.trainInputs && other.teacherDirection != u)
    }

    @Test("training sets are nested: the first P rows do not depend on trainCount")
    func nesting() throws {
        let big = try task(train: 300, test: 40).generate()
        for p in [1, 37, 299] {
            let small = try task(train: p, test: 17).generate()
            #expect(small.data.trainInputs == big.data.trainInputs.rows(0..<p))
            #expect(small.data.trainLabels == Array(big.data.trainLabels[0..<p]))
            #expect(small.teacherDirection == big.teacherDirection)
            #expect(small.data.testInputs == big.data.testInputs.rows(0..<17))
            #expect(small.data == big.data.firstTrainingExamples(p).withTestRows(17))
        }
    }

    @Test("test labels are the noiseless target; training labels carry N(0, σ²) noise")
    func labelsAndNoise() throws {
        let t = try task(d: 8, train: 4000, test: 100, noise: 0.3)
        let (data, u) = t.generate()
        for i in 0..<100 {
            #expect(data.testLabels[i] == t.target(data.testInputs.row(i), direction: u))
        }
        let residuals = (0..<4000).map { (data.trainLabels[$0] - t.target(data.trainInputs.row($0), direction: u)) / 0.3 }
        let (m, se) = meanAndError(residuals)
        #expect(abs(m) < 5 * se)
        let (v, seV) = meanAndError(residuals.map { $0 * $0 })
        #expect(abs(v - 1) < 5 * seV)
        let clean = try task(d: 8, train: 50, test: 5, noise: 0).generate()
        for i in 0..<50 {
            #expect(clean.data.trainLabels[i] == t.target(clean.data.trainInputs.row(i), direction: clean.teacherDirection))
        }
    }

    @Test("inputs are standard Gaussian and the projection u·x has unit variance")
    func inputStatistics() throws {
        let (data, u) = try task(d: 20, train: 2000, test: 2000, noise: 0).generate()
        let entries = data.trainInputs.values
        let (m, se) = meanAndError(entries)
        #expect(abs(m) < 5 * se)
        let (v, seV) = meanAndError(entries.map { $0 * $0 })
        #expect(abs(v - 1) < 5 * seV)
        let projections = matvec(data.testInputs, u)
        let (p2, seP) = meanAndError(projections.map { $0 * $0 })
        #expect(abs(p2 - 1) < 5 * seP)
    }

    @Test("target variances: 1 for linear and Hermite, (2/π)asin(2/3) for erf",
          arguments: [(TeacherKind.linear, 1), (.hermite, 2), (.hermite, 3), (.erf, 1)])
    func targetVariance(teacher: TeacherKind, degree: Int) throws {
        let (data, _) = try task(d: 5, train: 1, test: 20_000, teacher: teacher, degree: degree, noise: 0).generate()
        let (v, se) = meanAndError(data.testLabels.map { $0 * $0 })
        let expected = teacher == .erf ? 2 / Double.pi * asin(2.0 / 3) : 1
        #expect(abs(v - expected) < 5 * se)
    }
}

extension RegressionData {
    /// The same data with only the first `count` test rows.
    fileprivate func withTestRows(_ count: Int) -> RegressionData {
        RegressionData(trainInputs: trainInputs, trainLabels: trainLabels,
                       testInputs: testInputs.rows(0..<count), testLabels: Array(testLabels[0..<count]))
    }
}
