import Datasets
import Foundation
import LinearAlgebra
import Testing

/// The real files of the Debian package `dataset-fashion-mnist` (installed by `make deps`).
///
/// The two splits are decoded once for the suite (gunzip of the 26 MB train images dominates);
/// the row selection and preprocessing run per data set.
@Suite("Fashion-MNIST from the Debian package")
struct FashionMNISTPackageTests {
    private static let directory = FashionMNISTTask.defaultDirectory

    /// The splits read once, with the seconds the reading took.
    private static let splits: Result<(train: FashionMNISTSplit, test: FashionMNISTSplit, seconds: Double), DatasetError> = {
        let start = Date()
        do {
            let train = try FashionMNISTSplit.officialTrain(directory: directory)
            let test = try FashionMNISTSplit.officialTest(directory: directory)
            return .success((train, test, Date().timeIntervalSince(start)))
        } catch let error as DatasetError {
            return .failure(error)
        } catch {
            return .failure(.unreadableFile(path: directory, reason: "\(error)"))
        }
    }()

    @Test func officialSplitsHave60000And10000ImagesOf28By28With6000And1000PerClass() throws {
        let (train, test, _) = try Self.splits.get()
        for (split, count, perClass) in [(train, 60000, 6000), (test, 10000, 1000)] {
            #expect(split.count == count && split.labels.count == count)
            #expect(split.images.count == count * 28 * 28)       // the split checked the IDX shape N×28×28
            #expect((0..<10).map { split.indices(ofClass: $0).count } == Array(repeating: perClass, count: 10))
            #expect(split.sourceFiles.allSatisfy { $0.path.hasSuffix(".gz") && $0.path.hasPrefix(Self.directory) })
        }
        #expect((train.sourceFiles + test.sourceFiles).map(\.fileByteCount) == [26_421_856, 29_491, 4_422_079, 5_125])
        #expect((train.sourceFiles + test.sourceFiles).map(\.decodedByteCount) == [47_040_016, 60_008, 7_840_016, 10_008])
    }

    @Test func rowsAreBalancedNestedDeterministicAndDependOnTheSeed() throws {
        let (train, test, readSeconds) = try Self.splits.get()
        let start = Date()
        let big = try FashionMNISTTask(trainCount: 400, testCount: 200, seed: 1).load(train: train, test: test)
        let buildSeconds = Date().timeIntervalSince(start)
        let again = try FashionMNISTTask(trainCount: 400, testCount: 200, seed: 1).load(train: train, test: test)
        let small = try FashionMNISTTask(trainCount: 150, testCount: 51, seed: 1).load(train: train, test: test)
        let other = try FashionMNISTTask(trainCount: 400, testCount: 200, seed: 2).load(train: train, test: test)

        // Shape and balance: D = 14² for the default pool 2; labels alternate, every even prefix sums to 0.
        #expect(big.data.trainInputs.rows == 400 && big.data.trainInputs.cols == 196 && big.data.testInputs.rows == 200)
        #expect(big.data.trainLabels.reduce(0, +) == 0 && big.data.testLabels.reduce(0, +) == 0)
        #expect(big.trainIndices.enumerated().allSatisfy { Int(train.labels[$1]) == ($0 % 2 == 0 ? 0 : 2) })
        #expect(big.testIndices.enumerated().allSatisfy { Int(test.labels[$1]) == ($0 % 2 == 0 ? 0 : 2) })
        #expect(Set(big.trainIndices).count == 400 && Set(big.testIndices).count == 200)
        #expect(big.standardisationExampleCount == 12000)

        // Determinism: the same seed gives bit-identical arrays.
        #expect(again == big)
        #expect(again.data.trainInputs.values.map(\.bitPattern) == big.data.trainInputs.values.map(\.bitPattern))

        // Nesting: a smaller request is the prefix of the larger one (train and test).
        #expect(Array(big.data.trainInputs.values.prefix(150 * 196)) == small.data.trainInputs.values)
        #expect(Array(big.trainIndices.prefix(150)) == small.trainIndices)
        #expect(Array(big.testIndices.prefix(51)) == small.testIndices)
        #expect(Array(big.data.testInputs.values.prefix(51 * 196)) == small.data.testInputs.values)

        // Another seed picks other images; the standardisation does not change.
        #expect(other.trainIndices != big.trainIndices && other.data.trainInputs != big.data.trainInputs)
        #expect(other.testIndices != big.testIndices)
        #expect(other.standardisation == big.standardisation && small.standardisation == big.standardisation)

        // Inputs are on the ±1 scale: mean |x|²/D of the chosen rows is near 1.
        let meanSquaredNorm = big.data.trainInputs.values.reduce(0.0) { $0 + $1 * $1 } / Double(400 * 196)
        #expect(meanSquaredNorm > 0.7 && meanSquaredNorm < 1.3, "mean |x|²/D = \(meanSquaredNorm)")
        print("Fashion-MNIST: reading both splits \(String(format: "%.3f", readSeconds)) s; selecting and preprocessing 400 + 200 rows (pool 2) \(String(format: "%.3f", buildSeconds)) s")
    }

    @Test func loadReadsTheSameDataAsTheSharedSplits() throws {
        let (train, test, _) = try Self.splits.get()
        let task = try FashionMNISTTask(positiveClass: 7, negativeClass: 9, pool: 7, trainCount: 20, testCount: 10, seed: 5)
        let start = Date()
        let loaded = try task.load()
        print("Fashion-MNIST: load() (read, decode, select, preprocess; pool 7) \(String(format: "%.3f", Date().timeIntervalSince(start))) s")
        #expect(loaded == (try task.load(train: train, test: test)))
        #expect(loaded.data.trainInputs.cols == 16 && loaded.standardisationExampleCount == 12000)
    }
}
