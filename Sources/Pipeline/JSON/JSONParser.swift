import Foundation

/// A strict JSON parser (RFC 8259) that reports line and column of errors,
/// rejects invalid UTF-8, duplicate keys, non-finite numbers and nesting deeper
/// than `maximumDepth`, and keeps object members in source order.
public struct JSONParser {
    /// A syntax error at a position in the text.
    public struct SyntaxError: Error, CustomStringConvertible {
        public let line: Int, column: Int, message: String
        /// The key path of the member being parsed (e.g. `parameters.ridge`); empty at the top level.
        public var path = ""
        public var description: String { "line \(line), column \(column): \(message)" }
    }

    /// Deepest nesting accepted (protects against stack exhaustion).
    public var maximumDepth = 64

    public init() {}

    /// Parses a complete JSON document.
    /// - Parameter data: the document's bytes (must be valid UTF-8).
    /// - Returns: the value.
    /// - Throws: `SyntaxError` naming the line and column.
    public func parse(_ data: Data) throws -> JSONValue {
        let bytes = [UInt8](data)
        if String(validating: bytes, as: UTF8.self) == nil {
            // Find the first invalid byte to report its position.
            var decoder = UTF8()
            var it = bytes.makeIterator()
            var offset = 0
            var consumed = 0
            loop: while true {
                switch decoder.decode(&it) {
                case .scalarValue(let s): consumed += UTF8.width(s); offset = consumed
                case .emptyInput: break loop
                case .error: break loop
                }
            }
            let (l, c) = Self.position(bytes, offset)
            throw SyntaxError(line: l, column: c, message: "the file is not valid UTF-8")
        }
        var state = State(bytes: bytes, maximumDepth: maximumDepth)
        state.skipWhitespace()
        if state.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { state.index = 3 }
        let value = try state.parseValue(depth: 0)
        state.skipWhitespace()
        if state.index < bytes.count { throw state.error("unexpected text after the JSON value") }
        return value
    }

    static func position(_ bytes: [UInt8], _ offset: Int) -> (Int, Int) {
        var line = 1, column = 1
        for b in bytes[0..<min(offset, bytes.count)] {
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    private struct State {
        let bytes: [UInt8]
        let maximumDepth: Int
        var index = 0
        /// Keys and indices from the root to the value being parsed, for error messages.
        var path: [PathComponent] = []

        enum PathComponent {
            case key(String)
            case index(Int)
        }

        init(bytes: [UInt8], maximumDepth: Int) { self.bytes = bytes; self.maximumDepth = maximumDepth }

        func error(_ message: String) -> SyntaxError {
            let (l, c) = JSONParser.position(bytes, index)
            var p = ""
            for component in path {
                switch component {
                case .key(let k): p = KeyPath.join(p, k)
                case .index(let i): p = KeyPath.index(p, i)
                }
            }
            return SyntaxError(line: l, column: c, message: message, path: p)
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func parseValue(depth: Int) throws -> JSONValue {
            guard depth <= maximumDepth else { throw error("nesting deeper than \(maximumDepth) levels") }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try parseObject(depth: depth)
            case UInt8(ascii: "["): return try parseArray(depth: depth)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
            default:
                throw error("unexpected character '\(String(decoding: [bytes[index]], as: UTF8.self))' (NaN, Infinity and comments are not JSON)")
            }
        }

        mutating func literal(_ word: String) throws {
            let w = Array(word.utf8)
            guard index + w.count <= bytes.count, Array(bytes[index..<index + w.count]) == w else {
                throw error("invalid literal (expected '\(word)')")
            }
            index += w.count
        }

        mutating func parseObject(depth: Int) throws -> JSONValue {
            index += 1
            var members: [(key: String, value: JSONValue)] = []
            var seen = Set<String>()
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(JSONObject()) }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
                let keyStart = index
                let key = try parseString()
                if seen.contains(key) { index = keyStart; throw error("duplicate key \"\(key)\"") }
                seen.insert(key)
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after key \"\(key)\"") }
                index += 1
                path.append(.key(key))
                let value = try parseValue(depth: depth + 1)
                path.removeLast()
                members.append((key, value))
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of file inside an object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(JSONObject(members)) }
                throw error("expected ',' or '}' in an object")
            }
        }

        mutating func parseArray(depth: Int) throws -> JSONValue {
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array([]) }
            while true {
                path.append(.index(elements.count))
                elements.append(try parseValue(depth: depth + 1))
                path.removeLast()
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of file inside an array") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
                throw error("expected ',' or ']' in an array")
            }
        }

        mutating func parseString() throws -> String {
            index += 1
            var out = [UInt8]()
            while true {
                guard index < bytes.count else { throw error("unterminated string") }
                let b = bytes[index]
                if b == UInt8(ascii: "\"") { index += 1; break }
                if b < 0x20 { throw error("control character in a string (escape it)") }
                if b == UInt8(ascii: "\\") {
                    index += 1
                    guard index < bytes.count else { throw error("unterminated escape") }
                    let e = bytes[index]
                    index += 1
                    switch e {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800..<0xDC00).contains(code) {
                            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                                throw error("unpaired UTF-16 surrogate in \\u escape")
                            }
                            index += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw error("invalid UTF-16 surrogate pair") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00..<0xE000).contains(code) {
                            throw error("unpaired UTF-16 surrogate in \\u escape")
                        }
                        guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: throw error("invalid escape '\\\(String(decoding: [e], as: UTF8.self))'")
                    }
                } else {
                    out.append(b)
                    index += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        mutating func hex4() throws -> UInt32 {
            guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[index]
                let d: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
                default: throw error("invalid hex digit in \\u escape")
                }
                v = v * 16 + d
                index += 1
            }
            return v
        }

        mutating func parseNumber() throws -> Double {
            let start = index
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            func digits() -> Int {
                let s = index
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
                return index - s
            }
            guard index < bytes.count else { throw error("truncated number") }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
                if index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                    throw error("leading zeros are not allowed in numbers")
                }
            } else if digits() == 0 { throw error("invalid number") }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                if digits() == 0 { throw error("expected digits after the decimal point") }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                if digits() == 0 { throw error("expected digits in the exponent") }
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            guard let x = Double(text), x.isFinite else {
                index = start
                throw error("number \(text) is not finite in double precision")
            }
            return x
        }
    }
}
