import Foundation
import Testing
import Figures

/// Labels become enhanced-text markup that gnuplot renders as written, and script strings that
/// cannot break the script.
@Suite struct EnhancedTextTests {
    @Test(arguments: [
        ("ε_{test}", "ε_{test}"),
        ("P^{-1/2}", "P^{-1/2}"),
        ("χ_{ij}^{(2)}", "χ_{ij}^{(2)}"),
        ("x_{a_{b}}", "x_{a_{b}}"),
        ("{/:Italic f}(x)", "{/:Italic f}(x)"),
        ("{/=7}", "{/=7}"),
        ("test_error", "test\\_error"),
        ("x^2", "x\\^2"),
        ("a & b", "a \\& b"),
        ("user@host", "user\\@host"),
        ("≈ ~1", "≈ \\~1"),
        ("{raw}", "\\{raw\\}"),
        ("ε_{test", "ε\\_\\{test"),
        ("a}b", "a\\}b"),
        ("{/bad\"font x}", "\\{/bad\"font x\\}"),
        ("back\\slash", "back\u{2216}slash"),
        ("tab\there", "tab here"),
        ("⟨f⟩ χ α = P/d", "⟨f⟩ χ α = P/d"),
    ])
    func markup(_ input: String, _ expected: String) {
        #expect(EnhancedText.markup(input) == expected)
    }

    @Test func quotingSingleQuotesAndLineBreaks() {
        #expect(GnuplotString.quote("plain") == "'plain'")
        #expect(GnuplotString.quote("it's") == "'it''s'")
        #expect(GnuplotString.quote("say \"hi\"") == "'say \"hi\"'")
        #expect(GnuplotString.quote("a\nb") == "'a'.\"\\n\".'b'")
        #expect(GnuplotString.quote("`rm -rf /`") == "'`rm -rf /`'")
        #expect(GnuplotString.quote("") == "''")
        #expect(GnuplotString.label("it's ε_{test}") == "'it''s ε_{test}'")
    }

    @Test func labelsNeverLeaveTheirString() {
        // Whatever a label holds, the quoted form is one or more complete single-quoted strings.
        for label in ["'", "''", "a'b'c", "\\'", "'\n'", "x'; set output '/tmp/evil", "\r\n'"] {
            let quoted = GnuplotString.label(label)
            #expect(!quoted.contains("\n") && !quoted.contains("\r"))
            let pieces = quoted.components(separatedBy: ".\"\\n\".")
            for piece in pieces {
                #expect(piece.hasPrefix("'") && piece.hasSuffix("'") && piece.count >= 2)
                let inner = piece.dropFirst().dropLast()
                #expect(inner.replacingOccurrences(of: "''", with: "").contains("'") == false, "\(quoted)")
            }
        }
    }
}
