import Foundation
import HDF5

/// Checks one cache entry for integrity: it opens, its provenance is complete,
/// its key recomputed from the stored kind, version, parameters and input keys
/// equals its file name, and every dataset's SHA-256 matches its bytes.
public struct EntryVerifier: Sendable {
    public var store: ResultStore

    public init(store: ResultStore) { self.store = store }

    /// - Parameter url: the entry file.
    /// - Returns: the problems found (empty when the entry is intact).
    public func problems(at url: URL) -> [String] {
        let name = url.deletingPathExtension().lastPathComponent
        guard ContentKey.isKey(name) else { return ["file name is not a content key"] }
        guard url.deletingLastPathComponent().lastPathComponent == String(name.prefix(2)) else {
            return ["entry is in the wrong folder (expected cache/\(name.prefix(2))/)"]
        }
        if let damage = GlobalHeapCheck.problem(at: url) { return ["damaged HDF5 metadata: \(damage)"] }
        let file: HDF5File
        do { file = try HDF5File.open(path: url.path) } catch { return ["does not open as HDF5: \(error)"] }
        var problems: [String] = []
        guard file.root.contains(StoreLayout.provenanceGroup), let p = try? file.root.group(StoreLayout.provenanceGroup) else {
            return ["no /provenance group (incomplete entry)"]
        }
        let names = Set((try? p.attributeNames()) ?? [])
        let missing = StoreLayout.requiredProvenance.filter { !names.contains($0) }
        if !missing.isEmpty { problems.append("provenance lacks \(missing.joined(separator: ", "))") }
        func str(_ n: String) -> String? { try? p.stringAttribute(n) }
        if let format = str("format"), format != StoreLayout.format { problems.append("unknown format \(format)") }
        if let key = str("key"), key != name { problems.append("provenance key \(key.prefix(12))… differs from the file name") }
        if let kind = str("kind"), let version = try? p.intAttribute("kind_version"), let params = str("parameters"),
           let inputsText = str("inputs") {
            var inputs: [(name: String, key: String)] = []
            if case .object(let o)? = try? JSONParser().parse(Data(inputsText.utf8)) {
                inputs = o.members.compactMap { m in m.value.stringValue.map { (m.key, $0) } }
            } else {
                problems.append("provenance inputs are not a JSON object")
            }
            let recomputed = ContentKey.key(kind: kind, version: Int(version), canonicalParameters: params, inputs: inputs)
            if recomputed != name { problems.append("key recomputed from the stored parameters (\(recomputed.prefix(12))…) differs from the file name") }
        }
        // Datasets against their recorded hashes.
        var recorded: [String: String] = [:]
        if let text = str("dataset_sha256") {
            if case .object(let o)? = try? JSONParser().parse(Data(text.utf8)) {
                for m in o.members { recorded[m.key] = m.value.stringValue ?? "" }
            } else {
                problems.append("dataset_sha256 is not a JSON object")
            }
        }
        var seen = Set<String>()
        for groupName in [StoreLayout.dataGroup, StoreLayout.scalarsGroup] {
            guard let g = try? file.root.group(groupName) else { problems.append("no /\(groupName) group"); continue }
            for m in (try? g.members()) ?? [] {
                let path = "\(groupName)/\(m.name)"
                seen.insert(path)
                guard let expected = recorded[path] else { problems.append("dataset /\(path) has no recorded hash"); continue }
                do {
                    let a = try g.readDataset(m.name, as: Double.self)
                    if ResultStore.hash(a.values) != expected { problems.append("dataset /\(path): SHA-256 does not match its bytes (corrupted)") }
                } catch {
                    problems.append("dataset /\(path) cannot be read: \(error)")
                }
            }
        }
        for path in recorded.keys.sorted() where !seen.contains(path) { problems.append("dataset /\(path) is missing") }
        // The task's attributes are read by consumers too (`ResultStore.read`); damage to them shows as a read error.
        do {
            let g = try file.root.group(StoreLayout.attributesGroup)
            for n in try g.attributeNames() { _ = try g.stringAttribute(n) }
        } catch {
            problems.append("/\(StoreLayout.attributesGroup) cannot be read: \(error)")
        }
        try? file.close()
        return problems
    }
}
