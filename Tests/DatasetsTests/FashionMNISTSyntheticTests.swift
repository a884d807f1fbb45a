import Datasets
import Foundation
import LinearAlgebra
import TestSupport
import Testing

/// `FashionMNISTTask` on small synthetic IDX folders (labels cycle 0…9, so image `i` has class `i % 10`).
@Suite("Fashion-MNIST task on synthetic files")
struct FashionMNISTSyntheticTests {
    @Test func wholeTrainPoolIsStandardisedToZeroMeanAndUnitMeanSquaredNorm() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-fmnist")
        defer { dir.remove() }
        try DataFileFixtures.writeSyntheticFashionMNIST(in: dir.url.path, trainPerClass: 20, testPerClass: 3)
        for pool in [1, 2, 7] {
            // 40 training rows = every train image of classes 3 and 8, so the rows are the standardisation pool.
            let loaded = try FashionMNISTTask(directory: dir.url.path, positiveClass: 3, negativeClass: 8, pool: pool,
                                              trainCount: 40, testCount: 6, seed: 4).load()
            let x = loaded.data.trainInputs
            #expect(loaded.standardisationExampleCount == 40)
            #expect(x.cols == (28 / pool) * (28 / pool))
            for j in 0..<x.cols {
                let mean = (0..<x.rows).reduce(0.0) { $0 + x[$1, j] } / Double(x.rows)
                #expect(abs(mean) < 1e-12, "pool \(pool), pixel \(j): mean \(mean)")
            }
            let meanSquaredNorm = x.values.reduce(0.0) { $0 + $1 * $1 } / Double(x.rows * x.cols)
            #expect(abs(meanSquaredNorm - 1) < 1e-12, "pool \(pool): mean |x|²/D = \(meanSquaredNorm)")
        }
    }

    @Test func standardisationDependsOnNeitherTrainCountNorSeed() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-fmnist")
        defer { dir.remove() }
        try DataFileFixtures.writeSyntheticFashionMNIST(in: dir.url.path, trainPerClass: 12, testPerClass: 3)
        let a = try FashionMNISTTask(directory: dir.url.path, trainCount: 2, testCount: 2, seed: 1).load()
        let b = try FashionMNISTTask(directory: dir.url.path, trainCount: 24, testCount: 6, seed: 99).load()
        #expect(a.standardisation == b.standardisation)
        #expect(a.standardisationExampleCount == 24)
    }

    @Test func rowsArePooledStandardisedImagesOfTheAlternatingClassesFromTheRightSplit() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-fmnist")
        defer { dir.remove() }
        try DataFileFixtures.writeSyntheticFashionMNIST(in: dir.url.path, trainPerClass: 10, testPerClass: 4)
        let loaded = try FashionMNISTTask(directory: dir.url.path, positiveClass: 5, negativeClass: 1, pool: 4,
                                          trainCount: 15, testCount: 8, seed: 2).load()
        let s = loaded.standardisation
        for (rows, labels, indices) in [(loaded.data.trainInputs, loaded.data.trainLabels, loaded.trainIndices),
                                        (loaded.data.testInputs, loaded.data.testLabels, loaded.testIndices)] {
            #expect(Set(indices).count == indices.count)          // no image twice
            for (row, index) in indices.enumerated() {
                let expectedClass = row % 2 == 0 ? 5 : 1
                #expect(index % 10 == expectedClass)                // synthetic label of image `index`
                #expect(labels[row] == (row % 2 == 0 ? 1 : -1))
                let image = DataFileFixtures.syntheticImage(index: index, label: expectedClass)
                let expected = zip(AveragePooling.pooled(image, side: 28, block: 4), s.mean).map { ($0 - $1) / s.scale }
                #expect(allClose(rows.row(row), expected, relative: 0, absolute: 1e-13))
            }
        }
        #expect(loaded.testIndices.allSatisfy { $0 < 40 })           // t10k has 40 images
        #expect(loaded.sourceFiles.map { ($0.path as NSString).lastPathComponent } == [
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
        ])
    }

    @Test func sameSeedGivesIdenticalArraysAndAnotherSeedDifferent() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-fmnist")
        defer { dir.remove() }
        try DataFileFixtures.writeSyntheticFashionMNIST(in: dir.url.path, trainPerClass: 30, testPerClass: 10)
        let first = try FashionMNISTTask(directory: dir.url.path, trainCount: 41, testCount: 17, seed: 8).load()
        let second = try FashionMNISTTask(directory: dir.url.path, trainCount: 41, testCount: 17, seed: 8).load()
        let other = try FashionMNISTTask(directory: dir.url.path, trainCount: 41, testCount: 17, seed: 9).load()
        #expect(first == second)
        #expect(first.data.trainInputs.values.map(\.bitPattern) == second.data.trainInputs.values.map(\.bitPattern))
        #expect(other.trainIndices != first.trainIndices && other.testIndices != first.testIndices)
        #expect(other.data.trainInputs != first.data.trainInputs)
        // 41 rows: 21 of the positive class, 20 of the negative.
        #expect(first.data.trainLabels.reduce(0, +) == 1)
    }

    @Test func uncompressedFolderGivesTheSameDataAsGzippedFolder() throws {
        let packed = try TemporaryDirectory(prefix: "flrepro-fmnist"), plain = try TemporaryDirectory(prefix: "flrepro-fmnist")
        defer { packed.remove(); plain.remove() }
        try DataFileFixtures.writeSyntheticFashionMNIST(in: packed.url.path, trainPerClass: 6, testPerClass: 2, gzip: true)
        try DataFileFixtures.writeSyntheticFashionMNIST(in: plain.url.path, trainPerClass: 6, testPerClass: 2, gzip: false)
        let a = try FashionMNISTTask(directory: packed.url.path, trainCount: 12, testCount: 4, seed: 3).load()
        let b = try FashionMNISTTask(directory: plain.url.path, trainCount: 12, testCount: 4, seed: 3).load()
        #expect(a.data == b.data)
        #expect(b.sourceFiles.allSatisfy { !$0.path.hasSuffix(".gz") && $0.fileByteCount == $0.decodedByteCount })
    }

    @Test func countsBeyondTheAvailableImagesAreRejected() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-fmnist")
        defer { dir.remove() }
        try DataFileFixtures.writeSyntheticFashionMNIST(in: dir.url.path, trainPerClass: 5, testPerClass: 2)
        // 10 rows = 5 + 5 is possible, 11 needs a sixth positive image.
        _ = try FashionMNISTTask(directory: dir.url.path, trainCount: 10, testCount: 4, seed: 0).load()
        let train = DataFileFixtures.datasetError { _ = try FashionMNISTTask(directory: dir.url.path, trainCount: 11, testCount: 4, seed: 0).load() }
        #expect(train?.description.contains("`trainCount` = 11: needs 6 images of class 0 (T-shirt/top)") == true, "\(String(describing: train))")
        let test = DataFileFixtures.datasetError { _ = try FashionMNISTTask(directory: dir.url.path, trainCount: 2, testCount: 5, seed: 0).load() }
        #expect(test?.description.contains("t10k-images-idx3-ubyte.gz has only 2") == true, "\(String(describing: test))")
    }

    @Test func invalidParametersAreRejectedBeforeReadingFiles() {
        let cases: [(String, () throws -> FashionMNISTTask)] = [
            ("positiveClass", { try FashionMNISTTask(positiveClass: 10, trainCount: 2, testCount: 2, seed: 0) }),
            ("negativeClass", { try FashionMNISTTask(negativeClass: -1, trainCount: 2, testCount: 2, seed: 0) }),
            ("negativeClass", { try FashionMNISTTask(positiveClass: 4, negativeClass: 4, trainCount: 2, testCount: 2, seed: 0) }),
            ("pool", { try FashionMNISTTask(pool: 5, trainCount: 2, testCount: 2, seed: 0) }),
            ("pool", { try FashionMNISTTask(pool: 0, trainCount: 2, testCount: 2, seed: 0) }),
            ("trainCount", { try FashionMNISTTask(trainCount: 0, testCount: 2, seed: 0) }),
            ("testCount", { try FashionMNISTTask(trainCount: 2, testCount: 0, seed: 0) }),
        ]
        for (name, make) in cases {
            let error = DataFileFixtures.datasetError { _ = try make() }
            if case let .invalidParameter(parameter, _, _)? = error {
                #expect(parameter == name)
            } else {
                Issue.record("expected an invalid `\(name)`, got \(String(describing: error))")
            }
        }
    }

    @Test func missingFolderNamesTheFileAndSuggestsMakeDeps() {
        let error = DataFileFixtures.datasetError {
            _ = try FashionMNISTTask(directory: "/nonexistent/fmnist", trainCount: 2, testCount: 2, seed: 0).load()
        }
        let text = error?.description ?? ""
        #expect(text.contains("/nonexistent/fmnist/train-images-idx3-ubyte") && text.contains("make deps")
                && text.contains("dataset-fashion-mnist"), "\(text)")
    }

    @Test func imageAndLabelCountMismatchIsReportedWithBothFiles() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-fmnist")
        defer { dir.remove() }
        try DataFileFixtures.writeSyntheticFashionMNIST(in: dir.url.path, trainPerClass: 3, testPerClass: 2, gzip: false)
        try DataFileFixtures.write(DataFileFixtures.idxBytes(dimensions: [29], payload: (0..<29).map { UInt8($0 % 10) }),
                                   to: dir.path("train-labels-idx1-ubyte"))
        let error = DataFileFixtures.datasetError { _ = try FashionMNISTTask(directory: dir.url.path, trainCount: 2, testCount: 2, seed: 0).load() }
        #expect(error == .malformedFile(path: dir.path("train-labels-idx1-ubyte"),
                                        problem: "has 29 labels but \(dir.path("train-images-idx3-ubyte")) has 30 images"))
    }

    @Test func labelAboveNineIsReportedWithTheLabelFile() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-fmnist")
        defer { dir.remove() }
        try DataFileFixtures.writeSyntheticFashionMNIST(in: dir.url.path, trainPerClass: 3, testPerClass: 2, gzip: false)
        var labels = (0..<20).map { UInt8($0 % 10) }
        labels[7] = 12
        try DataFileFixtures.write(DataFileFixtures.idxBytes(dimensions: [20], payload: labels), to: dir.path("t10k-labels-idx1-ubyte"))
        let error = DataFileFixtures.datasetError { _ = try FashionMNISTTask(directory: dir.url.path, trainCount: 2, testCount: 2, seed: 0).load() }
        #expect(error == .malformedFile(path: dir.path("t10k-labels-idx1-ubyte"), problem: "label 12 of example 7 is outside the classes 0…9"))
    }

    @Test func imagesThatAreNot28By28AreRejected() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-fmnist")
        defer { dir.remove() }
        try DataFileFixtures.writeSyntheticFashionMNIST(in: dir.url.path, trainPerClass: 1, testPerClass: 1, gzip: false)
        try DataFileFixtures.write(DataFileFixtures.idxBytes(dimensions: [10, 27, 29], payload: Array(repeating: 1, count: 10 * 27 * 29)),
                                   to: dir.path("train-images-idx3-ubyte"))
        let text = DataFileFixtures.errorMessage { _ = try FashionMNISTTask(directory: dir.url.path, trainCount: 2, testCount: 2, seed: 0).load() }
        #expect(text.contains("expected images of shape N×28×28, found dimensions 10×27×29"), "\(text)")
    }
}
