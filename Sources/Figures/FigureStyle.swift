import Foundation

/// Typography and line weights shared by all figures, so every figure of the project looks alike.
/// gnuplot cairo line widths are in units of 0.5 pt; point sizes are gnuplot `pointsize` factors.
public struct FigureStyle: Sendable, Equatable {
    /// Font family (fontconfig resolves it; "Helvetica" falls back to the system sans-serif).
    public var font: String
    /// Font size of labels, ticks and key, in points.
    public var fontSize: Double
    /// Font size of panel and figure titles, in points.
    public var titleFontSize: Double
    /// Resolution of the PNG in dots per inch (the PDF is vector).
    public var pngResolution: Int
    /// Line width of data series (gnuplot units, 1 = 0.5 pt).
    public var lineWidth: Double
    /// Line width of guide lines.
    public var guideLineWidth: Double
    /// Line width of the axes' border and ticks.
    public var borderWidth: Double
    /// Marker size factor.
    public var pointSize: Double
    /// Opacity of ``SeriesStyle/band`` fills, 0…1.
    public var bandOpacity: Double

    /// Creates a style; the defaults are ``publication``.
    /// - Parameters:
    ///   - font: font family.
    ///   - fontSize: label font size (pt).
    ///   - titleFontSize: title font size (pt).
    ///   - pngResolution: PNG dots per inch.
    ///   - lineWidth: data line width.
    ///   - guideLineWidth: guide line width.
    ///   - borderWidth: border line width.
    ///   - pointSize: marker size factor.
    ///   - bandOpacity: band fill opacity.
    public init(font: String = "Helvetica", fontSize: Double = 9, titleFontSize: Double = 10,
                pngResolution: Int = 300, lineWidth: Double = 2, guideLineWidth: Double = 1.5,
                borderWidth: Double = 1.5, pointSize: Double = 0.55, bandOpacity: Double = 0.25) {
        self.font = font
        self.fontSize = fontSize
        self.titleFontSize = titleFontSize
        self.pngResolution = pngResolution
        self.lineWidth = lineWidth
        self.guideLineWidth = guideLineWidth
        self.borderWidth = borderWidth
        self.pointSize = pointSize
        self.bandOpacity = bandOpacity
    }

    /// The project's default: 9 pt Helvetica, 1 pt data lines, 300 dpi PNG.
    public static let publication = FigureStyle()

    /// Problems with this style, if any.
    /// - Returns: a description of the first problem, or `nil` when the style is usable.
    public func problem() -> String? {
        let fontCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: " -_."))
        if font.isEmpty || font.unicodeScalars.contains(where: { !fontCharacters.contains($0) }) {
            return "font name '\(font)' must be letters, digits, spaces, '-', '_' or '.'"
        }
        for (name, value) in [("fontSize", fontSize), ("titleFontSize", titleFontSize), ("lineWidth", lineWidth),
                              ("guideLineWidth", guideLineWidth), ("borderWidth", borderWidth),
                              ("pointSize", pointSize)] where !(value.isFinite && value > 0 && value <= 100) {
            return "style \(name) = \(value) must be in (0, 100]"
        }
        if !(bandOpacity.isFinite && bandOpacity >= 0 && bandOpacity <= 1) {
            return "style bandOpacity = \(bandOpacity) must be in [0, 1]"
        }
        if !(10...2400).contains(pngResolution) {
            return "style pngResolution = \(pngResolution) must be in 10…2400 dpi"
        }
        return nil
    }
}
