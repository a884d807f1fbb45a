import Foundation

/// Validation of key (legend) placements given as gnuplot words.
///
/// Accepted: one or more of ``allowedWords`` (case-insensitive, separated by spaces), with at most
/// one vertical word (`top`, `bottom`), one horizontal word (`left`, `right`), one of
/// `inside`/`outside`, one of `above`/`over`/`below`/`under`, one of `horizontal`/`vertical`,
/// and `center` at most twice; or `off`/`none` alone for no key.
public enum KeyPosition {
    /// The placement words passed to `set key`.
    public static let allowedWords: [String] = ["top", "bottom", "center", "left", "right", "inside", "outside",
                                               "above", "over", "below", "under", "horizontal", "vertical"]
    /// Words that switch the key off.
    public static let offWords: [String] = ["off", "none"]
    /// Placement used when a panel gives none.
    public static let defaultWords = ["top", "right"]

    private static let exclusiveGroups: [[String]] = [["top", "bottom"], ["left", "right"], ["inside", "outside"],
                                                      ["above", "over", "below", "under"], ["horizontal", "vertical"]]

    /// Parses and validates a placement.
    /// - Parameter text: the placement, e.g. `"Bottom Left"`.
    /// - Returns: the lower-cased words, or `nil` when the key is switched off.
    /// - Throws: ``FigureError/invalidSpec(_:)`` naming the offending word.
    public static func parse(_ text: String) throws -> [String]? {
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if words.count == 1, offWords.contains(words[0]) { return nil }
        if words.isEmpty { throw FigureError.invalidSpec("key position is empty (use e.g. \"top right\" or \"off\")") }
        for word in words where !allowedWords.contains(word) {
            throw FigureError.invalidSpec("key position word '\(word)' in \"\(text)\" is not one of "
                                          + (allowedWords + offWords).joined(separator: ", "))
        }
        for group in exclusiveGroups where words.filter(group.contains).count > 1 {
            throw FigureError.invalidSpec("key position \"\(text)\" has more than one of \(group.joined(separator: "/"))")
        }
        if words.filter({ $0 == "center" }).count > 2 {
            throw FigureError.invalidSpec("key position \"\(text)\" repeats 'center'")
        }
        return words
    }

    /// The words to emit for a (possibly unvalidated) placement: invalid words are dropped, never emitted.
    /// - Parameter text: the placement or `nil`.
    /// - Returns: the words, or `nil` for no key.
    static func words(_ text: String?) -> [String]? {
        guard let text else { return defaultWords }
        if let parsed = try? parse(text) { return parsed }
        let words = text.lowercased().split(separator: " ").map(String.init)
        if words.count == 1, offWords.contains(words[0]) { return nil }
        let kept = words.filter(allowedWords.contains)
        return kept.isEmpty ? defaultWords : kept
    }
}
