import Foundation

/// Quoting of strings for gnuplot scripts.
///
/// Strings are written single-quoted, where gnuplot performs no backslash processing and — unlike
/// double-quoted strings — no backquote command substitution; a `'` is doubled. Line breaks are
/// joined in as `."\n".`, so `'a'."\n".'b'` is a two-line label.
public enum GnuplotString {
    /// Quotes raw text (no enhanced-text conversion), e.g. a file name.
    /// - Parameter text: the text.
    /// - Returns: a gnuplot string expression.
    public static func quote(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { "'" + singleLine(String($0)).replacingOccurrences(of: "'", with: "''") + "'" }
            .joined(separator: ".\"\\n\".")
    }

    /// Quotes a label for enhanced-text rendering (see ``EnhancedText``).
    /// - Parameter label: the label.
    /// - Returns: a gnuplot string expression.
    public static func label(_ label: String) -> String {
        quote(EnhancedText.markup(label))
    }

    /// Makes text safe for a `#` comment line: line breaks and other control characters become spaces.
    /// - Parameter text: the text.
    /// - Returns: one line.
    static func singleLine(_ text: String) -> String {
        String(text.map { ch -> Character in
            ch.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control }) || ch == "\r\n" ? " " : ch
        })
    }

    /// Splits provenance text into comment lines.
    /// - Parameter lines: texts that may contain line breaks.
    /// - Returns: `# `-prefixed lines.
    static func comments(_ lines: [String]) -> [String] {
        lines.flatMap { $0.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) }
            .map { "# " + singleLine(String($0)) }
    }
}
