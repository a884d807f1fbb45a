import Figures
import Foundation
import HDF5

/// A figure with its numbers, ready to write.
public struct BuiltFigure: Sendable {
    public var manifest: Manifest
    public var specification: FigureSpecification
    public var plot: PlotSpec
    /// Every cache key the figure's numbers come from.
    public var keys: [String]
    /// SHA-256 over the script and the tables: equal digests mean identical output.
    public var digest: String
    /// `results/figures/<paper>/`.
    public var directory: URL
    public var files: FigureFiles { FigureFiles.named(plot.id, in: directory) }
    public var h5: URL { directory.appendingPathComponent("\(plot.id).h5") }
}

/// Turns a manifest's figure specifications and cached results into tables,
/// gnuplot scripts, PDF/PNG and a `<figure>.h5` holding the plotted tables plus
/// HDF5 external links to every cache entry used.
public struct FigureBuilder {
    public let store: ResultStore
    public let figuresRoot: URL

    public init(store: ResultStore) {
        self.store = store
        self.figuresRoot = store.root.appendingPathComponent("figures", isDirectory: true)
    }

    /// Builds every figure of a manifest plan from cached results.
    /// - Throws: `ManifestError` for selections that do not fit, `StoreError` for missing results.
    public func build(_ mp: ManifestPlan) throws -> [BuiltFigure] {
        let evaluator = SeriesEvaluator(plan: mp, store: store)
        let m = mp.manifest
        return try m.figures.map { f in
            var keys: [String] = []
            var panels: [PanelSpec] = []
            for p in f.panels {
                var series: [SeriesSpec] = []
                for s in p.series {
                    let points = try evaluator.evaluate(s.selection)
                    keys += points.keys
                    var columns: [(String, [Double])] = [("x", points.x), ("y", points.y)]
                    if let e = points.error { columns.append(("error", e)) }
                    columns.append(("samples", points.samples.map(Double.init)))
                    let where_ = s.selection.selection.isEmpty ? "" : " where \(CanonicalJSON.encode(.object(s.selection.selection)))"
                    let reduce = s.selection.reduction.map { " reduced over \($0.over.joined(separator: ",")) (\($0.statistic.rawValue))" } ?? ""
                    let comments = ["series: \(s.label)", "from task \(s.selection.task)\(where_)\(reduce)",
                                    "x = \(Self.describe(s.selection.x)), y = \(Self.describe(s.selection.y))"]
                    series.append(SeriesSpec(label: s.label, style: Self.style(s.style),
                                             table: DataTable.columns(columns, comments: comments),
                                             color: s.color, dash: s.dash))
                }
                panels.append(PanelSpec(title: p.title, xLabel: p.xLabel, yLabel: p.yLabel, logX: p.logX, logY: p.logY,
                                        xRange: p.xRange, yRange: p.yRange, keyPosition: p.key, series: series,
                                        guides: p.guides.map {
                                            $0.exponent == 0 ? GuideLine.horizontal($0.coefficient, label: $0.label)
                                                : GuideLine.powerLaw(prefactor: $0.coefficient, exponent: $0.exponent, label: $0.label)
                                        }))
            }
            let comments = ["\(m.title) — \(m.relativePath), profile \(m.profile)"] + (m.caption.isEmpty ? [] : [m.caption])
            let plot = PlotSpec(id: f.id, title: f.title, panels: panels, columns: f.columns, comments: comments)
            var unique: [String] = []
            var seen = Set<String>()
            for k in keys where seen.insert(k).inserted { unique.append(k) }
            let directory = figuresRoot.appendingPathComponent(m.paper, isDirectory: true)
            let writer = FigureWriter(directory: directory)
            var digestText = writer.gnuplotScript(plot)
            for p in panels { for s in p.series { digestText += "\n" + s.table.columnNames.joined(separator: ",") + s.table.rows.map { $0.map { "\($0.bitPattern)" }.joined(separator: ",") }.joined(separator: ";") } }
            digestText += "\n" + unique.joined(separator: ",") + "\n" + m.caption + "\n" + m.description
            return BuiltFigure(manifest: m, specification: f, plot: plot, keys: unique,
                               digest: ContentKey.sha256Hex(Data(digestText.utf8)), directory: directory)
        }
    }

    /// Whether the files on disk already show exactly this figure.
    public func isUpToDate(_ f: BuiltFigure) -> Bool {
        let fm = FileManager.default
        for u in [f.files.pdf, f.files.png, f.files.script, f.h5] where !fm.fileExists(atPath: u.path) { return false }
        guard GlobalHeapCheck.problem(at: f.h5) == nil,  // a damaged record must not crash libhdf5: it is redrawn
              let file = try? HDF5File.open(path: f.h5.path), let d = try? file.root.stringAttribute("content_sha256") else { return false }
        try? file.close()
        return d == f.digest
    }

    /// Writes tables, script and `<figure>.h5`, and renders PDF and PNG.
    /// - Parameter gnuplot: the gnuplot executable.
    public func write(_ f: BuiltFigure, gnuplot: String = "gnuplot") throws {
        try FileManager.default.createDirectory(at: f.directory, withIntermediateDirectories: true)
        // Remove the record first: a crash between here and the end leaves the figure stale, never falsely current.
        try? FileManager.default.removeItem(at: f.h5)
        let writer = FigureWriter(directory: f.directory)
        let files = try writer.write(f.plot)
        try writer.render(files, gnuplot: gnuplot)
        try writeH5(f)
    }

    private func writeH5(_ f: BuiltFigure) throws {
        let temp = f.directory.appendingPathComponent(".\(f.plot.id).h5.tmp-\(getpid())")
        let h5 = try HDF5File.create(path: temp.path)
        let root = h5.root
        let m = f.manifest
        try root.setAttribute("manifest", m.relativePath)
        try root.setAttribute("figure", f.plot.id)
        try root.setAttribute("title", m.title)
        try root.setAttribute("caption", m.caption)
        try root.setAttribute("description", m.description)
        try root.setAttribute("profile", m.profile)
        try root.setAttribute("flrepro_version", BuildProvenance.flreproVersion)
        for (pi, p) in f.plot.panels.enumerated() {
            let pg = try root.createGroup(String(format: "panel_%02d", pi + 1))
            try pg.setAttribute("x_label", p.xLabel)
            try pg.setAttribute("y_label", p.yLabel)
            for (si, s) in p.series.enumerated() {
                let sg = try pg.createGroup(String(format: "series_%02d", si + 1))
                try sg.setAttribute("label", s.label)
                try sg.setAttribute("source", s.table.comments.dropFirst().joined(separator: "\n"))
                for (ci, name) in s.table.columnNames.enumerated() {
                    try sg.writeDataset(name, s.table.rows.map { $0[ci] }, shape: [s.table.rows.count])
                }
            }
        }
        let inputs = try root.createGroup("inputs")
        try inputs.setAttribute("note", "external links to the cache entries (results/cache/…) this figure was drawn from")
        for k in f.keys.sorted() {
            let target = store.url(for: k)
            try inputs.createExternalLink(k, file: Self.relativePath(from: f.directory, to: target), object: "/")
        }
        try root.setAttribute("content_sha256", f.digest)
        try h5.close()
        guard rename(temp.path, f.h5.path) == 0 else {
            throw StoreError(path: f.h5.path, message: "cannot move the figure record into place")
        }
    }

    static func relativePath(from dir: URL, to target: URL) -> String {
        let a = dir.standardizedFileURL.pathComponents, b = target.standardizedFileURL.pathComponents
        var i = 0
        while i < min(a.count, b.count) && a[i] == b[i] { i += 1 }
        return (Array(repeating: "..", count: a.count - i) + b[i...]).joined(separator: "/")
    }

    static func style(_ s: String) -> SeriesStyle {
        switch s {
        case "lines": return .lines
        case "points": return .points
        case "error_bars": return .errorBars
        case "error_lines": return .errorLines
        case "band": return .band
        default: return .linesPoints
        }
    }

    static func describe(_ r: ValueReference) -> String {
        switch r {
        case .variable(let v): return "$\(v)"
        case .output(let o): return o
        case .index: return "#index"
        }
    }
}
