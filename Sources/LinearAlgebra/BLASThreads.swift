import CLapack

/// Control of OpenBLAS's internal thread pool.
///
/// Multi-threaded BLAS may split sums differently depending on the thread count, so the
/// pipeline calls `BLASThreads.set(1)` to make results bit-identical whatever `-j` is.
public enum BLASThreads {
    /// Sets the number of threads OpenBLAS uses for every later call.
    /// - Parameter n: the thread count (≥ 1).
    public static func set(_ n: Int) {
        precondition(n >= 1, "BLAS thread count must be at least 1, got \(n)")
        openblas_set_num_threads(Int32(n))
    }

    /// The number of threads OpenBLAS currently uses.
    public static var current: Int { Int(openblas_get_num_threads()) }
}
