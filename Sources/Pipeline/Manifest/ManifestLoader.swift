import Foundation

/// Loads manifests: reads and parses the file, resolves `extends` (deep merge,
/// cycle detection), applies a profile and validates everything into a
/// `Manifest`, throwing `ManifestError` (file + key path) on the first problem.
public struct ManifestLoader: Sendable {
    /// The folder that `extends` paths and `relativePath` are relative to.
    public var experimentsRoot: URL
    /// Largest number of points one sweep axis may have.
    public var maximumSweepPoints = 1_000_000

    /// - Parameter experimentsRoot: normally `experiments/` of the repository.
    public init(experimentsRoot: URL) {
        self.experimentsRoot = experimentsRoot.standardizedFileURL
    }

    /// Loads and validates one manifest.
    /// - Parameters:
    ///   - path: the manifest path as the user typed it.
    ///   - profile: the profile to apply.
    /// - Returns: the validated manifest.
    public func load(_ path: String, profile: String = "default") throws -> Manifest {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let raw = try resolvedJSON(url: url, displayName: path, chain: [])
        return try ManifestValidator(file: path, relativePath: relativePath(of: url),
                                     maximumSweepPoints: maximumSweepPoints)
            .validate(raw, profile: profile)
    }

    /// Every manifest under the experiments root (sorted), excluding `schema.json`.
    /// - Returns: paths relative to the current directory where possible.
    public func discover() throws -> [String] {
        let fm = FileManager.default
        guard let e = fm.enumerator(at: experimentsRoot, includingPropertiesForKeys: nil) else { return [] }
        var out: [String] = []
        for case let url as URL in e where url.pathExtension == "json" && url.lastPathComponent != "schema.json" {
            out.append(url.standardizedFileURL.path)
        }
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return out.sorted().map { $0.hasPrefix(cwd) ? String($0.dropFirst(cwd.count)) : $0 }
    }

    /// The path of `url` relative to the experiments root, or its full path.
    func relativePath(of url: URL) -> String {
        let root = experimentsRoot.path.hasSuffix("/") ? experimentsRoot.path : experimentsRoot.path + "/"
        let p = url.standardizedFileURL.path
        return p.hasPrefix(root) ? String(p.dropFirst(root.count)) : p
    }

    /// Reads `url`, follows `extends` and returns the merged raw JSON.
    func resolvedJSON(url: URL, displayName: String, chain: [String]) throws -> JSONValue {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ManifestError(file: displayName, path: "", message: "cannot read the file (\(FileManager.default.fileExists(atPath: url.path) ? "permission or I/O error" : "no such file"))")
        }
        let value: JSONValue
        do { value = try JSONParser().parse(data) } catch let e as JSONParser.SyntaxError {
            throw ManifestError(file: displayName, path: e.path, message: "invalid JSON at \(e)")
        }
        guard case .object(var object) = value else {
            throw ManifestError(file: displayName, path: "", message: "a manifest must be a JSON object, got \(value.typeName)")
        }
        guard let parentValue = object["extends"] else { return value }
        guard case .string(let parentPath) = parentValue else {
            throw ManifestError(file: displayName, path: "extends", message: "expected string (a manifest path relative to experiments/), got \(parentValue.typeName)")
        }
        let candidates = [experimentsRoot.appendingPathComponent(parentPath),
                          url.deletingLastPathComponent().appendingPathComponent(parentPath)]
        guard let parentURL = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) })?.standardizedFileURL else {
            throw ManifestError(file: displayName, path: "extends", message: "no manifest \"\(parentPath)\" (looked in \(experimentsRoot.path) and beside this file)")
        }
        let chainHere = chain + [url.path]
        if chainHere.contains(parentURL.path) {
            let cycle = (chainHere + [parentURL.path]).map { relativePath(of: URL(fileURLWithPath: $0)) }
            throw ManifestError(file: displayName, path: "extends", message: "extends cycle: \(cycle.joined(separator: " → "))")
        }
        let parent = try resolvedJSON(url: parentURL, displayName: relativePath(of: parentURL), chain: chainHere)
        object["extends"] = nil
        var merged = Self.merge(parent, over: .object(object))
        if case .object(var m) = merged {
            m["extends"] = .string(parentPath)
            merged = .object(m)
        }
        return merged
    }

    /// Deep merge: objects merge member by member (a `null` member deletes);
    /// anything else in `child` replaces the parent's value.
    /// - Returns: the merged value.
    static func merge(_ parent: JSONValue, over child: JSONValue) -> JSONValue {
        guard case .object(let p) = parent, case .object(let c) = child else { return child }
        var out = p
        for (k, v) in c.members {
            if case .null = v { out[k] = nil; continue }
            if let pv = out[k] { out[k] = merge(pv, over: v) } else { out[k] = v }
        }
        return .object(out)
    }
}
