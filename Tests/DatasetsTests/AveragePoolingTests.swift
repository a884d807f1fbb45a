import Datasets
import TestSupport
import Testing

@Suite("average pooling")
struct AveragePoolingTests {
    @Test func twoByTwoBlocksOfAFourByFourImageAreHandComputedMeans() {
        let row0: [UInt8] = [0, 255, 10, 20], row1: [UInt8] = [255, 0, 30, 40]
        let row2: [UInt8] = [1, 2, 100, 100], row3: [UInt8] = [3, 4, 100, 101]
        let pooled = AveragePooling.pooled(row0 + row1 + row2 + row3, side: 4, block: 2)
        // Block means of the bytes (510/4, 100/4, 10/4, 401/4), divided by 255.
        let blockSums: [Double] = [510, 100, 10, 401]
        let expected = blockSums.map { $0 / 4 / 255 }
        #expect(allClose(pooled, expected, relative: 1e-15))
    }

    @Test func blockOfOneOnlyScalesAndFullBlockIsTheImageMean() {
        let pixels: [UInt8] = (0..<36).map { UInt8($0 * 7) }
        #expect(AveragePooling.pooled(pixels, side: 6, block: 1) == pixels.map { Double($0) / 255 })
        let mean = Double(pixels.reduce(0) { $0 + Int($1) }) / 36 / 255
        #expect(allClose(AveragePooling.pooled(pixels, side: 6, block: 6), [mean], relative: 1e-15))
    }

    @Test func sevenBySevenPoolingOfA28ImageMatchesDirectBlockSums() {
        let pixels = DataFileFixtures.syntheticImage(index: 5, label: 3)
        let pooled = AveragePooling.pooled(pixels, side: 28, block: 7)
        #expect(pooled.count == 16)
        for a in 0..<4 {
            for b in 0..<4 {
                var sum = 0
                for r in 0..<7 { for c in 0..<7 { sum += Int(pixels[(7 * a + r) * 28 + 7 * b + c]) } }
                #expect(isClose(pooled[4 * a + b], Double(sum) / 49 / 255, relative: 1e-15))
            }
        }
    }
}
