import Foundation

/// A reference line drawn over a panel: a power law y = a·x^b (a straight line of slope b on
/// log–log axes), a horizontal line y = c, or a vertical line x = c.
public struct GuideLine: Sendable, Equatable {
    /// The kind of line and its constants.
    public enum Kind: Sendable, Equatable {
        /// y = prefactor · x^exponent.
        case powerLaw(prefactor: Double, exponent: Double)
        /// y = value.
        case horizontal(Double)
        /// x = value (from the bottom to the top of the panel; does not extend an autoscaled x range).
        case vertical(Double)
    }

    /// What to draw.
    public var kind: Kind
    /// Key entry (enhanced text), e.g. `"∝ P^{-1/2}"`; `nil` or empty gives no key entry.
    public var label: String?
    /// x interval over which a power law or horizontal line is drawn; `nil` spans the whole axis.
    /// Ignored for vertical lines.
    public var xRange: ClosedRange<Double>?
    /// Colour as `"#rrggbb"`; `nil` means ``Palette/guideColor`` (dark grey).
    public var color: String?
    /// gnuplot dash type (default 2, dashed).
    public var dash: Int

    /// Creates a guide line.
    /// - Parameters:
    ///   - kind: what to draw.
    ///   - label: key entry.
    ///   - xRange: drawing interval in x.
    ///   - color: `"#rrggbb"` or `nil`.
    ///   - dash: dash type.
    public init(_ kind: Kind, label: String? = nil, xRange: ClosedRange<Double>? = nil,
                color: String? = nil, dash: Int = 2) {
        self.kind = kind
        self.label = label
        self.xRange = xRange
        self.color = color
        self.dash = dash
    }

    /// A power law y = a·x^b.
    /// - Parameters:
    ///   - prefactor: a.
    ///   - exponent: b (the slope on log–log axes).
    ///   - label: key entry.
    ///   - xRange: drawing interval in x.
    /// - Returns: the guide.
    public static func powerLaw(prefactor: Double, exponent: Double, label: String? = nil,
                                xRange: ClosedRange<Double>? = nil) -> GuideLine {
        GuideLine(.powerLaw(prefactor: prefactor, exponent: exponent), label: label, xRange: xRange)
    }

    /// A horizontal line y = c.
    /// - Parameters:
    ///   - value: c.
    ///   - label: key entry.
    /// - Returns: the guide.
    public static func horizontal(_ value: Double, label: String? = nil) -> GuideLine {
        GuideLine(.horizontal(value), label: label)
    }

    /// A vertical line x = c.
    /// - Parameters:
    ///   - value: c.
    ///   - label: key entry.
    /// - Returns: the guide.
    public static func vertical(_ value: Double, label: String? = nil) -> GuideLine {
        GuideLine(.vertical(value), label: label)
    }
}
