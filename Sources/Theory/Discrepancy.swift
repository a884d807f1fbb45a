/// Discrepancies between labels and mean predictions (the paper's definition was not seen; both are offered).
public enum Discrepancy {
    /// The mean signed discrepancy `(1/P) Σ_α y_α (y_α − f_α)`.
    ///
    /// For labels `±1` this is the average shortfall of the prediction in the direction of the label.
    /// - Parameters:
    ///   - labels: `y`, non-empty.
    ///   - predictions: `f`, the same length as `labels`.
    /// - Returns: the mean signed discrepancy.
    public static func meanSigned(labels: [Double], predictions: [Double]) -> Double {
        checkShapes(labels, predictions, "meanSigned")
        var sum = 0.0
        for i in labels.indices { sum += labels[i] * (labels[i] - predictions[i]) }
        return sum / Double(labels.count)
    }

    /// The mean squared discrepancy `(1/P) Σ_α (y_α − f_α)²`.
    /// - Parameters:
    ///   - labels: `y`, non-empty.
    ///   - predictions: `f`, the same length as `labels`.
    /// - Returns: the mean squared discrepancy.
    public static func meanSquared(labels: [Double], predictions: [Double]) -> Double {
        checkShapes(labels, predictions, "meanSquared")
        var sum = 0.0
        for i in labels.indices {
            let d = labels[i] - predictions[i]
            sum += d * d
        }
        return sum / Double(labels.count)
    }

    /// Stops with a clear message when the arrays are empty or of different lengths (a programming error).
    private static func checkShapes(_ labels: [Double], _ predictions: [Double], _ name: String) {
        precondition(!labels.isEmpty, "Discrepancy.\(name): labels must not be empty")
        precondition(labels.count == predictions.count,
                     "Discrepancy.\(name): \(labels.count) labels but \(predictions.count) predictions")
    }
}
