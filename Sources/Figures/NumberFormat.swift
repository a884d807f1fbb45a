import Foundation

/// The one spelling of numbers in `.dat` and `.gp` files: Swift's shortest round-trip decimal
/// (`Double.description`, e.g. `0.1`, `1e-05`, `1.2345678901234568e+17`), which
/// `Double(String)` reads back exactly and is the same on every platform; `NaN`, `Inf`, `-Inf`
/// for the non-finite values (gnuplot reads these as undefined points).
public enum NumberFormat {
    /// Formats one number.
    /// - Parameter value: the number.
    /// - Returns: its canonical spelling.
    public static func decimal(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Inf" : "-Inf" }
        return value.description
    }

    /// The spelling of numbers in gnuplot scripts: like ``decimal(_:)``, but integral values below
    /// 10^15 without a fractional part (`9` rather than `9.0`). Still exact; gnuplot commands in the
    /// scripts never divide two such constants, so integer arithmetic cannot bite.
    /// - Parameter value: the number.
    /// - Returns: its spelling.
    public static func script(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return decimal(value)
    }

    /// A number with a fixed count of decimals (for terminal scale factors).
    /// - Parameters:
    ///   - value: the number.
    ///   - digits: decimals after the point.
    /// - Returns: e.g. `"2.0833"`.
    static func fixed(_ value: Double, digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }

    /// A "nice" number m·10^k with m in `mantissas`, parsed from its decimal spelling so that
    /// `0.3` is exactly the double nearest 0.3.
    /// - Parameters:
    ///   - mantissa: m.
    ///   - exponent: k.
    /// - Returns: the number.
    static func nice(_ mantissa: Double, exponent: Int) -> Double {
        Double("\(mantissa)e\(exponent)") ?? mantissa * pow(10, Double(exponent))
    }
}
