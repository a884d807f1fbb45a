import Foundation
import Pipeline
import Testing
import TestSupport

/// Small file systems for the disk-full and read-only tests: a tmpfs of a given size mounted
/// on a temporary folder (needs root and a kernel that allows it; the tests are skipped otherwise).
enum Tmpfs {
    /// Whether this process may mount a tmpfs (checked once, on a scratch folder).
    static let available: Bool = {
        guard geteuid() == 0, let probe = try? TemporaryDirectory(prefix: "flrepro-tmpfs-probe") else { return false }
        defer { probe.remove() }
        guard (try? mount(probe.url, size: "64k")) == true else { return false }
        unmount(probe.url)
        return true
    }()

    /// Mounts a tmpfs of `size` (e.g. `"256k"`) on `directory`.
    @discardableResult
    static func mount(_ directory: URL, size: String) throws -> Bool {
        try runProcess("mount", ["-t", "tmpfs", "-o", "size=\(size),mode=0755", "tmpfs", directory.path]).status == 0
    }

    /// Remounts with new options (`"remount,ro"`, `"remount,rw,size=8m"`).
    @discardableResult
    static func remount(_ directory: URL, _ options: String) throws -> Bool {
        try runProcess("mount", ["-o", options, directory.path]).status == 0
    }

    static func unmount(_ directory: URL) {
        _ = try? runProcess("umount", [directory.path])
    }
}

extension ReliabilityTests {
    /// A results directory that fills up, or cannot be written: a clear error naming the
    /// problem, no partial or damaged entry, and a normal resume once there is room.
    @Suite("Disk full and read-only results", .enabled(if: Tmpfs.available, "needs root to mount a small tmpfs"))
    struct Disk {
        /// A clean smoke run: the entries and figure the resumed runs must reproduce.
        func cleanRun(in work: TemporaryDirectory) throws -> (URL, [String: Reliability.Contents?]) {
            let clean = work.url.appendingPathComponent("clean")
            let r = try Reliability.flrepro(["figures", Reliability.manifest, "-j", "2", "--plain"] + Reliability.smoke(clean))
            try #require(r.status == 0, "\(r.stderr)")
            return (clean, Reliability.contents(of: ResultStore(root: clean)))
        }

        @Test func aFullDiskFailsTasksCleanlyAndTheRunResumesWhenThereIsRoom() throws {
            let work = try TemporaryDirectory(prefix: "flrepro-diskfull")
            defer { work.remove() }
            let (clean, reference) = try cleanRun(in: work)
            let volume = work.url.appendingPathComponent("volume")
            try FileManager.default.createDirectory(at: volume, withIntermediateDirectories: true)
            // The smoke cache needs ≈ 500 KiB on tmpfs: 256 KiB fills up a few tasks in.
            try #require(try Tmpfs.mount(volume, size: "256k"))
            defer { Tmpfs.unmount(volume) }
            let results = volume.appendingPathComponent("results")
            let store = ResultStore(root: results)

            let full = try Reliability.flrepro(["run", Reliability.manifest, "-j", "2", "--plain"] + Reliability.smoke(results))
            #expect(full.status == 1, "\(full.stderr)")
            #expect(full.stderr.contains("No space left on device"), "the error does not say the disk is full:\n\(full.stderr)")
            #expect(full.stderr.contains("failed tasks:"), "the failed tasks are not listed:\n\(full.stderr)")
            #expect(!full.stderr.contains("Program crashed") && !full.stderr.contains("NSCocoaErrorDomain"), "\(full.stderr)")
            let stored = store.listEntries().entries.count
            #expect(stored > 0 && stored < 33, "\(stored) entries fit; the test needs a disk that fills up mid-run")
            // No partial entry: nothing damaged, no temporary file left, what is there is right.
            #expect(Reliability.temporaries(in: results).isEmpty, "\(Reliability.temporaries(in: results))")
            let v = try Reliability.flrepro(["verify", Reliability.manifest] + Reliability.smoke(results))
            #expect(v.stdout.contains("cache: \(stored) entries checked, 0 damaged"), "\(v.stdout)")
            #expect(Reliability.entriesDiffering(in: store, from: reference).isEmpty)

            // Room again: the run resumes and the figure is the clean one.
            try #require(try Tmpfs.remount(volume, "remount,size=16m"))
            let resumed = try Reliability.flrepro(["figures", Reliability.manifest, "-j", "2", "--plain"] + Reliability.smoke(results))
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(resumed.stderr.contains("ran \(33 - stored) of 33 tasks"), "\(resumed.stderr)")
            #expect(Reliability.entriesDiffering(in: store, from: reference).isEmpty)
            #expect(Reliability.figureDifferences(results, clean).isEmpty)
            #expect(try Reliability.flrepro(["verify", Reliability.manifest] + Reliability.smoke(results)).status == 0)
            print("reliability/disk: full disk after \(stored) of 33 entries: \(33 - stored) tasks failed cleanly, resumed to the clean figure")
        }

        @Test func aReadOnlyResultsDirectoryIsAClearErrorAndChangesNothing() throws {
            let work = try TemporaryDirectory(prefix: "flrepro-readonly")
            defer { work.remove() }
            let (clean, reference) = try cleanRun(in: work)
            let volume = work.url.appendingPathComponent("volume")
            try FileManager.default.createDirectory(at: volume, withIntermediateDirectories: true)
            try #require(try Tmpfs.mount(volume, size: "16m"))
            defer { Tmpfs.unmount(volume) }
            // A partly computed cache (five entries missing), then the file system goes read-only.
            let results = volume.appendingPathComponent("results")
            try FileManager.default.copyItem(at: clean, to: results)
            let store = ResultStore(root: results)
            for url in store.listEntries().entries.prefix(5) { try FileManager.default.removeItem(at: url) }
            try? FileManager.default.removeItem(at: results.appendingPathComponent("figures"))
            try #require(try Tmpfs.remount(volume, "remount,ro"))
            func listing() -> [String] {
                (FileManager.default.enumerator(atPath: results.path)?.allObjects as? [String] ?? []).sorted()
            }
            let before = listing()

            for command in ["run", "figures"] {
                let r = try Reliability.flrepro([command, Reliability.manifest, "--plain"] + Reliability.smoke(results))
                #expect(r.status == 1, "\(command): \(r.stderr)")
                #expect(r.stderr == "error: \(results.path)/lock: cannot create the lock file: Read-only file system (is the results directory writable?)\n",
                        "\(command): \(r.stderr)")
            }
            // verify only reads: it works, and finds the five missing tasks and nothing damaged.
            let v = try Reliability.flrepro(["verify", Reliability.manifest] + Reliability.smoke(results))
            #expect(v.status == 1 && v.stdout.contains("cache: 28 entries checked, 0 damaged") && v.stdout.contains("missing: 5 planned tasks"), "\(v.stdout)")
            #expect(listing() == before)

            try #require(try Tmpfs.remount(volume, "remount,rw"))
            let resumed = try Reliability.flrepro(["figures", Reliability.manifest, "--plain"] + Reliability.smoke(results))
            #expect(resumed.status == 0 && resumed.stderr.contains("ran 5 of 33 tasks"), "\(resumed.stderr)")
            #expect(Reliability.entriesDiffering(in: store, from: reference).isEmpty)
            #expect(Reliability.figureDifferences(results, clean).isEmpty)
        }

        /// Without root's privileges: a cache folder the user may not write (the lock is
        /// writable), so every task fails on its own with a clear error and nothing partial stays.
        @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") && othersCanReachRepository(),
                       "needs setpriv and a checkout (and build) that an unprivileged user can read"))
        func anUnwritableCacheFailsEachTaskClearly() throws {
            let work = try TemporaryDirectory(prefix: "flrepro-unwritable")
            defer { work.remove() }
            let results = work.url.appendingPathComponent("results")
            try FileManager.default.createDirectory(at: results.appendingPathComponent("cache"), withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: results.path)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: results.appendingPathComponent("cache").path)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: work.url.path)
            let r = try runProcess("/usr/bin/setpriv", ["--reuid", "65534", "--regid", "65534", "--clear-groups", try Reliability.binary(),
                                                        "run", Reliability.manifest, "-j", "2", "--plain"] + Reliability.smoke(results),
                                   currentDirectory: Reliability.repository.path)
            #expect(r.status == 1, "\(r.stderr)")
            #expect(r.stderr.contains("failed tasks:"), "\(r.stderr)")
            let failures = r.stderr.split(separator: "\n").filter { $0.contains("FAILED") && !$0.contains("skipped:") }
            #expect(failures.count == 6, "the 3 data and 3 theory tasks fail, the 27 consumers of the data are skipped:\n\(r.stderr)")
            #expect(failures.allSatisfy { $0.contains(": cannot create the cache folder \(results.path)/cache/") && $0.hasSuffix(": Permission denied") },
                    "\(r.stderr)")
            #expect(r.stderr.contains("27 dependent tasks were not run"), "\(r.stderr)")
            #expect(ResultStore(root: results).listEntries().entries.isEmpty)
            #expect(Reliability.temporaries(in: results).isEmpty)

            // A results directory that cannot even be created.
            let blocked = work.url.appendingPathComponent("results-blocked")
            let b = try runProcess("/usr/bin/setpriv", ["--reuid", "65534", "--regid", "65534", "--clear-groups", try Reliability.binary(),
                                                        "run", Reliability.manifest] + Reliability.smoke(blocked),
                                   currentDirectory: Reliability.repository.path)
            #expect(b.status == 1 && b.stderr == "error: \(blocked.path): cannot create the results directory: Permission denied\n", "\(b.stderr)")
        }
    }
}

/// Whether every folder above the repository lets other users through (a checkout under a
/// private `mktemp -d` does not, and the unprivileged run could not even read the manifest).
func othersCanReachRepository() -> Bool {
    var url = Reliability.repository.standardizedFileURL
    while url.path != "/" {
        guard let mode = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.posixPermissions] as? Int,
              mode & 0o001 != 0 else { return false }
        url.deleteLastPathComponent()
    }
    return true
}
