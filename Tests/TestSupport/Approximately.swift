import Foundation

/// Whether `a` and `b` agree within `absolute + relative·max(|a|, |b|)`.
/// - Parameters:
///   - a: the computed value.
///   - b: the reference value.
///   - relative: relative tolerance.
///   - absolute: absolute tolerance.
/// - Returns: `true` when the two agree (NaN never agrees).
public func isClose(_ a: Double, _ b: Double, relative: Double = 1e-12, absolute: Double = 0) -> Bool {
    if a.isNaN || b.isNaN { return false }
    if a == b { return true }
    return abs(a - b) <= absolute + relative * max(abs(a), abs(b))
}

/// Largest elementwise deviation `|a_i - b_i|`; `.infinity` if the counts differ.
/// - Returns: the maximal absolute difference.
public func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    var m = 0.0
    for i in a.indices { m = max(m, abs(a[i] - b[i])) }
    return m
}

/// Whether every element of `a` is close to the matching element of `b`.
/// - Returns: `true` when counts match and every pair is close.
public func allClose(_ a: [Double], _ b: [Double], relative: Double = 1e-12, absolute: Double = 0) -> Bool {
    guard a.count == b.count else { return false }
    for i in a.indices where !isClose(a[i], b[i], relative: relative, absolute: absolute) { return false }
    return true
}
