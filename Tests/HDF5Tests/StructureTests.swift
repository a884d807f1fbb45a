import Foundation
import Testing
import HDF5
import TestSupport

@Suite("Groups, members and links")
struct StructureTests {
    @Test("members() lists every link sorted by name with its kind, without following links")
    func members() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("members.h5")
            try writeFile(path) { root throws in
                try root.writeDataset("zeta", [1.0], shape: [1])
                _ = try root.createGroup("alpha")
                try root.writeStringDataset("beta", "b")
                try root.createExternalLink("ext", file: "missing.h5", object: "/nowhere")
                try root.createSoftLink("soft", target: "/zeta")
                try root.writeDataset("alpha/inner", [Int32(1)], shape: [])
            }
            try readFile(path) { root throws in
                #expect(try root.members() == [
                    HDF5Member(name: "alpha", kind: .group),
                    HDF5Member(name: "beta", kind: .dataset),
                    HDF5Member(name: "ext", kind: .externalLink),
                    HDF5Member(name: "soft", kind: .softLink),
                    HDF5Member(name: "zeta", kind: .dataset),
                ])
                #expect(try root.group("alpha").members() == [HDF5Member(name: "inner", kind: .dataset)])
                // The soft link resolves inside the file.
                #expect(try root.readDataset("soft", as: Double.self).values == [1.0])
            }
        }
    }

    @Test("Nested names create intermediate groups; absolute paths work from any group")
    func nested() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("nested.h5")
            try writeFile(path) { root throws in
                try root.writeDataset("a/b/c", [1.0, 2.0], shape: [2])
                let b = try root.group("a/b")
                #expect(b.path == "/a/b")
                try b.writeDataset("d", [Int64(4)], shape: [])
                try b.writeDataset("/top/x", [UInt8(9)], shape: [1])
                let deep = try root.createGroup("g/h/i")
                #expect(deep.path == "/g/h/i")
                #expect(try root.ensureGroup("g/h").path == "/g/h")
                #expect(try root.ensureGroup("new/one").path == "/new/one")
            }
            try readFile(path) { root throws in
                #expect(try root.members().map(\.name) == ["a", "g", "new", "top"])
                #expect(try root.group("a").members() == [HDF5Member(name: "b", kind: .group)])
                #expect(try root.readDataset("a/b/c", as: Double.self).values == [1, 2])
                #expect(try root.readDataset("/a/b/d", as: Int64.self).values == [4])
                #expect(try root.group("g/h").readDataset("/top/x", as: UInt8.self).values == [9])
                #expect(root.contains("a/b/c"))
                #expect(root.contains("/g/h/i"))
                #expect(!root.contains("a/b/zzz"))
                #expect(!root.contains("nope/b/c"))
            }
        }
    }

    @Test("Creating an existing name throws; removeMember frees it")
    func duplicates() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("dup.h5")
            try writeFile(path) { root throws in
                try root.writeDataset("x", [1.0], shape: [1])
                _ = try root.createGroup("g")
                let dataset = #expect(throws: HDF5Error.self) { try root.writeDataset("x", [2.0], shape: [1]) }
                #expect(dataset?.detail.contains("already exists") == true)
                #expect(dataset?.object == "/x")
                #expect(throws: HDF5Error.self) { try root.createGroup("g") }
                // A dataset cannot serve as an intermediate group.
                #expect(throws: HDF5Error.self) { try root.writeDataset("x/y", [1.0], shape: [1]) }
                try root.removeMember("x")
                #expect(!root.contains("x"))
                try root.writeDataset("x", [3.0], shape: [1])
                #expect(throws: HDF5Error.self) { try root.removeMember("never") }
            }
            #expect(try readFile(path) { try $0.readDataset("x", as: Double.self).values } == [3.0])
        }
    }

    @Test("External link: A:/x -> B:/data/x is listed, described and readable through A")
    func externalLink() throws {
        try withTemporaryDirectory { directory in
            let pathB = directory.path("b.h5")
            let pathA = directory.path("a.h5")
            let values = [1.5, 2.5, 3.5, 4.5, 5.5, 6.5]
            try writeFile(pathB) { root throws in
                try root.writeDataset("data/x", values, shape: [2, 3]).setAttribute("units", "m/s")
            }
            try writeFile(pathA) { root throws in
                try root.createExternalLink("x", file: pathB, object: "/data/x")
                try root.createExternalLink("links/bdata", file: pathB, object: "/data")
            }
            try readFile(pathA) { root throws in
                #expect(try root.members() == [HDF5Member(name: "links", kind: .group),
                                               HDF5Member(name: "x", kind: .externalLink)])
                #expect(try root.externalLinkTarget("x") == HDF5ExternalLinkTarget(file: pathB, object: "/data/x"))
                let array = try root.readDataset("x", as: Double.self)
                #expect(array == HDF5Array(shape: [2, 3], values: values))
                #expect(try root.datasetInfo("x") == HDF5DatasetInfo(shape: [2, 3], kind: .float64))
                #expect(try root.dataset("x").stringAttribute("units") == "m/s")
                // Through a linked group as well.
                #expect(try root.group("links/bdata").readDataset("x", as: Double.self).values == values)
                #expect(try root.readDataset("links/bdata/x", as: Double.self).values == values)
                #expect(throws: HDF5Error.self) { try root.externalLinkTarget("links") }
            }
            // B can still be opened for writing afterwards: the link was followed read-only.
            let b = try HDF5File.open(path: pathB, writable: true)
            try b.root.setAttribute("touched", 1)
            try b.close()
        }
    }

    @Test("A relative external link resolves next to the linking file, whatever the working directory")
    func relativeExternalLink() throws {
        try withTemporaryDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory.path("cache"), withIntermediateDirectories: true)
            try writeFile(directory.path("cache/b.h5")) { root in try root.writeDataset("v", [Int32(7)], shape: [1]) }
            try writeFile(directory.path("a.h5")) { root throws in
                try root.createExternalLink("v", file: "cache/b.h5", object: "/v")
            }
            // The test process's working directory is not `directory`.
            #expect(FileManager.default.currentDirectoryPath != directory.url.path)
            #expect(try readFile(directory.path("a.h5")) { try $0.readDataset("v", as: Int32.self).values } == [7])
        }
    }

    @Test("A dangling external link exists as a link but reading it throws a clear error")
    func danglingLink() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("dangling.h5")
            try writeFile(path) { root throws in
                try root.createExternalLink("x", file: directory.path("absent.h5"), object: "/data/x")
            }
            try readFile(path) { root throws in
                #expect(root.contains("x"))
                let error = #expect(throws: HDF5Error.self) { try root.readDataset("x", as: Double.self) }
                #expect(error?.file == path)
                #expect(error?.object == "/x")
            }
        }
    }
}

@Suite("File and handle lifetime")
struct LifetimeTests {
    @Test("A group keeps its file open; the file closes when the last handle goes away")
    func groupKeepsFileAlive() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("alive.h5")
            do {
                let group = try HDF5File.create(path: path).root.createGroup("g")
                try group.writeDataset("x", [1.0, 2.0], shape: [2])
                #expect(group.file.isOpen)
            }
            // Everything was released, so the file is closed and complete: it can be reopened
            // for writing (an open read-write handle would not allow it with file locking).
            let file = try HDF5File.open(path: path, writable: true)
            #expect(try file.root.readDataset("g/x", as: Double.self).values == [1, 2])
            try file.close()
        }
    }

    @Test("close() closes the objects still open; using them afterwards throws; close is idempotent")
    func closeIsStrong() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("strong.h5")
            let file = try HDF5File.create(path: path)
            let group = try file.root.createGroup("g")
            let dataset = try group.writeDataset("x", [1.0], shape: [1])
            try file.flush()
            try file.close()
            try file.close()
            #expect(!file.isOpen)
            let error = #expect(throws: HDF5Error.self) { try dataset.read(as: Double.self) }
            #expect(error?.detail.contains("closed") == true)
            #expect(throws: HDF5Error.self) { try group.setAttribute("a", 1) }
            #expect(throws: HDF5Error.self) { try file.root.createGroup("h") }
            #expect(throws: HDF5Error.self) { try file.flush() }
            #expect(!group.contains("x"))
            // The file on disk is complete although `group` and `dataset` are still alive.
            #expect(try readFile(path) { try $0.readDataset("g/x", as: Double.self).values } == [1.0])
        }
    }

    @Test("Files written concurrently from many tasks are all correct")
    func concurrentWriters() async throws {
        let directory = try TemporaryDirectory(prefix: "flrepro-hdf5")
        defer { directory.remove() }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for index in 0..<8 {
                tasks.addTask {
                    let path = directory.path("task\(index).h5")
                    try writeFile(path) { root throws in
                        try root.writeDataset("data/v", (0..<1000).map { Double($0 * index) }, shape: [10, 100])
                        try root.setAttribute("index", index)
                        // Failures on worker threads are thrown like anywhere else.
                        #expect(throws: HDF5Error.self) { try root.readDataset("absent", as: Double.self) }
                    }
                    let values = try readFile(path) { try $0.readDataset("data/v", as: Double.self).values }
                    #expect(values == (0..<1000).map { Double($0 * index) })
                    #expect(try readFile(path) { try $0.intAttribute("index") } == Int64(index))
                }
            }
            try await tasks.waitForAll()
        }
    }

    #if os(Linux)
    @Test("The file's descriptor is close-on-exec, so child processes do not inherit it")
    func closeOnExec() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("cloexec.h5")
            let file = try HDF5File.create(path: path)
            defer { try? file.close() }
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            var found = 0
            for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(entry)"),
                      target == path || target == resolved else { continue }
                let info = try String(contentsOfFile: "/proc/self/fdinfo/\(entry)", encoding: .utf8)
                let flagsLine = info.split(separator: "\n").first { $0.hasPrefix("flags:") }
                let flags = flagsLine.flatMap { Int($0.dropFirst("flags:".count).trimmingCharacters(in: .whitespaces), radix: 8) }
                #expect(flags.map { $0 & 0o2000000 != 0 } == true, "descriptor \(entry) is not close-on-exec")
                found += 1
            }
            #expect(found >= 1)
        }
    }
    #endif
}
