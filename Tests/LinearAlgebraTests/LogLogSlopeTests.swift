import Foundation
import LinearAlgebra
import Testing
import TestSupport

@Suite("LogLogSlope: power-law fits and bootstrap intervals")
struct LogLogSlopeTests {
    @Test("an exact power law gives its exponent and prefactor")
    func exactPowerLaw() {
        let x: [Double] = [32, 64, 128, 256, 512]
        let y = x.map { 0.13 * pow($0, -1.0) }
        let fit = LogLogSlope.fit(x: x, y: y)
        #expect(isClose(fit.slope, -1, relative: 1e-12))
        #expect(isClose(exp(fit.intercept), 0.13, relative: 1e-12))
        let e = LogLogSlope.estimate(x: x, runs: [y, y, y], resamples: 200, level: 0.95, seed: 1)
        #expect(isClose(e.slope, -1, relative: 1e-12) && isClose(e.lower, -1, relative: 1e-12) && isClose(e.upper, -1, relative: 1e-12))
        #expect(e.bootstrapStandardDeviation < 1e-12)
    }

    @Test("least squares against a hand computation with three points")
    func threePoints() {
        // ln x = 0, 1, 2 (x = 1, e, e²); ln y = 0, 1, 3: slope = Σ(u − 1)(v − 4/3)/Σ(u − 1)² = 3/2, intercept 4/3 − 3/2.
        let fit = LogLogSlope.fit(x: [1, M_E, M_E * M_E], y: [1, M_E, exp(3)])
        #expect(isClose(fit.slope, 1.5, relative: 1e-12))
        #expect(isClose(fit.intercept, 4.0 / 3 - 1.5, absolute: 1e-12))
    }

    @Test("non-positive points are left out; fewer than two points give NaN")
    func degenerateInputs() {
        #expect(isClose(LogLogSlope.fit(x: [1, 2, 4], y: [1, 0, 0.25]).slope, -1, relative: 1e-12))
        #expect(LogLogSlope.fit(x: [1, 2], y: [1, -1]).slope.isNaN)
        #expect(LogLogSlope.fit(x: [2, 2], y: [1, 3]).slope.isNaN)
    }

    @Test("the bootstrap interval covers the true exponent of noisy runs about as often as its level says")
    func bootstrapCoverage() {
        // Runs y_r(x) = x^(−1) · exp(0.3 z), z ~ N(0, 1) per point: the mean curve's exponent scatters about −1.
        let x: [Double] = [32, 64, 128, 256, 512]
        var rng = RandomStream(seed: 7, stream: [RandomStream.purpose("test-loglog-coverage")])
        var covered = 0, width = 0.0
        let trials = 200
        for trial in 0..<trials {
            let runs = (0..<8).map { _ in x.map { pow($0, -1) * exp(0.3 * rng.nextGaussian()) } }
            let e = LogLogSlope.estimate(x: x, runs: runs, resamples: 400, level: 0.9, seed: UInt64(trial))
            #expect(e.lower <= e.slope && e.slope <= e.upper)
            if e.lower <= -1 && -1 <= e.upper { covered += 1 }
            width += e.upper - e.lower
        }
        // The percentile bootstrap with 8 runs under-covers somewhat; 90 % nominal must give well over half.
        #expect(covered >= 140 && covered <= 198, "covered \(covered) of \(trials)")
        #expect(width / Double(trials) > 0.01)
    }

    @Test("same seed, same interval; another seed, another resampling")
    func determinism() {
        let x: [Double] = [10, 20, 40]
        let runs: [[Double]] = [[1, 0.6, 0.2], [1.2, 0.4, 0.3], [0.9, 0.5, 0.26]]
        let a = LogLogSlope.estimate(x: x, runs: runs, resamples: 100, level: 0.95, seed: 3)
        let b = LogLogSlope.estimate(x: x, runs: runs, resamples: 100, level: 0.95, seed: 3)
        let c = LogLogSlope.estimate(x: x, runs: runs, resamples: 100, level: 0.95, seed: 4)
        #expect(a == b)
        #expect(a.bootstrapStandardDeviation != c.bootstrapStandardDeviation)
        #expect(a.slope == c.slope)
    }
}
