import Testing
import HDF5
import TestSupport

@Suite("Attributes")
struct AttributeTests {
    /// Sets one attribute of every kind on `object`.
    private func setAll(on object: HDF5Object, tag: String) throws {
        try object.setAttribute("text", unicodeText + tag)
        try object.setAttribute("ascii", "plain")
        try object.setAttribute("x", 0.125)
        try object.setAttribute("n", Int64(-9_000_000_000))
        try object.setAttribute("literal", 7)
        try object.setAttribute("literals", [1, 2])
        try object.setAttribute("grid", [0.5, 1.5, -2.5])
        try object.setAttribute("ids", [Int64(3), 1, 2])
        try object.setAttribute("keys", ["k0", "ключ", ""])
        try object.setAttribute("empty", [Double]())
        try object.setAttribute("matrix", [Int32(1), 2, 3, 4, 5, 6], shape: [2, 3])
    }

    /// Checks the attributes written by `setAll`.
    private func checkAll(on object: HDF5Object, tag: String) throws {
        #expect(try object.stringAttribute("text") == unicodeText + tag)
        #expect(try object.stringAttribute("ascii") == "plain")
        #expect(try object.doubleAttribute("x") == 0.125)
        #expect(try object.intAttribute("n") == -9_000_000_000)
        #expect(try object.intAttribute("literal") == 7)
        #expect(try object.doubleAttribute("literal") == 7)
        #expect(try object.intArrayAttribute("literals") == [1, 2])
        #expect(try object.doubleArrayAttribute("grid") == [0.5, 1.5, -2.5])
        #expect(try object.intArrayAttribute("ids") == [3, 1, 2])
        #expect(try object.stringArrayAttribute("keys") == ["k0", "ключ", ""])
        #expect(try object.doubleArrayAttribute("empty") == [])
        #expect(try object.intArrayAttribute("matrix") == [1, 2, 3, 4, 5, 6])
        #expect(try object.attributeNames() == ["ascii", "empty", "grid", "ids", "keys", "literal", "literals", "matrix", "n", "text", "x"])
    }

    @Test("Attributes on the root group, a group and a dataset survive reopening")
    func roundTrip() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("attributes.h5")
            try writeFile(path) { root throws in
                try setAll(on: root, tag: "/")
                try setAll(on: try root.createGroup("provenance"), tag: "g")
                try setAll(on: try root.writeDataset("data/x", [1.0, 2.0], shape: [2]), tag: "d")
            }
            try readFile(path) { root throws in
                try checkAll(on: root, tag: "/")
                try checkAll(on: try root.group("provenance"), tag: "g")
                try checkAll(on: try root.dataset("data/x"), tag: "d")
                #expect(try root.group("data").attributeNames() == [])
            }
        }
    }

    @Test("Setting an existing attribute replaces it, even with another type")
    func replace() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("replace.h5")
            try writeFile(path) { root throws in
                try root.setAttribute("a", "first")
                try root.setAttribute("a", "second, longer than the first")
                try root.setAttribute("b", 1.5)
                try root.setAttribute("b", "now a string")
            }
            try readFile(path) { root throws in
                #expect(try root.stringAttribute("a") == "second, longer than the first")
                #expect(try root.stringAttribute("b") == "now a string")
                #expect(try root.attributeNames() == ["a", "b"])
            }
        }
    }

    @Test("hasAttribute and deleteAttribute")
    func delete() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("delete.h5")
            try writeFile(path) { root throws in
                try root.setAttribute("gone", 1)
                try root.setAttribute("kept", 2)
                #expect(root.hasAttribute("gone"))
                try root.deleteAttribute("gone")
                #expect(!root.hasAttribute("gone"))
                #expect(throws: HDF5Error.self) { try root.deleteAttribute("gone") }
            }
            #expect(try readFile(path) { try $0.attributeNames() } == ["kept"])
        }
    }

    @Test("Reading an attribute as the wrong kind throws with the attribute and object named")
    func wrongKind() throws {
        try withTemporaryDirectory { directory in
            let path = directory.path("wrong.h5")
            try writeFile(path) { root throws in
                let group = try root.createGroup("g")
                try group.setAttribute("s", "text")
                try group.setAttribute("v", [1.0, 2.0])
                try group.setAttribute("half", 3.5)
                try group.setAttribute("whole", 3.0)
            }
            try readFile(path) { root throws in
                let group = try root.group("g")
                let number = #expect(throws: HDF5Error.self) { try group.doubleAttribute("s") }
                #expect(number?.description.contains("'s'") == true)
                #expect(number?.description.contains("'/g'") == true)
                #expect(number?.description.contains(path) == true)
                let string = #expect(throws: HDF5Error.self) { try group.stringAttribute("v") }
                #expect(string?.detail.contains("does not hold strings") == true)
                let count = #expect(throws: HDF5Error.self) { try group.doubleAttribute("v") }
                #expect(count?.detail.contains("2 values") == true)
                let fraction = #expect(throws: HDF5Error.self) { try group.intAttribute("half") }
                #expect(fraction?.detail.contains("3.5") == true)
                #expect(try group.intAttribute("whole") == 3)
                let missing = #expect(throws: HDF5Error.self) { try group.stringAttribute("nope") }
                #expect(missing?.detail == "no such attribute")
            }
        }
    }
}
