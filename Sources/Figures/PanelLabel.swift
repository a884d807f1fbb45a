import Foundation

/// Panel letters "(a)", "(b)", … and the names panels get in comments and messages.
enum PanelLabel {
    /// The letter of a panel.
    /// - Parameter number: 0-based panel number.
    /// - Returns: "(a)" … "(z)", then "(27)", "(28)", ….
    static func letter(_ number: Int) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        return number < letters.count ? "(\(letters[number]))" : "(\(number + 1))"
    }

    /// The title drawn above a panel: its letter (with several panels and lettering on) and its title.
    /// - Parameters:
    ///   - number: 0-based panel number.
    ///   - spec: the figure.
    /// - Returns: the title text, or `nil` for none.
    static func title(_ number: Int, in spec: PlotSpec) -> String? {
        let title = spec.panels[number].title.flatMap { $0.isEmpty ? nil : $0 }
        guard spec.panelLabels, spec.panels.count > 1 else { return title }
        return [letter(number), title].compactMap { $0 }.joined(separator: " ")
    }

    /// How comments name a panel, e.g. `panel 2 (b) 'Kernel ridge'`.
    /// - Parameters:
    ///   - number: 0-based panel number.
    ///   - count: number of panels.
    ///   - title: the panel's title.
    /// - Returns: the name.
    static func name(_ number: Int, count: Int, title: String?) -> String {
        var name = "panel \(number + 1)"
        if count > 1 { name += " \(letter(number))" }
        if let title, !title.isEmpty { name += " '\(GnuplotString.singleLine(title))'" }
        return name
    }
}
