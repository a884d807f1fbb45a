import Foundation
import Pipeline
import Testing

@Suite("JSON parsing and canonical encoding")
struct JSONTests {
    func parse(_ s: String) throws -> JSONValue { try JSONParser().parse(Data(s.utf8)) }

    @Test func parsesNestedValuesKeepingKeyOrder() throws {
        let v = try parse(#"{"b": [1, 2.5, "x", true, null], "a": {"z": -0.5e2}}"#)
        #expect(v.objectValue?.keys == ["b", "a"])
        #expect(v.objectValue?["b"] == .array([.number(1), .number(2.5), .string("x"), .bool(true), .null]))
        #expect(v.objectValue?["a"]?.objectValue?["z"] == .number(-50))
    }

    @Test func canonicalFormSortsKeysAndSpellsNumbersOneWay() throws {
        #expect(CanonicalJSON.encode(try parse(#"{"b": 1.0, "a": 1e0, "c": 100E-2}"#)) == #"{"a":1,"b":1,"c":1}"#)
        #expect(CanonicalJSON.encode(try parse("[0.1, -0.0, 1e-5, 12345678901]")) == "[0.1,0,1e-05,12345678901]")
        #expect(CanonicalJSON.encode(.string("a\"b\\c\nd\u{01}é")) == #""a\"b\\c\nd\u0001é""#)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        #expect(try parse(#""\u00e9\ud83d\ude00\t""#) == .string("é😀\t"))
    }

    @Test(arguments: [
        ("{\"a\": 1,}", "line 1, column 9"),
        ("{\"a\": 1\n \"b\": 2}", "line 2, column 2"),
        ("[1, 2", "unexpected end of file"),
        ("{\"a\": NaN}", "NaN"),
        ("{\"a\": 1e999}", "not finite"),
        ("{\"a\": 1, \"a\": 2}", "duplicate key \"a\""),
        ("{\"a\": 01}", "leading zeros"),
        ("\"\\ud800\"", "surrogate"),
        ("{} x", "unexpected text"),
        ("// comment\n{}", "comments are not JSON"),
    ])
    func reportsSyntaxErrorsWithPosition(text: String, expected: String) {
        do {
            _ = try parse(text)
            Issue.record("parsed invalid JSON: \(text)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser().parse(Data([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D])) }
    }

    @Test func rejectsDeepNesting() {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(throws: JSONParser.SyntaxError.self) { try parse(deep) }
        let ok = String(repeating: "[", count: 50) + String(repeating: "]", count: 50)
        #expect(throws: Never.self) { try parse(ok) }
    }
}
