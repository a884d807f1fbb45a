import Datasets
import Foundation
import Pipeline

/// `data.fashion_mnist`: two Fashion-MNIST classes as a ±1 regression task (Rubin et al., nonlinear networks),
/// read from the IDX files of the Debian package `dataset-fashion-mnist`.
///
/// Outputs the same arrays as `data.ising` (`train_inputs`, `train_labels`, `test_inputs`, `test_labels`), so the
/// model kinds take either as their `data` input, plus `pixel_mean`, `train_indices` and `test_indices`. The
/// attributes record the preprocessing, the class names and the files read (path, size, SHA-256).
struct FashionMNISTDataKind: TaskKind {
    let name = "data.fashion_mnist"
    let version = 1
    let summary = "two Fashion-MNIST classes (labels +1/−1, alternating, nested rows; train rows from the official train split, test rows from t10k), pixels/255 average-pooled pool×pool and standardised with the whole two-class train pool (per-pixel mean, one global scale: mean |x|²/D = 1)"
    let inputs: [String] = []
    let reproducibility = Reproducibility.bitIdentical
    let parameters: [ParameterSpec] = [
        ParameterSpec("directory", .string(allowed: nil), default: .string(FashionMNISTTask.defaultDirectory),
                      "folder with the IDX files (train-images-idx3-ubyte[.gz], …)"),
        ParameterSpec("positive_class", .integer(minimum: 0, maximum: 9), default: .number(0), "class labelled +1 (0 = T-shirt/top)"),
        ParameterSpec("negative_class", .integer(minimum: 0, maximum: 9), default: .number(2), "class labelled −1 (2 = Pullover)"),
        ParameterSpec("pool", .integer(minimum: 1, maximum: 28), default: .number(2), "average-pooling block side, a divisor of 28; D = (28/pool)²"),
        ParameterSpec("train_count", .integer(minimum: 1, maximum: 12_000), "training rows P (at most 2 × 6000)"),
        ParameterSpec("test_count", .integer(minimum: 1, maximum: 2_000), default: .number(2000), "test rows (at most 2 × 1000)"),
        ParameterSpec("seed", .integer(minimum: 0, maximum: nil), "seed of the per-class orderings"),
    ]

    func validate(_ p: TaskParameters) throws {
        if p.int("positive_class") == p.int("negative_class") {
            throw TaskParameterError("negative_class", "must differ from positive_class (\(p.int("positive_class")))")
        }
        if 28 % p.int("pool") != 0 { throw TaskParameterError("pool", "must divide 28 (1, 2, 4, 7, 14 or 28)") }
        if p.string("directory").isEmpty { throw TaskParameterError("directory", "must not be empty") }
    }

    func run(_ request: TaskRequest) throws -> TaskResult {
        let p = request.parameters
        let task = try FashionMNISTTask(directory: p.string("directory"), positiveClass: p.int("positive_class"),
                                        negativeClass: p.int("negative_class"), pool: p.int("pool"),
                                        trainCount: p.int("train_count"), testCount: p.int("test_count"), seed: p.seed())
        let loaded = try task.load()
        let data = loaded.data
        let positiveName = FashionMNISTTask.classNames[task.positiveClass], negativeName = FashionMNISTTask.classNames[task.negativeClass]
        let side = FashionMNISTTask.imageSide / task.pool
        let preprocessing = "pixel bytes / 255; average pooling over non-overlapping \(task.pool)×\(task.pool) blocks (28×28 → \(side)×\(side), D = \(task.dimension)); "
            + "minus the per-pixel mean of all \(loaded.standardisationExampleCount) official train images of classes \(task.positiveClass) and \(task.negativeClass) (pixel_mean), "
            + "divided by one global scale (standardisation_scale) so that the mean of |x|²/D over those images is 1; test rows use the same transform"
        return TaskResult(arrays: [
            "train_inputs": NDArray(data.trainInputs), "train_labels": NDArray(data.trainLabels),
            "test_inputs": NDArray(data.testInputs), "test_labels": NDArray(data.testLabels),
            "pixel_mean": NDArray(loaded.standardisation.mean),
            "train_indices": NDArray(loaded.trainIndices.map(Double.init)),
            "test_indices": NDArray(loaded.testIndices.map(Double.init)),
        ], scalars: [
            "standardisation_scale": loaded.standardisation.scale,
            "standardisation_example_count": Double(loaded.standardisationExampleCount),
            "dimension": Double(task.dimension),
        ], attributes: [
            "description": "Fashion-MNIST class \(task.positiveClass) (\(positiveName)) labelled +1 vs class \(task.negativeClass) (\(negativeName)) labelled −1; "
                + "rows alternate +1, −1 (every even prefix balanced) and are nested; each class's images are permuted with the Philox streams "
                + "purpose(\"fmnist-train-order\") / purpose(\"fmnist-test-order\") and the class; train rows come from the official train split, "
                + "test rows from t10k; train_indices/test_indices are the rows' image indices in those splits",
            "preprocessing": preprocessing,
            "positive_class_name": positiveName,
            "negative_class_name": negativeName,
            "source_files": try sourceFilesRecord(loaded.sourceFiles),
        ])
    }

    /// The files read as canonical JSON: `[{"path", "bytes", "decoded_bytes", "sha256"}, …]`.
    /// - Throws: `TaskFailure` when a file cannot be read again for hashing.
    private func sourceFilesRecord(_ files: [DataSourceFile]) throws -> String {
        let entries = try files.map { file -> JSONValue in
            guard let contents = FileManager.default.contents(atPath: file.path) else {
                throw TaskFailure("cannot read \(file.path) again to compute its SHA-256")
            }
            return .object(JSONObject([
                ("path", .string(file.path)),
                ("bytes", .number(Double(file.fileByteCount))),
                ("decoded_bytes", .number(Double(file.decodedByteCount))),
                ("sha256", .string(ContentKey.sha256Hex(contents))),
            ]))
        }
        return CanonicalJSON.encode(.array(entries))
    }
}
