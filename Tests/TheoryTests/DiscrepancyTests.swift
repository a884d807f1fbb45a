import Testing
import TestSupport
import Theory

@Suite("Discrepancies")
struct DiscrepancyTests {
    @Test("hand-computed values")
    func values() {
        let y = [1.0, -1.0, 1.0, -1.0]
        let f = [0.5, -0.25, 1.5, 0.0]
        // Signed: (0.5 + 0.75 − 0.5 + 1)/4; squared: (0.25 + 0.5625 + 0.25 + 1)/4.
        #expect(isClose(Discrepancy.meanSigned(labels: y, predictions: f), 0.4375))
        #expect(isClose(Discrepancy.meanSquared(labels: y, predictions: f), 0.515625))
        #expect(Discrepancy.meanSigned(labels: y, predictions: y) == 0)
        #expect(Discrepancy.meanSquared(labels: y, predictions: y) == 0)
    }

    @Test("mismatched lengths stop the program with a message")
    func mismatch() async {
        await #expect(processExitsWith: .failure) {
            _ = Discrepancy.meanSigned(labels: [1, 2], predictions: [1])
        }
        await #expect(processExitsWith: .failure) {
            _ = Discrepancy.meanSquared(labels: [], predictions: [])
        }
    }
}
