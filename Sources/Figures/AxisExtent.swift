import Foundation

/// The interval of finite values an axis has to show (positive values only on a log axis).
struct AxisExtent: Equatable {
    /// Smallest value.
    private(set) var lower: Double
    /// Largest value.
    private(set) var upper: Double

    /// An extent holding one value.
    /// - Parameter value: the value.
    init(_ value: Double) {
        lower = value
        upper = value
    }

    /// Extends an optional extent by a value.
    /// - Parameters:
    ///   - extent: the extent so far.
    ///   - value: the value; ignored when not finite, or not positive on a log axis.
    ///   - log: whether the axis is logarithmic.
    static func include(_ extent: inout AxisExtent?, _ value: Double, log: Bool) {
        guard value.isFinite, !log || value > 0 else { return }
        if var e = extent {
            e.lower = min(e.lower, value)
            e.upper = max(e.upper, value)
            extent = e
        } else {
            extent = AxisExtent(value)
        }
    }

    /// The x extent of a panel: x of the plotted points whose y is finite, and vertical guides.
    /// - Parameter panel: the prepared panel.
    /// - Returns: the extent, `nil` where no finite value exists.
    static func x(of panel: PreparedPanel) -> AxisExtent? {
        let spec = panel.spec
        var x: AxisExtent?
        for series in panel.series {
            let s = series.spec
            for row in series.keptRows where row[s.yColumn].isFinite {
                include(&x, row[s.xColumn], log: spec.logX)
            }
        }
        for guide in spec.guides {
            if case .vertical(let c) = guide.kind { include(&x, c, log: spec.logX) }
        }
        return x
    }

    /// The y extent of a panel as gnuplot autoscales it: plotted points inside the x range (with
    /// their error bars), horizontal guides, and power-law guides sampled over the x range.
    /// - Parameters:
    ///   - panel: the prepared panel.
    ///   - xRange: the x range shown, if known.
    /// - Returns: the extent, `nil` where no finite value exists.
    static func y(of panel: PreparedPanel, xRange: ClosedRange<Double>?) -> AxisExtent? {
        let spec = panel.spec
        var y: AxisExtent?
        for series in panel.series {
            let s = series.spec
            for row in series.keptRows {
                let xv = row[s.xColumn], yv = row[s.yColumn]
                guard xv.isFinite, yv.isFinite, xRange?.contains(xv) ?? true else { continue }
                include(&y, yv, log: spec.logY)
                if s.style.usesErrors, row[s.errorColumn].isFinite {
                    include(&y, yv - row[s.errorColumn], log: spec.logY)
                    include(&y, yv + row[s.errorColumn], log: spec.logY)
                }
            }
        }
        for guide in spec.guides {
            switch guide.kind {
            case .vertical:
                continue
            case .horizontal(let c):
                if let r = guide.xRange, let shown = xRange, !r.overlaps(shown) { continue }
                include(&y, c, log: spec.logY)
            case .powerLaw(let a, let b):
                guard let shown = xRange ?? guide.xRange else { continue }
                guard let domain = guide.xRange.map({ $0.overlaps(shown) ? $0.clamped(to: shown) : nil }) ?? shown
                else { continue }
                for t in samplePoints(domain, log: spec.logX, count: 200) {
                    include(&y, a * pow(t, b), log: spec.logY)
                }
            }
        }
        return y
    }

    /// Points spread over an interval, evenly in x or (on a log axis) in log x.
    private static func samplePoints(_ domain: ClosedRange<Double>, log: Bool, count: Int) -> [Double] {
        let lo = domain.lowerBound, hi = domain.upperBound
        if log {
            guard lo > 0 else { return [] }
            let a = Foundation.log(lo), b = Foundation.log(hi)
            return (0..<count).map { exp(a + (b - a) * Double($0) / Double(count - 1)) }
        }
        return (0..<count).map { lo + (hi - lo) * Double($0) / Double(count - 1) }
    }
}
