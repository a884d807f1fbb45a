/// One official split of Fashion-MNIST (`train` or `t10k`), decoded from its two IDX files and checked.
///
/// `FashionMNISTTask.load()` reads both splits on every call; a caller that builds several data sets
/// from the same files can read the splits once and pass them to `FashionMNISTTask.load(train:test:)`.
public struct FashionMNISTSplit: Sendable, Equatable {
    /// Pixel bytes of all images, `count × 28 × 28`, row-major.
    public let images: [UInt8]
    /// The class (0…9) of each image.
    public let labels: [UInt8]
    /// Number of images.
    public let count: Int
    /// The images file actually read.
    public let imagesPath: String
    /// Provenance of the images and labels files (in that order).
    public let sourceFiles: [DataSourceFile]

    /// Reads the official train split, `<directory>/train-{images-idx3,labels-idx1}-ubyte[.gz]`.
    /// - Parameter directory: the folder holding the files.
    /// - Returns: the split.
    /// - Throws: `DatasetError` naming the file (see `init(directory:prefix:side:remedy:)`).
    public static func officialTrain(directory: String) throws -> FashionMNISTSplit {
        try FashionMNISTSplit(directory: directory, prefix: "train", side: FashionMNISTTask.imageSide,
                              remedy: FashionMNISTTask.missingFileRemedy)
    }

    /// Reads the official test split, `<directory>/t10k-{images-idx3,labels-idx1}-ubyte[.gz]`.
    /// - Parameter directory: the folder holding the files.
    /// - Returns: the split.
    /// - Throws: `DatasetError` naming the file (see `init(directory:prefix:side:remedy:)`).
    public static func officialTest(directory: String) throws -> FashionMNISTSplit {
        try FashionMNISTSplit(directory: directory, prefix: "t10k", side: FashionMNISTTask.imageSide,
                              remedy: FashionMNISTTask.missingFileRemedy)
    }

    /// Reads `<directory>/<prefix>-images-idx3-ubyte[.gz]` and `<directory>/<prefix>-labels-idx1-ubyte[.gz]`.
    /// - Parameters:
    ///   - directory: the folder holding the files.
    ///   - prefix: `train` or `t10k`.
    ///   - side: the required image side (28).
    ///   - remedy: how to obtain missing files (part of the error message).
    /// - Throws: `DatasetError` naming the file: missing, unreadable, malformed IDX or gzip, images not
    ///   `side × side`, image and label counts that differ, or a label above 9.
    init(directory: String, prefix: String, side: Int, remedy: String) throws {
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        let imagesFile = try IDXFile.read(path: base + prefix + "-images-idx3-ubyte", remedy: remedy)
        let labelsFile = try IDXFile.read(path: base + prefix + "-labels-idx1-ubyte", remedy: remedy)
        let dims = imagesFile.dimensions
        guard dims.count == 3, dims[1] == side, dims[2] == side else {
            throw DatasetError.malformedFile(
                path: imagesFile.path,
                problem: "expected images of shape N×\(side)×\(side), found dimensions \(dims.map(String.init).joined(separator: "×"))")
        }
        guard labelsFile.dimensions.count == 1 else {
            throw DatasetError.malformedFile(
                path: labelsFile.path,
                problem: "expected a one-dimensional label file, found dimensions \(labelsFile.dimensions.map(String.init).joined(separator: "×"))")
        }
        guard labelsFile.dimensions[0] == dims[0] else {
            throw DatasetError.malformedFile(
                path: labelsFile.path,
                problem: "has \(labelsFile.dimensions[0]) labels but \(imagesFile.path) has \(dims[0]) images")
        }
        if let bad = labelsFile.payload.firstIndex(where: { $0 > 9 }) {
            throw DatasetError.malformedFile(
                path: labelsFile.path, problem: "label \(labelsFile.payload[bad]) of example \(bad) is outside the classes 0…9")
        }
        images = imagesFile.payload
        labels = labelsFile.payload
        count = dims[0]
        imagesPath = imagesFile.path
        sourceFiles = [imagesFile, labelsFile].map {
            DataSourceFile(path: $0.path, fileByteCount: $0.fileByteCount, decodedByteCount: $0.decodedByteCount)
        }
    }

    /// Indices (in file order) of the images of class `label`.
    /// - Parameter label: the class.
    /// - Returns: the indices, ascending.
    public func indices(ofClass label: Int) -> [Int] {
        labels.indices.filter { Int(labels[$0]) == label }
    }
}
