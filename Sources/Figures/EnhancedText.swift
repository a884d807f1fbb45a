import Foundation

/// Conversion of labels to gnuplot *enhanced text* markup.
///
/// Labels are UTF-8 and may contain any Unicode (χ, ⟨f⟩, ε, ∝ …). Markup that is passed through
/// on purpose:
/// - `_{…}` subscript and `^{…}` superscript, nestable, e.g. `ε_{test}`, `P^{-1/2}`, `χ_{ij}^{(2)}`;
/// - font groups `{/font text}`, e.g. `{/:Italic x}`, `{/=7 small}`.
///
/// Every other markup character is printed literally: a `_` or `^` not followed by a group
/// (`test_error`, `x^2`), `@`, `&`, `~`, and braces that do not open or close a group.
/// A backslash is drawn as "∖" (U+2216): gnuplot's cairo terminals treat backslashes differently
/// in key entries and in labels, so no escape prints one reliably.
/// Line breaks are kept (see ``GnuplotString``); other control characters become spaces.
public enum EnhancedText {
    private static let markupCharacters: Set<Character> = ["{", "}", "^", "_", "@", "&", "~"]
    private static let fontSpecCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "/:=*-.,+"))

    /// Converts a label to enhanced-text markup (before string quoting).
    /// - Parameter label: the label as written in the manifest.
    /// - Returns: markup that gnuplot renders as intended.
    public static func markup(_ label: String) -> String {
        let chars = Array(label)
        let groups = matchGroups(chars)
        var out = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if (c == "^" || c == "_"), i + 1 < chars.count, groups.closing[i + 1] != nil {
                out.append(c)
                out.append("{")
                i += 2
                continue
            }
            if c == "{", let close = groups.closing[i], groups.fontGroup.contains(i) {
                // Copy the font specification "/…" verbatim up to the first space (or the group's end).
                var j = i + 1
                var spec = ""
                while j < close, chars[j] != " " { spec.append(chars[j]); j += 1 }
                out += "{" + spec + (j < close ? " " : "")
                i = j < close ? j + 1 : j
                continue
            }
            if c == "}", groups.closers.contains(i) {
                out.append("}")
                i += 1
                continue
            }
            if c == "\\" {
                out.append("\u{2216}")
            } else if markupCharacters.contains(c) {
                out += "\\" + String(c)
            } else if c == "\n" || c == "\r\n" {
                out.append("\n")
            } else if c.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control }) {
                out.append(" ")
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }

    /// Finds the brace groups that are markup: an opening `{` right after `^`/`_`, or a `{/` font
    /// group whose specification is made of safe characters, each with its matching `}`.
    /// Unmatched openers are literal; a `}` closes the innermost open group, else it is literal.
    /// - Parameter chars: the label's characters.
    /// - Returns: opener index → closer index, the set of closer indices, and the font-group openers.
    private static func matchGroups(_ chars: [Character]) -> (closing: [Int: Int], closers: Set<Int>, fontGroup: Set<Int>) {
        var stack: [Int] = []
        var closing: [Int: Int] = [:]
        var closers: Set<Int> = []
        var fontGroup: Set<Int> = []
        for (i, c) in chars.enumerated() {
            if c == "{" {
                if i > 0, chars[i - 1] == "^" || chars[i - 1] == "_" {
                    stack.append(i)
                } else if i + 1 < chars.count, chars[i + 1] == "/", isSafeFontSpec(chars, from: i + 1) {
                    stack.append(i)
                    fontGroup.insert(i)
                }
            } else if c == "}", let open = stack.popLast() {
                closing[open] = i
                closers.insert(i)
            }
        }
        for open in stack { fontGroup.remove(open) }
        return (closing, closers, fontGroup)
    }

    /// Whether the font specification starting at `from` (a `/`) consists of safe characters up to
    /// the first space or closing brace.
    private static func isSafeFontSpec(_ chars: [Character], from: Int) -> Bool {
        var j = from
        var length = 0
        while j < chars.count, chars[j] != " ", chars[j] != "}" {
            guard chars[j].unicodeScalars.allSatisfy({ fontSpecCharacters.contains($0) }) else { return false }
            j += 1
            length += 1
        }
        return length > 1
    }
}
