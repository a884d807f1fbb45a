import Foundation

/// The fixed default styles: the Okabe–Ito colour-blind-safe palette and a matching
/// sequence of point types, assigned by a series' position within its panel, so the
/// n-th series looks the same in every panel and every figure.
public enum Palette {
    /// Okabe–Ito colours, ordered for contrast on white (yellow last).
    public static let colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                "#E69F00", "#56B4E9", "#000000", "#F0E442"]
    /// gnuplot (cairo) point types: filled circle, square, up/down triangle, diamond, pentagon,
    /// then open circle and open square.
    public static let pointTypes = [7, 5, 9, 11, 13, 15, 6, 4]
    /// Colour of guide lines unless given.
    public static let guideColor = "#505050"

    /// The default colour of the series at `index`.
    /// - Parameter index: 0-based position of the series in its panel.
    /// - Returns: a `"#rrggbb"` colour.
    public static func color(_ index: Int) -> String { colors[index % colors.count] }

    /// The default point type of the series at `index`.
    /// - Parameter index: 0-based position of the series in its panel.
    /// - Returns: a gnuplot point type.
    public static func pointType(_ index: Int) -> Int { pointTypes[index % pointTypes.count] }

    /// Whether `text` is a colour of the form `#rrggbb`.
    /// - Parameter text: the candidate.
    /// - Returns: `true` for `#` followed by exactly six hexadecimal digits.
    public static func isHexColor(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 7, scalars[0] == "#" else { return false }
        return scalars.dropFirst().allSatisfy { $0.properties.isASCIIHexDigit }
    }
}
