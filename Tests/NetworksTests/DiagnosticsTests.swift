import Foundation
import LinearAlgebra
import Testing
@testable import Networks

@Suite struct DiagnosticsTests {
    @Test func fftAutocovarianceMatchesDefinition() {
        var rng = RandomStream(seed: 2, stream: [1])
        for n in [1, 2, 7, 64, 100] {
            let x = rng.fillGaussian(n).map { $0 + 3 }
            var transform = Autocovariance(count: n)
            let fast = transform.biased(x), slow = Autocovariance.direct(x)
            #expect(transform.biased(x) == fast)   // buffers are reused without leftovers
            for t in 0..<n { #expect(abs(fast[t] - slow[t]) < 1e-12, "n=\(n) t=\(t)") }
        }
    }

    func ar1(_ phi: Double, count: Int, shift: Double, _ rng: inout RandomStream) -> [Double] {
        var x = rng.nextGaussian() / (1 - phi * phi).squareRoot()
        return (0..<count).map { _ in
            x = phi * x + rng.nextGaussian()
            return x + shift
        }
    }

    @Test func longRunsAreSubsampledForDiagnostics() {
        #expect(SamplerDiagnostics.stride(forKeptSamples: 1024) == 1)
        #expect(SamplerDiagnostics.stride(forKeptSamples: 1025) == 2)
        #expect(SamplerDiagnostics.stride(forKeptSamples: 3000) == 3)
    }

    /// AR(1) chains with coefficient φ: τ = (1 + φ)/(1 − φ), R̂ ≈ 1.
    @Test func autocorrelationTimeOfAR1() {
        var rng = RandomStream(seed: 5, stream: [2])
        let phi = 0.6, samples = 20_000
        let chains = (0..<4).map { _ in ar1(phi, count: samples, shift: 0, &rng) }
        let d = SamplerDiagnostics.compute(series: chains, samples: samples, outputs: 1, priorDiscretisationBias: 0)
        let tau = (1 + phi) / (1 - phi)
        #expect(abs(d.integratedAutocorrelationTime[0] / tau - 1) < 0.1, "τ = \(d.integratedAutocorrelationTime[0]) vs \(tau)")
        #expect(abs(d.effectiveSampleSize[0] - Double(4 * samples) / d.integratedAutocorrelationTime[0]) < 1e-6)
        #expect(d.maxSplitRHat < 1.01)
        #expect(d.warnings.isEmpty)
    }

    /// Chains stuck at different values give a large R̂ and a warning; identical constants give 1.
    @Test func disagreeingChainsAreFlagged() {
        var rng = RandomStream(seed: 6, stream: [3])
        let chains = [ar1(0.3, count: 1000, shift: 0, &rng), ar1(0.3, count: 1000, shift: 2, &rng)]
        let d = SamplerDiagnostics.compute(series: chains, samples: 1000, outputs: 1, priorDiscretisationBias: 0)
        // var⁺/W = (1.1 + 4/3)/1.1 for AR(1) variance 1/(1 − 0.09) and half-chain means 0, 0, 2, 2: R̂ ≈ 1.49.
        #expect(d.maxSplitRHat > 1.3)
        #expect(d.warnings.contains { $0.contains("split-R̂") })
        let constant = SamplerDiagnostics.compute(series: [[1, 1, 1, 1], [1, 1, 1, 1]], samples: 4, outputs: 1, priorDiscretisationBias: 0)
        #expect(constant.maxSplitRHat == 1)
        let tooShort = SamplerDiagnostics.compute(series: [[1, 2, 3]], samples: 3, outputs: 1, priorDiscretisationBias: 0)
        #expect(tooShort.maxSplitRHat.isNaN && !tooShort.warnings.isEmpty)
    }

    /// A drifting chain (non-stationary within the chain) is caught by splitting it.
    @Test func driftWithinOneChainIsFlaggedBySplitting() {
        var rng = RandomStream(seed: 7, stream: [4])
        let drifting = (0..<2000).map { Double($0) / 500 + 0.3 * rng.nextGaussian() }
        let d = SamplerDiagnostics.compute(series: [drifting], samples: 2000, outputs: 1, priorDiscretisationBias: 0)
        #expect(d.maxSplitRHat > 1.5)
    }
}
