import Foundation
import Testing
import HDF5
import TestSupport

@Suite("Errors")
struct ErrorTests {
    @Test("Opening a missing file throws and names the path")
    func missingFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("does-not-exist.h5")
            let error = #expect(throws: HDF5Error.self) { try HDF5File.open(path: path) }
            #expect(error?.file == path)
            #expect(error?.description.contains(path) == true)
            #expect(error?.detail == "no such file")
            let directoryError = #expect(throws: HDF5Error.self) { try HDF5File.open(path: directory.url.path) }
            #expect(directoryError?.detail.contains("directory") == true)
        }
    }

    @Test("Opening a text file throws with the HDF5 reason and the path")
    func textFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("notes.h5")
            try "this is not HDF5\n".write(toFile: path, atomically: true, encoding: .utf8)
            let error = #expect(throws: HDF5Error.self) { try HDF5File.open(path: path) }
            #expect(error?.description.contains(path) == true)
            #expect(error?.operation == "open file")
            #expect(error?.detail.contains("signature") == true)
            #expect(throws: HDF5Error.self) { try HDF5File.open(path: path, writable: true) }
            let empty = directory.path("empty.h5")
            #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
            #expect(throws: HDF5Error.self) { try HDF5File.open(path: empty) }
        }
    }

    @Test("Opening a truncated HDF5 file throws instead of crashing", arguments: [0.5, 0.9, 0.99])
    func truncated(fraction: Double) throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("full.h5")
            try writeFile(path) { root throws in
                try root.writeDataset("data/big", (0..<4096).map(Double.init), shape: [64, 64])
                try root.setAttribute("note", "truncated below")
            }
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let cut = directory.path("cut.h5")
            try bytes.prefix(Int(Double(bytes.count) * fraction)).write(to: URL(fileURLWithPath: cut))
            let error = #expect(throws: HDF5Error.self) { try HDF5File.open(path: cut) }
            #expect(error?.description.contains(cut) == true)
            #expect(error?.detail.contains("truncated") == true)
        }
    }

    @Test("Reading a missing dataset names the file and the object path")
    func missingDataset() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("sparse.h5")
            try writeFile(path) { root in _ = try root.createGroup("data") }
            try readFile(path) { root throws in
                let error = #expect(throws: HDF5Error.self) { try root.readDataset("data/absent", as: Double.self) }
                #expect(error?.file == path)
                #expect(error?.object == "/data/absent")
                #expect(error?.description == "HDF5: cannot open dataset '/data/absent' in '\(path)': no such dataset")
                let group = #expect(throws: HDF5Error.self) { try root.group("data").group("absent") }
                #expect(group?.object == "/data/absent")
                // A group is not a dataset.
                let notDataset = #expect(throws: HDF5Error.self) { try root.dataset("data") }
                #expect(notDataset?.object == "/data")
                #expect(notDataset?.detail.isEmpty == false)
            }
        }
    }

    @Test("A shape that does not match the values throws and writes nothing")
    func wrongShape() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("shape.h5")
            try writeFile(path) { root throws in
                let error = #expect(throws: HDF5Error.self) {
                    try root.writeDataset("data/x", [1.0, 2.0, 3.0], shape: [2, 2])
                }
                #expect(error?.object == "/data/x")
                #expect(error?.file == path)
                #expect(error?.detail.contains("[2, 2] holds 4 values but 3 were given") == true)
                #expect(throws: HDF5Error.self) { try root.writeDataset("s", [1.0, 2.0], shape: []) }
                #expect(throws: HDF5Error.self) { try root.writeDataset("n", [Double](), shape: [-1]) }
                #expect(throws: HDF5Error.self) { try root.setAttribute("a", [1.0, 2.0], shape: [3]) }
                #expect(!root.contains("data/x"))
                #expect(!root.contains("s"))
            }
        }
    }

    @Test("Writing into a read-only file throws")
    func readOnly() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("ro.h5")
            try writeFile(path) { _ in }
            try readFile(path) { root throws in
                let error = #expect(throws: HDF5Error.self) { try root.writeDataset("x", [1.0], shape: [1]) }
                #expect(error?.file == path)
                #expect(error?.detail == "the file is open read-only")
                #expect(throws: HDF5Error.self) { try root.setAttribute("a", "b") }
                #expect(throws: HDF5Error.self) { try root.createGroup("g") }
                #expect(throws: HDF5Error.self) { try root.createExternalLink("l", file: "f.h5", object: "/x") }
            }
        }
    }

    @Test("Creating a file in a missing directory throws and names the path")
    func createInMissingDirectory() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("no/such/dir/x.h5")
            let error = #expect(throws: HDF5Error.self) { try HDF5File.create(path: path) }
            #expect(error?.operation == "create file")
            #expect(error?.description.contains(path) == true)
        }
    }
}
