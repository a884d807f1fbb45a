import Foundation
import Testing
import HDF5
import TestSupport

/// Writes the same content every time: nested groups, every element type, strings and
/// attributes (variable-length strings live in global-heap collections), and links.
private func writeReference(_ path: String) throws {
    try writeFile(path) { root throws in
        try root.setAttribute("title", unicodeText)
        try root.setAttribute("version", 3)
        let data = try root.createGroup("data")
        try data.writeDataset("x", pattern(12), shape: [3, 4]).setAttribute("units", "m")
        try data.writeDataset("counts", [Int64(1), 2, 3], shape: [3])
        try data.writeDataset("mask", [UInt8(0), 1], shape: [2])
        try data.writeDataset("f", [Float(1.5)], shape: [])
        try root.writeDataset("deep/er/y", [Int32(5)], shape: [1])
        try root.writeStringDataset("provenance/parameters", #"{"seed": 1, "n": 100}"#)
        try root.group("provenance").setAttribute("keys", ["a", "b", "c"])
        try root.createExternalLink("links/input", file: "../cache/ab/abc.h5", object: "/data/x")
    }
}

/// Writes other content, so that memory the library reuses holds different bytes.
private func writeDistractor(_ path: String) throws {
    try writeFile(path) { root throws in
        for index in 0..<20 {
            try root.setAttribute("junk\(index)", String(repeating: "#\(index)", count: 150))
        }
        try root.writeStringDataset("s", String(repeating: "distractor ", count: 500))
    }
}

@Suite("Byte-identical output")
struct DeterminismTests {
    @Test("Identical content written at different times, with other files in between, gives identical bytes")
    func identicalBytes() async throws {
        let directory = try TemporaryDirectory(prefix: "flrepro-hdf5")
        defer { directory.remove() }
        let first = directory.path("first.h5")
        let second = directory.path("second.h5")
        try writeReference(first)
        try writeDistractor(directory.path("distractor.h5"))
        // Object timestamps have a resolution of one second: make sure the clock moves on.
        try await Task.sleep(for: .milliseconds(1100))
        try writeReference(second)
        let a = try Data(contentsOf: URL(fileURLWithPath: first))
        let b = try Data(contentsOf: URL(fileURLWithPath: second))
        #expect(a.count == b.count)
        #expect(a == b, "files differ at byte \(Array(zip(a, b)).firstIndex { $0 != $1 } ?? min(a.count, b.count))")
    }

    @Test("Different content gives different bytes (the comparison above is meaningful)")
    func differentBytes() throws {
        try withTemporaryDirectory { directory in
            try writeReference(directory.path("a.h5"))
            try writeFile(directory.path("b.h5")) { root throws in
                try root.setAttribute("title", unicodeText)
            }
            let a = try Data(contentsOf: URL(fileURLWithPath: directory.path("a.h5")))
            let b = try Data(contentsOf: URL(fileURLWithPath: directory.path("b.h5")))
            #expect(a != b)
        }
    }
}
