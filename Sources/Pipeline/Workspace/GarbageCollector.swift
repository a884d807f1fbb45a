import Foundation

extension Workspace {
    /// Cache entries that no task of `plan` reaches.
    /// - Parameter plan: the plan of every manifest (plan all of them, or entries of unplanned manifests look unreachable).
    /// - Returns: the unreachable entry files and their total size in bytes.
    public func unreachableEntries(_ plan: Plan) -> (urls: [URL], bytes: Int) {
        let reachable = Set(plan.order)
        var out: [URL] = [], bytes = 0
        for url in store.listEntries().entries where !reachable.contains(url.deletingPathExtension().lastPathComponent) {
            out.append(url)
            bytes += (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        }
        return (out, bytes)
    }

    /// Removes unreachable entries (under the results lock).
    /// - Returns: the removed files.
    public func collectGarbage(_ plan: Plan, dryRun: Bool) throws -> (urls: [URL], bytes: Int) {
        let lock = try ResultsLock(results: resultsRoot)
        defer { lock.release() }
        let found = unreachableEntries(plan)
        if !dryRun {
            for u in found.urls { try FileManager.default.removeItem(at: u) }
            store.removeStaleTemporaries()
        }
        return found
    }
}
