import Crypto
import Foundation

/// Content keys: SHA-256 (hex) of a canonical, versioned pre-image of a task —
/// kind, kind version, fully resolved parameters as canonical JSON, and the
/// keys of its inputs in input-name order (a Merkle chain). File, manifest and
/// figure names are not part of it, so equal computations share one key.
public enum ContentKey {
    /// The pre-image format's version; changing the format changes every key.
    public static let preimageVersion = "flrepro-task/1"

    /// The exact text that is hashed.
    /// - Parameters:
    ///   - kind: the kind's name.
    ///   - version: the kind's version.
    ///   - canonicalParameters: `CanonicalJSON.encode` of the resolved parameters.
    ///   - inputs: input name → input key.
    /// - Returns: the pre-image.
    public static func preimage(kind: String, version: Int, canonicalParameters: String, inputs: [(name: String, key: String)]) -> String {
        var s = "\(preimageVersion)\nkind:\(kind)\nversion:\(version)\nparameters:\(canonicalParameters)\n"
        for i in inputs.sorted(by: { $0.name < $1.name }) { s += "input:\(i.name):\(i.key)\n" }
        return s
    }

    /// The key of a task.
    /// - Returns: 64 lowercase hex digits.
    public static func key(kind: String, version: Int, canonicalParameters: String, inputs: [(name: String, key: String)]) -> String {
        sha256Hex(Data(preimage(kind: kind, version: version, canonicalParameters: canonicalParameters, inputs: inputs).utf8))
    }

    /// Lowercase hex SHA-256 of `data`.
    public static func sha256Hex<D: DataProtocol>(_ data: D) -> String {
        let digest = SHA256.hash(data: data)
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for b in digest {
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `s` looks like a key (64 lowercase hex digits).
    public static func isKey(_ s: String) -> Bool {
        s.utf8.count == 64 && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
