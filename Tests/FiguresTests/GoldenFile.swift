import Foundation
import Testing

/// Compares generated text with a golden file in `Tests/FiguresTests/Golden/`, or records it when
/// the environment variable `FLREPRO_RECORD_GOLDEN=1` is set.
enum GoldenFile {
    /// The golden-file folder (beside this source file).
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden", isDirectory: true)

    /// Whether golden files are being recorded.
    static var recording: Bool { ProcessInfo.processInfo.environment["FLREPRO_RECORD_GOLDEN"] == "1" }

    /// Checks `text` against `Golden/<name>` (or records it).
    /// - Parameters:
    ///   - text: the generated text.
    ///   - name: the golden file's name, e.g. `"loglog-errorbars.gp"`.
    static func check(_ text: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if recording {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
            print("note: recorded golden file \(url.path) (FLREPRO_RECORD_GOLDEN=1)")
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("golden file \(url.path) is missing; run the tests with FLREPRO_RECORD_GOLDEN=1 to record it",
                         sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if text != expected {
            let got = text.components(separatedBy: "\n"), want = expected.components(separatedBy: "\n")
            let line = (0..<min(got.count, want.count)).first(where: { got[$0] != want[$0] }) ?? min(got.count, want.count)
            let gotLine = line < got.count ? got[line] : "<end of text>"
            let wantLine = line < want.count ? want[line] : "<end of file>"
            Issue.record("""
                \(name) differs from the golden file at line \(line + 1):
                  golden:    \(wantLine)
                  generated: \(gotLine)
                If the change is intended, re-record with FLREPRO_RECORD_GOLDEN=1 and review the diff.
                """, sourceLocation: sourceLocation)
        }
    }
}
