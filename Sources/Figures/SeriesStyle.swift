import Foundation

/// How a series is drawn. The raw values are the spellings used in manifests.
public enum SeriesStyle: String, Sendable, Equatable, CaseIterable {
    /// Solid line through the points (`with lines`).
    case lines
    /// Markers only (`with points`).
    case points
    /// Line and markers (`with linespoints`).
    case linesPoints
    /// Markers with symmetric y error bars (`with yerrorbars`; columns x, y, error).
    case errorBars
    /// Line and markers with y error bars (`with yerrorlines`; columns x, y, error).
    case errorLines
    /// A shaded band y ± error (`with filledcurves`, transparent) plus the line y.
    case band

    /// Whether the style reads an error column.
    /// - Returns: `true` for ``errorBars``, ``errorLines`` and ``band``.
    public var usesErrors: Bool {
        switch self {
        case .errorBars, .errorLines, .band: return true
        case .lines, .points, .linesPoints: return false
        }
    }
}
