import Foundation

/// The physical size of a figure, in centimetres (the PDF is exactly this size; the PNG is
/// this size at ``FigureStyle/pngResolution`` dots per inch).
public struct FigureSize: Sendable, Equatable {
    /// Width in centimetres.
    public var width: Double
    /// Height in centimetres.
    public var height: Double

    /// Creates a size.
    /// - Parameters:
    ///   - width: width in cm.
    ///   - height: height in cm.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// Default size of one panel: 9 cm × 7 cm (about one journal column).
    public static let perPanel = FigureSize(width: 9, height: 7)

    /// Extra height (cm) added for an overall figure title when the size is derived automatically.
    public static let titleHeight = 0.8
}
