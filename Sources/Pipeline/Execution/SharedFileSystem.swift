import Foundation

/// Looking at files that another machine wrote to the shared results directory.
///
/// An NFS client caches directory listings and file attributes (typically for up
/// to a minute, `acdirmax`), so an entry a compute node has just renamed into
/// place can stay invisible on the login node for a while. Listing the folder
/// (`opendir`/`readdir`) makes the client revalidate its view of it; a file that
/// is still missing afterwards is waited for up to a latency (`--latency-wait`,
/// as in Snakemake) before it counts as missing.
public enum SharedFileSystem {
    /// Lists a directory and its parent (`opendir`/`readdir`), so that a network
    /// file system revalidates its cached view of them. Errors are ignored.
    /// - Parameter directory: the folder whose contents are about to be looked at.
    public static func refresh(_ directory: URL) {
        list(directory.deletingLastPathComponent())
        list(directory)
    }

    /// Lists the folders of many files once each (and their parents first).
    /// - Parameter files: the files about to be looked at.
    public static func refresh(foldersOf files: [URL]) {
        let folders = Set(files.map { $0.deletingLastPathComponent().path })
        let parents = Set(folders.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path })
        for path in parents.sorted() + folders.sorted() { list(URL(fileURLWithPath: path)) }
    }

    /// The problems of a cache entry, looked at after refreshing its folder.
    /// - Parameters:
    ///   - url: the entry file.
    ///   - verifier: the completeness check of local runs.
    ///   - refresh: list its folder first (false when `refresh(foldersOf:)` just did).
    /// - Returns: the problems (empty when the entry is intact; "no cache entry …" when it is missing).
    public static func entryProblems(at url: URL, verifier: EntryVerifier, refresh: Bool = true) -> [String] {
        if refresh { self.refresh(url.deletingLastPathComponent()) }
        guard FileManager.default.fileExists(atPath: url.path) else { return ["no cache entry \(url.path)"] }
        return verifier.problems(at: url)
    }

    private static func list(_ directory: URL) {
        guard let d = opendir(directory.path) else { return }
        while readdir(d) != nil {}
        closedir(d)
    }
}
