/// Reads the members of one JSON object for validation: typed accessors that
/// throw `ManifestError` with the member's key path, and `finish()` that
/// rejects every key that was not read (unknown keys are errors).
struct ObjectReader {
    let object: JSONObject
    let path: String
    let file: String
    private(set) var used: Set<String> = []

    /// - Parameters:
    ///   - value: the value expected to be an object.
    ///   - path: its key path.
    ///   - file: the manifest file, for errors.
    init(_ value: JSONValue, path: String, file: String) throws {
        guard case .object(let o) = value else {
            throw ManifestError(file: file, path: path, message: "expected object, got \(value.typeName)")
        }
        self.object = o
        self.path = path
        self.file = file
    }

    func error(_ key: String, _ message: String) -> ManifestError {
        ManifestError(file: file, path: KeyPath.join(path, key), message: message)
    }

    /// The raw member, if present (marks it as read).
    mutating func value(_ key: String) -> JSONValue? {
        used.insert(key)
        return object[key]
    }

    /// The raw member; throws if missing.
    mutating func required(_ key: String) throws -> JSONValue {
        guard let v = value(key) else {
            throw ManifestError(file: file, path: path, message: "missing required key \"\(key)\"")
        }
        return v
    }

    mutating func string(_ key: String) throws -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw error(key, "expected string, got \(v.typeName)") }
        return s
    }

    mutating func requiredString(_ key: String) throws -> String {
        _ = try required(key)
        return try string(key)!
    }

    mutating func bool(_ key: String) throws -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .bool(let b) = v else { throw error(key, "expected boolean, got \(v.typeName)") }
        return b
    }

    mutating func number(_ key: String) throws -> Double? {
        guard let v = value(key) else { return nil }
        guard case .number(let x) = v else { throw error(key, "expected number, got \(v.typeName)") }
        return x
    }

    mutating func int(_ key: String) throws -> Int? {
        guard let v = value(key) else { return nil }
        guard let i = v.intValue else { throw error(key, "expected integer, got \(v.typeName == "number" ? CanonicalJSON.encode(v) : v.typeName)") }
        return i
    }

    mutating func objectValue(_ key: String) throws -> JSONObject? {
        guard let v = value(key) else { return nil }
        guard case .object(let o) = v else { throw error(key, "expected object, got \(v.typeName)") }
        return o
    }

    mutating func array(_ key: String) throws -> [JSONValue]? {
        guard let v = value(key) else { return nil }
        guard case .array(let a) = v else { throw error(key, "expected array, got \(v.typeName)") }
        return a
    }

    mutating func stringArray(_ key: String) throws -> [String]? {
        guard let a = try array(key) else { return nil }
        return try a.enumerated().map { i, v in
            guard case .string(let s) = v else {
                throw ManifestError(file: file, path: KeyPath.index(KeyPath.join(path, key), i), message: "expected string, got \(v.typeName)")
            }
            return s
        }
    }

    /// A string that must be one of `allowed`.
    mutating func choice(_ key: String, _ allowed: [String]) throws -> String? {
        guard let s = try string(key) else { return nil }
        guard allowed.contains(s) else {
            throw error(key, "unknown value \"\(s)\"; expected one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        return s
    }

    /// Throws for the first key that was never read.
    func finish(allowedHint: String? = nil) throws {
        for key in object.keys where !used.contains(key) {
            let known = used.sorted().joined(separator: ", ")
            throw error(key, "unknown key \"\(key)\" (known keys here: \(known))")
        }
    }
}
