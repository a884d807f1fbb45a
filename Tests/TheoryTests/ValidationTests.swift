import LinearAlgebra
import Testing
import Theory

@Suite("Bad input gives clear errors")
struct ValidationTests {
    static let x = GaussianData.matrix(rows: 4, cols: 3, seed: 41, purpose: "train")
    static let xs = GaussianData.matrix(rows: 2, cols: 3, seed: 41, purpose: "test")
    static let y = [1.0, -1.0, 1.0, -1.0]
    static let setup = try! LinearNetworkSetup(width: 3, readinVarianceScale: 1, readoutVarianceScale: 1, kappa0: 1)

    @Test("non-positive or non-finite parameters are rejected by name")
    func parameters() {
        #expect(throws: TheoryError.invalidParameter(name: "width", value: "0", requirement: "must be at least 1")) {
            try LinearNetworkSetup(width: 0, readinVarianceScale: 1, readoutVarianceScale: 1, kappa0: 1)
        }
        let bad: [(String, LinearNetworkSetup?)] = [
            ("readinVarianceScale", try? LinearNetworkSetup(width: 1, readinVarianceScale: 0, readoutVarianceScale: 1, kappa0: 1)),
            ("readoutVarianceScale", try? LinearNetworkSetup(width: 1, readinVarianceScale: 1, readoutVarianceScale: -2, kappa0: 1)),
            ("kappa0", try? LinearNetworkSetup(width: 1, readinVarianceScale: 1, readoutVarianceScale: 1, kappa0: 0)),
            ("chi", try? LinearNetworkSetup(width: 1, readinVarianceScale: 1, readoutVarianceScale: 1, kappa0: 1, chi: .nan)),
            ("chi", try? LinearNetworkSetup(width: 1, readinVarianceScale: 1, readoutVarianceScale: 1, kappa0: 1, chi: .infinity)),
        ]
        for (name, setup) in bad { #expect(setup == nil, "\(name) should have been rejected") }
        do {
            _ = try LinearNetworkSetup(width: 2, readinVarianceScale: 1, readoutVarianceScale: 1, kappa0: -1)
            Issue.record("negative κ0 accepted")
        } catch let error as TheoryError {
            #expect(error.description.contains("kappa0") && error.description.contains("positive"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a setup made invalid after init is rejected by both predictors")
    func mutatedSetup() {
        var setup = Self.setup
        setup.chi = 0
        #expect(throws: TheoryError.self) {
            try LinearNetworkExactPosterior.predict(trainInputs: Self.x, labels: Self.y, testInputs: Self.xs, setup: setup)
        }
        #expect(throws: TheoryError.self) {
            try NNGPLinearPredictor.predict(trainInputs: Self.x, labels: Self.y, testInputs: Self.xs, setup: setup)
        }
    }

    @Test("mismatched shapes are rejected")
    func shapes() {
        #expect(throws: TheoryError.dimensionMismatch("3 labels for 4 training inputs")) {
            try LinearNetworkExactPosterior.predict(trainInputs: Self.x, labels: [1, 2, 3], testInputs: Self.xs, setup: Self.setup)
        }
        #expect(throws: TheoryError.dimensionMismatch("test inputs have 2 columns, training inputs 3")) {
            try NNGPLinearPredictor.predict(trainInputs: Self.x, labels: Self.y,
                                            testInputs: Matrix(rows: 2, cols: 2), setup: Self.setup)
        }
        #expect(throws: TheoryError.self) {
            try LinearNetworkExactPosterior.predict(trainInputs: Matrix(rows: 0, cols: 3), labels: [],
                                                    testInputs: Self.xs, setup: Self.setup)
        }
    }

    @Test("non-finite data and too few grid points are rejected")
    func values() {
        var x = Self.x
        x[1, 2] = .nan
        #expect(throws: TheoryError.nonFiniteInput("the training inputs")) {
            try LinearNetworkExactPosterior.predict(trainInputs: x, labels: Self.y, testInputs: Self.xs, setup: Self.setup)
        }
        #expect(throws: TheoryError.nonFiniteInput("the labels")) {
            try NNGPLinearPredictor.predict(trainInputs: Self.x, labels: [1, .infinity, 0, 0], testInputs: Self.xs, setup: Self.setup)
        }
        #expect(throws: TheoryError.invalidParameter(name: "gridPoints", value: "10", requirement: "must be at least 20")) {
            try LinearNetworkExactPosterior.predict(trainInputs: Self.x, labels: Self.y, testInputs: Self.xs,
                                                    setup: Self.setup, gridPoints: 10)
        }
    }

    @Test("no test inputs is allowed and gives empty test outputs")
    func emptyTestSet() throws {
        let prediction = try LinearNetworkExactPosterior.predict(trainInputs: Self.x, labels: Self.y,
                                                                 testInputs: Matrix(rows: 0, cols: 0), setup: Self.setup)
        #expect(prediction.testMean.isEmpty && prediction.testVariance.isEmpty && prediction.trainMean.count == 4)
    }
}
