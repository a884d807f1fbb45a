import Testing
import HDF5
import TestSupport

/// Non-ASCII text: accents, CJK, an emoji (4-byte UTF-8), Greek.
let unicodeText = "Grüße, 世界! 🚀 α·β ≤ γ"

@Suite("String datasets")
struct StringTests {
    @Test("Scalar string datasets round-trip UTF-8, including the empty string")
    func scalar() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("strings.h5")
            try writeFile(path) { root throws in
                try root.writeStringDataset("text", unicodeText)
                try root.writeStringDataset("empty", "")
                try root.writeStringDataset("meta/json", #"{"a": [1, 2], "b": "ü"}"#)
            }
            try readFile(path) { root throws in
                #expect(try root.readStringDataset("text") == unicodeText)
                #expect(try root.readStringDataset("empty") == "")
                #expect(try root.readStringDataset("meta/json") == #"{"a": [1, 2], "b": "ü"}"#)
                #expect(try root.datasetInfo("text") == HDF5DatasetInfo(shape: [], kind: .string))
            }
        }
    }

    @Test("String array datasets keep order and shape")
    func array() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("string-array.h5")
            let values = ["x", unicodeText, "", "last"]
            try writeFile(path) { root in try root.writeStringDataset("labels", values) }
            try readFile(path) { root throws in
                #expect(try root.readStringArrayDataset("labels") == values)
                #expect(try root.datasetInfo("labels") == HDF5DatasetInfo(shape: [4], kind: .string))
                let single = #expect(throws: HDF5Error.self) { try root.readStringDataset("labels") }
                #expect(single?.detail.contains("4 strings") == true)
            }
        }
    }

    @Test("Strings and numbers are not confused")
    func kindMismatch() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("mismatch.h5")
            try writeFile(path) { root throws in
                try root.writeStringDataset("s", "text")
                try root.writeDataset("n", [1.0], shape: [])
            }
            try readFile(path) { root throws in
                let asNumber = #expect(throws: HDF5Error.self) { try root.readDataset("s", as: Double.self) }
                #expect(asNumber?.detail.contains("does not hold numbers") == true)
                let asString = #expect(throws: HDF5Error.self) { try root.readStringDataset("n") }
                #expect(asString?.detail.contains("does not hold strings") == true)
            }
        }
    }

    @Test("A string with a NUL character is refused, and nothing is left behind")
    func nul() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("nul.h5")
            try writeFile(path) { root throws in
                #expect(throws: HDF5Error.self) { try root.writeStringDataset("bad", "a\u{0}b") }
                #expect(throws: HDF5Error.self) { try root.setAttribute("bad", "a\u{0}b") }
                #expect(!root.contains("bad"))
                #expect(!root.hasAttribute("bad"))
            }
        }
    }
}
