import Foundation

/// Canonical JSON text: objects with keys sorted by their UTF-8 bytes, no
/// white space, integers written without a fraction, other numbers in Swift's
/// shortest round-trip spelling, strings with minimal escapes.
///
/// Content keys hash this text, so it must never change for equal values:
/// `1`, `1.0` and `1e0` all encode as `1`.
public enum CanonicalJSON {
    /// Encodes `value` canonically.
    /// - Parameter value: the JSON value.
    /// - Returns: the canonical text.
    public static func encode(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    /// The canonical spelling of a finite number.
    /// - Parameter x: the number.
    /// - Returns: e.g. `"3"`, `"0.1"`, `"1e-05"`, `"-0"` is spelled `"0"`.
    public static func number(_ x: Double) -> String {
        if x == 0 { return "0" }
        if x.rounded() == x, abs(x) < 9.007199254740992e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// A JSON string literal with the minimal escapes.
    /// - Parameter s: the string.
    /// - Returns: the quoted literal.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    private static func write(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let x): out += number(x)
        case .string(let s): out += quote(s)
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                write(v, into: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            let sorted = o.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (i, m) in sorted.enumerated() {
                if i > 0 { out += "," }
                out += quote(m.key)
                out += ":"
                write(m.value, into: &out)
            }
            out += "}"
        }
    }

    /// Pretty, human-oriented JSON (two-space indent, keys in their given order).
    /// - Parameter value: the value.
    /// - Returns: indented text ending without a newline.
    public static func pretty(_ value: JSONValue, indent: String = "") -> String {
        switch value {
        case .array(let a) where !a.isEmpty:
            let inner = indent + "  "
            let scalarOnly = a.allSatisfy { if case .array = $0 { return false }; if case .object = $0 { return false }; return true }
            if scalarOnly { return "[" + a.map { encode($0) }.joined(separator: ", ") + "]" }
            return "[\n" + a.map { inner + pretty($0, indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let o) where !o.isEmpty:
            let inner = indent + "  "
            return "{\n" + o.members.map { inner + quote($0.key) + ": " + pretty($0.value, indent: inner) }
                .joined(separator: ",\n") + "\n" + indent + "}"
        default:
            return encode(value)
        }
    }
}
