import Foundation

/// Writes figures as data + gnuplot script into one directory and renders them with gnuplot.
///
/// For a spec with id `fig`: `fig.dat` (the plotted tables, see ``writeData(_:)``), `fig.gp` (the
/// editable script, see ``gnuplotScript(_:)``), and after ``render(_:gnuplot:)`` `fig.pdf` and
/// `fig.png`. The same spec always gives byte-identical `.dat` and `.gp` files.
public struct FigureWriter: Sendable {
    /// The output directory, e.g. `results/figures/krr/`.
    public let directory: URL
    /// Typography and line weights.
    public let style: FigureStyle

    /// Creates a writer.
    /// - Parameters:
    ///   - directory: output directory (created on first write).
    ///   - style: the figure style; defaults to ``FigureStyle/publication``.
    public init(directory: URL, style: FigureStyle = .publication) {
        self.directory = directory
        self.style = style
    }

    /// The files figure `spec` has in this writer's directory.
    /// - Parameter spec: the figure.
    /// - Returns: their URLs (they need not exist yet).
    public func files(for spec: PlotSpec) -> FigureFiles {
        FigureFiles.named(spec.id, in: directory)
    }

    /// Checks the spec and the style.
    /// - Parameter spec: the figure.
    /// - Throws: ``FigureError/invalidSpec(_:)``.
    public func validate(_ spec: PlotSpec) throws {
        try spec.validate()
        if let problem = style.problem() { throw FigureError.invalidSpec("figure '\(spec.id)': \(problem)") }
    }

    /// The text of the `.dat` file (see ``writeData(_:)``), without validating.
    /// - Parameter spec: the figure.
    /// - Returns: the file's text.
    public func dataText(_ spec: PlotSpec) -> String {
        DataFile.text(spec, PreparedFigure(spec))
    }

    /// Writes `<id>.dat`: one block per series (panel order, then series order), separated by two
    /// blank lines for gnuplot's `index`. Each block starts with `#` comments (panel, series, the
    /// table's provenance, the plotted columns, the column names) and holds every column of the
    /// table, tab-separated, in shortest round-trip decimal spelling (`NaN`, `Inf`, `-Inf` for
    /// non-finite values). Rows a log axis cannot show (x ≤ 0 on a log x axis, y ≤ 0 on a log y
    /// axis) are kept as `# omitted (…): …` comment lines instead of data.
    /// - Parameter spec: the figure.
    /// - Returns: the URLs of the data files written (one).
    /// - Throws: ``FigureError/invalidSpec(_:)``, or a file-system error.
    @discardableResult
    public func writeData(_ spec: PlotSpec) throws -> [URL] {
        try validate(spec)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = files(for: spec).data[0]
        try Data(dataText(spec).utf8).write(to: url, options: .atomic)
        return [url]
    }

    /// The editable gnuplot script: it reads `<id>.dat` by relative path and renders `<id>.pdf`
    /// (pdfcairo) and `<id>.png` (pngcairo) in one run. Deterministic. It does not validate: call
    /// ``validate(_:)`` (``write(_:)`` does) before running it.
    /// - Parameter spec: the figure.
    /// - Returns: the script text.
    public func gnuplotScript(_ spec: PlotSpec) -> String {
        GnuplotScript.text(spec, PreparedFigure(spec), style: style)
    }

    /// Validates the spec and writes `<id>.dat` and `<id>.gp` (atomically).
    /// - Parameter spec: the figure.
    /// - Returns: the figure's files.
    /// - Throws: ``FigureError/invalidSpec(_:)``, or a file-system error.
    @discardableResult
    public func write(_ spec: PlotSpec) throws -> FigureFiles {
        let files = files(for: spec)
        try writeData(spec)
        try Data(gnuplotScript(spec).utf8).write(to: files.script, options: .atomic)
        return files
    }

    /// Runs gnuplot on the script in its directory and checks that it produced the PDF and PNG.
    /// Old outputs are removed first, so a failed render never leaves a stale figure that looks new.
    /// - Parameters:
    ///   - files: the figure's files, from ``write(_:)``.
    ///   - gnuplot: the gnuplot program, a name looked up on `PATH` or a path.
    /// - Returns: gnuplot's warnings (e.g. skipped empty data blocks), possibly none.
    /// - Throws: ``FigureError/gnuplotNotFound(_:)`` if the program does not exist;
    ///   ``FigureError/gnuplotFailed(status:stderr:script:)`` if gnuplot exits non-zero, reports an
    ///   error, or leaves an output missing or empty.
    @discardableResult
    public func render(_ files: FigureFiles, gnuplot: String = "gnuplot") throws -> [String] {
        let executable = try GnuplotRunner.locate(gnuplot)
        let fm = FileManager.default
        for output in [files.pdf, files.png] where fm.fileExists(atPath: output.path) {
            try fm.removeItem(at: output)
        }
        let (status, stderr) = try GnuplotRunner.run(executable, script: files.script)
        if status != 0 {
            throw FigureError.gnuplotFailed(status: status, stderr: stderr, script: files.script)
        }
        let errors = GnuplotRunner.errorLines(stderr)
        if !errors.isEmpty {
            throw FigureError.gnuplotFailed(status: status, stderr: stderr, script: files.script)
        }
        for output in [files.pdf, files.png] {
            let size = (try? fm.attributesOfItem(atPath: output.path)[.size] as? NSNumber)?.intValue ?? 0
            if size == 0 {
                let note = "gnuplot finished but \(output.lastPathComponent) is missing or empty"
                throw FigureError.gnuplotFailed(status: status, stderr: stderr.isEmpty ? note : stderr + "\n" + note,
                                                script: files.script)
            }
        }
        return GnuplotRunner.warningLines(stderr)
    }
}
