import Foundation

/// The range, tick marks and tick-label format of one axis, chosen from the data so that labels
/// never crowd:
///
/// - linear axes: about five major ticks at a step m·10^k with m ∈ {1, 2, 2.5, 5}, with minor
///   ticks; labels in gnuplot's `%h` format. When labels would be long (largest |tick| ≥ 10^5 or
///   < 10^-3) the ticks are listed explicitly with labels divided by 10^k, and the axis label gets
///   a ` (×10^{k})` suffix (see ``labelSuffix``);
/// - log axes holding at least three powers of ten: labels `10^{n}`, one per decade up to six
///   decades, every k-th decade beyond; minor ticks at 2…9;
/// - narrower log axes (one decade or less): an explicit list of ticks at 1, 2, 5 × 10^k
///   (or 1…9 × 10^k) with `%g` labels, e.g. 0.1, 0.2, 0.5, 1.
///
/// Without a fixed range the x axis gets an explicit range computed from the data, widened to
/// the next major ticks (as gnuplot's autoscaling would), so that guide lines, which gnuplot
/// samples over the x range, span the whole panel; the y axis is left to gnuplot's autoscaling
/// unless its ticks are listed explicitly.
struct AxisTicks {
    /// The range to set, or `nil` for autoscaling.
    let range: ClosedRange<Double>?
    /// Whether ``range`` was computed from the data (rather than given by the spec).
    let rangeFromData: Bool
    /// `set …tics`, `set m…tics` and `set format` commands.
    let tickCommands: [String]
    /// Power of ten the tick labels are divided by, if any.
    let scaleExponent: Int?
    /// The tick labels as they will (approximately) be printed, to size the margins.
    let tickLabels: [String]

    /// Plans one axis.
    /// - Parameters:
    ///   - axis: `"x"` or `"y"`.
    ///   - log: whether the axis is logarithmic.
    ///   - fixed: the range given by the spec, if any.
    ///   - extent: the data extent.
    ///   - rangeFromData: whether to compute an explicit range from `extent` when `fixed` is `nil`.
    init(axis: String, log: Bool, fixed: ClosedRange<Double>?, extent: AxisExtent?, rangeFromData: Bool) {
        let usable = extent.flatMap { e in e.upper > e.lower && (e.upper - e.lower).isFinite && (!log || e.lower > 0) ? e : nil }
        // An invalid fixed range (only possible for unvalidated specs) is treated as absent.
        let fixed = fixed.flatMap { r in
            r.lowerBound.isFinite && r.upperBound.isFinite && r.lowerBound < r.upperBound
                && (r.upperBound - r.lowerBound).isFinite && (!log || r.lowerBound > 0) ? r : nil
        }
        if log, let fixed {
            self.init(logAxis: axis, lo: fixed.lowerBound, hi: fixed.upperBound, aligned: false, range: fixed, fromData: false)
        } else if log, let e = usable {
            let lo = NumberFormat.nice(1, exponent: Int(floor(log10(e.lower) + 1e-12)))
            let hi = NumberFormat.nice(1, exponent: Int(ceil(log10(e.upper) - 1e-12)))
            self.init(logAxis: axis, lo: lo, hi: hi, aligned: true, range: rangeFromData ? lo...hi : nil,
                      fromData: rangeFromData)
        } else if !log, let span = fixed ?? usable.map({ $0.lower...$0.upper }) {
            let step = Self.niceStep((span.upperBound - span.lowerBound) / 5)
            let aligned = fixed ?? Self.align(span, step: step.step)
            self.init(linearAxis: axis, step: step, aligned: aligned, fixed: fixed != nil, rangeFromData: rangeFromData)
        } else {
            self.init(range: fixed, rangeFromData: false, scaleExponent: nil,
                      tickCommands: ["set \(axis)tics autofreq", "set m\(axis)tics default",
                                     log ? "set format \(axis) \"10^{%T}\"" : "set format \(axis) \"%h\""],
                      tickLabels: log ? ["10^{-1}"] : ["-0.25"])
        }
    }

    /// Sets every property.
    private init(range: ClosedRange<Double>?, rangeFromData: Bool, scaleExponent: Int?, tickCommands: [String],
                 tickLabels: [String]) {
        self.range = range
        self.rangeFromData = rangeFromData
        self.scaleExponent = scaleExponent
        self.tickCommands = tickCommands
        self.tickLabels = tickLabels
    }

    /// Plans a logarithmic axis over [lo, hi]; `aligned` ranges end at powers of ten.
    private init(logAxis axis: String, lo: Double, hi: Double, aligned: Bool, range: ClosedRange<Double>?, fromData: Bool) {
        self.range = range
        rangeFromData = fromData
        scaleExponent = nil
        let decadeFormat = "set format \(axis) \"10^{%T}\""
        let lowPower = Int(ceil(log10(lo) - 1e-12)), highPower = Int(floor(log10(hi) + 1e-12))
        if highPower - lowPower + 1 >= 3 {
            let decades = aligned ? Double(highPower - lowPower) : log10(hi / lo)
            let every = decades > 6 ? Int(ceil(decades / 6)) : 1
            let tics = every > 1 ? NumberFormat.script(NumberFormat.nice(1, exponent: every)) : "autofreq"
            tickCommands = ["set \(axis)tics \(tics)", "set m\(axis)tics default", decadeFormat]
            tickLabels = [lowPower, highPower].map { "10^{\($0)}" }
        } else {
            let ticks = Self.narrowLogTicks(lo: lo, hi: hi).map(NumberFormat.script)
            tickCommands = ["set \(axis)tics (\(ticks.joined(separator: ", ")))", "set m\(axis)tics default",
                            "set format \(axis) \"%g\""]
            tickLabels = ticks
        }
    }

    /// Plans a linear axis with major ticks every `step` over `aligned`.
    private init(linearAxis axis: String, step: (step: Double, minor: Int), aligned: ClosedRange<Double>,
                 fixed: Bool, rangeFromData: Bool) {
        let majors = Self.multiples(of: step.step, in: aligned)
        let largest = majors.map(abs).max() ?? 0
        if largest >= 1e5 || (largest > 0 && largest < 1e-3) {
            // Long labels: list the ticks with labels in units of 10^k, k from the step.
            let k = Int(floor(log10(step.step) + 1e-9))
            let unit = NumberFormat.nice(1, exponent: k)
            // U+2212 minus, as `set minussign` gives the automatic labels.
            let labels = majors.map { NumberFormat.script(Self.clean($0 / unit)).replacingOccurrences(of: "-", with: "\u{2212}") }
            var entries = zip(labels, majors).map { "\"\($0)\" \(NumberFormat.script($1))" }
            let minors = Self.multiples(of: step.step / Double(step.minor), in: aligned)
                .filter { m in !majors.contains { abs($0 - m) <= 1e-9 * step.step } }
            if minors.count <= 200 { entries += minors.map { "\"\" \(NumberFormat.script($0)) 1" } }
            range = aligned
            self.rangeFromData = !fixed
            scaleExponent = k
            tickCommands = ["set \(axis)tics (\(entries.joined(separator: ", ")))", "set m\(axis)tics default",
                            "set format \(axis) \"%h\""]
            tickLabels = labels
        } else {
            range = fixed || rangeFromData ? aligned : nil
            self.rangeFromData = !fixed && rangeFromData
            scaleExponent = nil
            tickCommands = ["set \(axis)tics \(NumberFormat.script(step.step))", "set m\(axis)tics \(step.minor)",
                            "set format \(axis) \"%h\""]
            tickLabels = majors.map { NumberFormat.script($0) }
        }
    }

    /// The `set …range` command.
    /// - Parameter axis: `"x"` or `"y"`.
    /// - Returns: the command, with a note when the range was computed from the data.
    func rangeCommand(_ axis: String) -> String {
        guard let range else { return "set \(axis)range [*:*]" }
        let text = "set \(axis)range [\(NumberFormat.script(range.lowerBound)):\(NumberFormat.script(range.upperBound))]"
        return rangeFromData ? text + "  # data range widened to major ticks" : text
    }

    /// The suffix for the axis label when tick labels are in units of a power of ten.
    /// - Returns: e.g. `" (×10^{5})"`, or `""`.
    var labelSuffix: String {
        scaleExponent.map { " (×10^{\($0)})" } ?? ""
    }

    /// The widest tick label, in character widths (superscripts count 0.7).
    var widestTickLabel: Double {
        tickLabels.map { label -> Double in
            if label.hasPrefix("10^{") { return 2 + 0.7 * Double(label.count - 5) }
            return Double(label.count)
        }.max() ?? 0
    }

    /// Ticks for a log range holding fewer than three powers of ten.
    private static func narrowLogTicks(lo: Double, hi: Double) -> [Double] {
        let first = Int(floor(log10(lo))), last = Int(ceil(log10(hi)))
        let lowest = lo * (1 - 1e-12), highest = hi * (1 + 1e-12)
        let candidates: [[Double]] = [[1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]
        for mantissas in candidates {
            var ticks: [Double] = []
            for k in first...last {
                for m in mantissas {
                    let tick = NumberFormat.nice(m, exponent: k)
                    if tick >= lowest && tick <= highest { ticks.append(tick) }
                }
            }
            if ticks.count >= 3 || (mantissas.count > 3 && ticks.count >= 2) { return ticks }
        }
        return multiples(of: niceStep((hi - lo) / 4).step, in: lo...hi)
    }

    /// The multiples of `step` inside `range`, free of floating-point noise.
    private static func multiples(of step: Double, in range: ClosedRange<Double>) -> [Double] {
        let first = ceil(range.lowerBound / step - 1e-9), last = floor(range.upperBound / step + 1e-9)
        guard first.isFinite, last.isFinite, last >= first, last - first <= 10_000, abs(first) < 1e15, abs(last) < 1e15
        else { return [] }
        let start = Int(first), end = Int(last)
        return (start...end).map { clean(Double($0) * step) }
    }

    /// The range widened outwards to multiples of `step`.
    private static func align(_ range: ClosedRange<Double>, step: Double) -> ClosedRange<Double> {
        let lo = clean(floor(range.lowerBound / step + 1e-9) * step)
        let hi = clean(ceil(range.upperBound / step - 1e-9) * step)
        return lo...hi
    }

    /// Removes floating-point noise from a multiple of a nice step (0.30000000000000004 → 0.3).
    private static func clean(_ value: Double) -> Double {
        let v = Double(String(format: "%.12g", value)) ?? value
        return v == 0 ? 0 : v
    }

    /// The nice step not below `raw`, with its number of minor intervals.
    /// - Parameter raw: the desired step (> 0).
    /// - Returns: `(step, minor)` with step = m·10^k, m ∈ {1, 2, 2.5, 5}.
    static func niceStep(_ raw: Double) -> (step: Double, minor: Int) {
        guard raw.isFinite, raw > 0 else { return (1, 5) }
        let k = Int(floor(log10(raw)))
        let m = raw / pow(10, Double(k))
        for (mantissa, minor) in [(1.0, 5), (2.0, 4), (2.5, 5), (5.0, 5)] where m <= mantissa * (1 + 1e-9) {
            return (NumberFormat.nice(mantissa, exponent: k), minor)
        }
        return (NumberFormat.nice(1, exponent: k + 1), 5)
    }
}
