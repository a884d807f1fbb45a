import Foundation

/// The files of one figure in its output directory.
public struct FigureFiles: Sendable, Equatable {
    /// The directory holding all files (gnuplot runs here).
    public var directory: URL
    /// The gnuplot script `<id>.gp`.
    public var script: URL
    /// The data files read by the script (`<id>.dat`).
    public var data: [URL]
    /// The vector output `<id>.pdf` (exists after ``FigureWriter/render(_:gnuplot:)``).
    public var pdf: URL
    /// The raster output `<id>.png` (exists after ``FigureWriter/render(_:gnuplot:)``).
    public var png: URL

    /// The file set of figure `id` in `directory`.
    /// - Parameters:
    ///   - directory: output directory.
    ///   - id: figure id (file base name).
    /// - Returns: the URLs (the files need not exist yet).
    public static func named(_ id: String, in directory: URL) -> FigureFiles {
        FigureFiles(directory: directory,
                    script: directory.appendingPathComponent("\(id).gp"),
                    data: [directory.appendingPathComponent("\(id).dat")],
                    pdf: directory.appendingPathComponent("\(id).pdf"),
                    png: directory.appendingPathComponent("\(id).png"))
    }

    /// Creates a file set.
    /// - Parameters:
    ///   - directory: output directory.
    ///   - script: the `.gp` file.
    ///   - data: the `.dat` files.
    ///   - pdf: the PDF output.
    ///   - png: the PNG output.
    public init(directory: URL, script: URL, data: [URL], pdf: URL, png: URL) {
        self.directory = directory
        self.script = script
        self.data = data
        self.pdf = pdf
        self.png = png
    }
}
