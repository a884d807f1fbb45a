import Foundation

/// One panel (one set of axes) of a figure.
public struct PanelSpec: Sendable, Equatable {
    /// Panel title (enhanced text); with several panels it is prefixed by "(a)", "(b)", ….
    public var title: String?
    /// x-axis label with units, e.g. `"P (training samples)"` (enhanced text).
    public var xLabel: String
    /// y-axis label with units, e.g. `"ε_{test}"` (enhanced text).
    public var yLabel: String
    /// Logarithmic x axis. Rows with x ≤ 0 are left out of the plotted data (kept as comments).
    public var logX: Bool
    /// Logarithmic y axis. Rows with y ≤ 0 are left out of the plotted data (kept as comments).
    public var logY: Bool
    /// Fixed x range; `nil` autoscales.
    public var xRange: ClosedRange<Double>?
    /// Fixed y range; `nil` autoscales.
    public var yRange: ClosedRange<Double>?
    /// Key (legend) placement as gnuplot words, e.g. `"top right"`, `"bottom left"`, `"top left outside"`,
    /// or `"off"`; `nil` means `"top right"`. Only the words in ``KeyPosition/allowedWords`` are accepted.
    public var keyPosition: String?
    /// The data series, drawn in order (later on top).
    public var series: [SeriesSpec]
    /// Reference lines: power laws, horizontal and vertical lines.
    public var guides: [GuideLine]

    /// Creates a panel.
    /// - Parameters:
    ///   - title: panel title.
    ///   - xLabel: x-axis label.
    ///   - yLabel: y-axis label.
    ///   - logX: logarithmic x axis.
    ///   - logY: logarithmic y axis.
    ///   - xRange: fixed x range.
    ///   - yRange: fixed y range.
    ///   - keyPosition: key placement words.
    ///   - series: data series.
    ///   - guides: reference lines.
    public init(title: String? = nil, xLabel: String, yLabel: String, logX: Bool = false, logY: Bool = false,
                xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
                keyPosition: String? = nil, series: [SeriesSpec], guides: [GuideLine] = []) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
        self.logY = logY
        self.xRange = xRange
        self.yRange = yRange
        self.keyPosition = keyPosition
        self.series = series
        self.guides = guides
    }
}
