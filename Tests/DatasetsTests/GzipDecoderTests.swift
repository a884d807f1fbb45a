import Datasets
import Foundation
import LinearAlgebra
import TestSupport
import Testing

@Suite("gzip decoder")
struct GzipDecoderTests {
    /// 300 kB of pseudo-random bytes from a 16-letter alphabet: Huffman-coded by deflate (not stored),
    /// about half the original size.
    private static let sample: [UInt8] = {
        var stream = RandomStream(seed: 5, stream: [RandomStream.purpose("gzip-test-sample")])
        return (0..<300_000).map { _ in UInt8(truncatingIfNeeded: stream.nextUInt64() % 16) + 0x41 }
    }()

    @Test func gzipRoundTripRestoresTheOriginalBytes() throws {
        let compressed = DataFileFixtures.gzipped(Self.sample)
        #expect(compressed.count < Self.sample.count)
        #expect(Data(try GzipDecoder.decompress(compressed, path: "sample.gz")) == Data(Self.sample))
        // Output larger than the decoder's 1 MiB chunk.
        var large: [UInt8] = []
        for _ in 0..<5 { large += Self.sample }
        #expect(Data(try GzipDecoder.decompress(DataFileFixtures.gzipped(large), path: "large.gz")) == Data(large))
    }

    @Test func concatenatedMembersAreJoinedLikeGunzip() throws {
        let first: [UInt8] = Array("first member\n".utf8), second: [UInt8] = Array("second member\n".utf8)
        let both = DataFileFixtures.gzipped(first) + DataFileFixtures.gzipped(second)
        #expect(try GzipDecoder.decompress(both, path: "two.gz") == first + second)
    }

    @Test func fileWrittenByGzipCommandDecodes() throws {
        let dir = try TemporaryDirectory(prefix: "flrepro-gzip")
        defer { dir.remove() }
        try DataFileFixtures.write(Self.sample, to: dir.path("sample.bin"))
        let result = try runProcess("/usr/bin/gzip", ["-9", dir.path("sample.bin")])
        #expect(result.status == 0, "gzip: \(result.stderr)")
        #expect(Data(try GzipDecoder.decompressFile(atPath: dir.path("sample.bin.gz"))) == Data(Self.sample))
    }

    @Test func truncatedGzipIsReportedAsTruncatedWithTheFileName() throws {
        let compressed = DataFileFixtures.gzipped(Self.sample)
        for keep in [10, compressed.count / 2, compressed.count - 1] {
            let error = DataFileFixtures.datasetError { _ = try GzipDecoder.decompress(Array(compressed.prefix(keep)), path: "/data/cut.gz") }
            let text = error?.description ?? ""
            #expect(text.contains("/data/cut.gz") && text.contains("truncated"), "keep \(keep): \(text)")
        }
    }

    @Test func flippedPayloadByteIsReportedAsCorruptWithTheFileName() throws {
        let compressed = DataFileFixtures.gzipped(Self.sample)
        var damaged = compressed
        damaged[compressed.count / 2] ^= 0x5A                  // inside the Huffman-coded deflate data
        let error = DataFileFixtures.datasetError { _ = try GzipDecoder.decompress(damaged, path: "/data/flipped.gz") }
        let text = error?.description ?? ""
        #expect(text.contains("/data/flipped.gz") && text.contains("corrupt gzip data"), "\(text)")
    }

    @Test func flippedCRCByteIsReportedAsCorruptWithTheFileName() throws {
        var damaged = DataFileFixtures.gzipped(Self.sample)
        damaged[damaged.count - 8] ^= 0x01                   // first byte of the CRC-32 trailer
        let error = DataFileFixtures.datasetError { _ = try GzipDecoder.decompress(damaged, path: "/data/crc.gz") }
        let text = error?.description ?? ""
        #expect(text.contains("/data/crc.gz") && text.contains("incorrect data check"), "\(text)")
    }

    @Test func trailingGarbageAfterTheLastMemberIsRejected() throws {
        let damaged = DataFileFixtures.gzipped(Self.sample) + [0x00, 0x01, 0x02]
        let error = DataFileFixtures.datasetError { _ = try GzipDecoder.decompress(damaged, path: "/data/tail.gz") }
        let text = error?.description ?? ""
        #expect(text.contains("/data/tail.gz") && text.contains("3 trailing bytes"), "\(text)")
    }

    @Test func emptyOrNonGzipInputIsRejectedWithTheFileName() throws {
        let empty = DataFileFixtures.errorMessage { _ = try GzipDecoder.decompress([], path: "/data/empty.gz") }
        #expect(empty.contains("/data/empty.gz") && empty.contains("empty"), "\(empty)")
        let plain = DataFileFixtures.errorMessage { _ = try GzipDecoder.decompress(Array("hello".utf8), path: "/data/plain.gz") }
        #expect(plain.contains("/data/plain.gz") && plain.contains("not gzip data"), "\(plain)")
    }

    @Test func missingGzipFileIsReportedAsMissing() throws {
        let error = DataFileFixtures.datasetError { _ = try GzipDecoder.decompressFile(atPath: "/nonexistent/flrepro/x.gz") }
        #expect(error == .missingFile(path: "/nonexistent/flrepro/x.gz", remedy: "no such file"))
    }
}
