/// Average pooling of square 8-bit grey-scale images over non-overlapping blocks.
///
/// A `side × side` image with pixel bytes `p` becomes a `(side/block) × (side/block)`
/// image (row-major) whose entry for block `(a, b)` is
/// `(Σ p over rows a·block ..< (a+1)·block, columns b·block ..< (b+1)·block) / (255 · block²)`,
/// i.e. the mean of the pixels scaled to [0, 1]. The byte sum is exact, so the result
/// is the correctly rounded block mean.
public enum AveragePooling {
    /// Pools one image into `output`.
    /// - Parameters:
    ///   - pixels: `side²` pixel bytes, row-major.
    ///   - side: the image's width and height.
    ///   - block: the block side; must divide `side`.
    ///   - output: `(side/block)²` slots receiving the block means.
    public static func pool(_ pixels: UnsafeBufferPointer<UInt8>, side: Int, block: Int, into output: UnsafeMutableBufferPointer<Double>) {
        precondition(block >= 1 && side % block == 0, "AveragePooling: block \(block) does not divide side \(side)")
        precondition(pixels.count == side * side, "AveragePooling: \(pixels.count) pixels for a \(side)×\(side) image")
        let pooledSide = side / block
        precondition(output.count == pooledSide * pooledSide, "AveragePooling: output has \(output.count) slots, need \(pooledSide * pooledSide)")
        let divisor = Double(255 * block * block)
        for a in 0..<pooledSide {
            for b in 0..<pooledSide {
                var sum = 0
                for r in (a * block)..<((a + 1) * block) {
                    let rowStart = r * side + b * block
                    for c in 0..<block { sum += Int(pixels[rowStart + c]) }
                }
                output[a * pooledSide + b] = Double(sum) / divisor
            }
        }
    }

    /// Pools one image.
    /// - Parameters:
    ///   - pixels: `side²` pixel bytes, row-major.
    ///   - side: the image's width and height.
    ///   - block: the block side; must divide `side`.
    /// - Returns: the `(side/block)²` block means of the pixels scaled to [0, 1], row-major.
    public static func pooled(_ pixels: [UInt8], side: Int, block: Int) -> [Double] {
        precondition(block >= 1 && side % block == 0, "AveragePooling: block \(block) does not divide side \(side)")
        let count = (side / block) * (side / block)
        var output = [Double](repeating: 0, count: count)
        pixels.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in pool(input, side: side, block: block, into: out) }
        }
        return output
    }
}
