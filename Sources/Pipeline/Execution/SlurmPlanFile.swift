import Foundation

/// The tasks one `flrepro run --executor slurm` submitted:
/// `<results>/slurm/<plan id>.json`, written before the first `sbatch`.
/// Each job runs `flrepro exec-task --plan-file <this file> <key>`, which
/// rebuilds its `PlannedTask` from here (kind, version, key parameters — the
/// defaults of parameters omitted from the key are filled in from the kind —,
/// input keys, labels) and checks that the key recomputes, so a job never
/// depends on the manifests being planned again the same way.
///
/// The job ids live beside it in `<plan id>.jobs` (one line per task:
/// key, job id, log file, how it got there), appended after each `sbatch`,
/// so a submission that stops half-way still records every job it made.
public struct SlurmPlanFile: Sendable {
    public static let format = "flrepro-slurm-plan/1"

    /// One task of the plan.
    public struct Task: Sendable {
        public var key: String
        public var kind: String
        public var version: Int
        /// The key parameters (as hashed and stored as provenance; see `PlannedTask.keyParameters`).
        public var parameters: JSONObject
        /// Input name → input key, sorted by name.
        public var inputs: [(name: String, key: String)]
        public var labels: [String]
        public var resources: SlurmResources
        /// The Slurm job name (`fl-<kind>-<short key>`, or the array's name).
        public var jobName: String
        /// The job array this task is an element of, and its index there.
        public var array: String?
        public var arrayIndex: Int?

        public init(_ t: PlannedTask, resources: SlurmResources, jobName: String, array: String? = nil, arrayIndex: Int? = nil) {
            key = t.key
            kind = t.kind
            version = t.version
            parameters = t.keyParameters
            inputs = t.inputs
            labels = t.labels
            self.resources = resources
            self.jobName = jobName
            self.array = array
            self.arrayIndex = arrayIndex
        }

        /// The task as the executors run it.
        /// - Parameter registry: the task kinds; the kind's specs fill in the parameters omitted from the key.
        /// - Throws: `SlurmError` when the key does not recompute from the recorded kind, version, parameters
        ///   and inputs, or when this binary does not know the kind.
        public func plannedTask(registry: TaskRegistry) throws -> PlannedTask {
            let canonical = CanonicalJSON.encode(.object(parameters))
            let recomputed = ContentKey.key(kind: kind, version: version, canonicalParameters: canonical, inputs: inputs)
            guard recomputed == key else {
                throw SlurmError("task \(key.prefix(12))… of the plan file does not match its content: the key recomputed from its kind, version, parameters and inputs is \(recomputed.prefix(12))… (edited or damaged plan file)")
            }
            guard let taskKind = registry[kind] else {
                throw SlurmError("this flrepro binary has no task kind \(kind) (the plan was made by another version: rebuild, or submit again)")
            }
            return PlannedTask(key: key, kind: kind, version: version,
                               parameters: TaskParameters(taskKind.resolvedParameters(fromKey: parameters)),
                               keyParameters: parameters, canonicalParameters: canonical, inputs: inputs, labels: labels)
        }

        var json: JSONValue {
            var o = JSONObject([
                ("key", .string(key)), ("kind", .string(kind)), ("version", .number(Double(version))),
                ("parameters", .object(parameters)),
                ("inputs", .object(JSONObject(inputs.map { ($0.name, .string($0.key)) }))),
                ("labels", .array(labels.map { .string($0) })),
                ("resources", resources.json),
                ("job_name", .string(jobName)),
            ])
            if let array, let arrayIndex {
                o["array"] = .string(array)
                o["array_index"] = .number(Double(arrayIndex))
            }
            return .object(o)
        }

        init(json: JSONValue, file: String) throws {
            guard let o = json.objectValue, let key = o["key"]?.stringValue, let kind = o["kind"]?.stringValue,
                  let version = o["version"]?.intValue, let parameters = o["parameters"]?.objectValue,
                  let inputs = o["inputs"]?.objectValue else {
                throw SlurmError("\(file): a task entry lacks key, kind, version, parameters or inputs")
            }
            self.key = key
            self.kind = kind
            self.version = version
            self.parameters = parameters
            self.inputs = try inputs.members.map { m in
                guard let k = m.value.stringValue else { throw SlurmError("\(file): task \(key.prefix(12))…: input \(m.key) is not a key") }
                return (m.key, k)
            }.sorted { $0.name < $1.name }
            labels = o["labels"]?.arrayValue?.compactMap(\.stringValue) ?? []
            resources = SlurmResources(json: o["resources"])
            jobName = o["job_name"]?.stringValue ?? "fl-\(kind)-\(key.prefix(12))"
            array = o["array"]?.stringValue
            arrayIndex = o["array_index"]?.intValue
        }
    }

    public var id: String
    public var created: Date
    /// The results directory the jobs write to (absolute).
    public var results: String
    /// The repository root (for provenance).
    public var root: String
    public var profile: String
    /// The manifests planned.
    public var manifests: [String]
    /// The tasks in dependency order (inputs first).
    public var tasks: [Task]
    /// Job arrays: name → keys in array-index order.
    public var arrays: [(name: String, keys: [String])]

    public init(id: String, created: Date = Date(), results: String, root: String, profile: String, manifests: [String],
                tasks: [Task], arrays: [(name: String, keys: [String])] = []) {
        self.id = id
        self.created = created
        self.results = results
        self.root = root
        self.profile = profile
        self.manifests = manifests
        self.tasks = tasks
        self.arrays = arrays
    }

    /// The task with this key.
    public func task(_ key: String) -> Task? { tasks.first { $0.key == key } }

    /// The key of element `index` of array `name`.
    public func key(array name: String, index: Int) throws -> String {
        guard let a = arrays.first(where: { $0.name == name }) else {
            throw SlurmError("plan \(id) has no job array \"\(name)\" (arrays: \(arrays.map(\.name).joined(separator: ", ")))")
        }
        guard a.keys.indices.contains(index) else { throw SlurmError("job array \(name) of plan \(id) has no element \(index)") }
        return a.keys[index]
    }

    // MARK: Files

    /// `<results>/slurm`.
    public static func directory(results: URL) -> URL { results.appendingPathComponent("slurm", isDirectory: true) }
    /// `<results>/slurm/<id>.json`.
    public static func url(results: URL, id: String) -> URL { directory(results: results).appendingPathComponent("\(id).json") }
    /// `<results>/slurm/<id>.jobs`.
    public static func jobsURL(results: URL, id: String) -> URL { directory(results: results).appendingPathComponent("\(id).jobs") }
    /// `<results>/slurm/<id>.ended`: the jobs a waiting `run` saw end without an intact entry.
    public static func endedURL(results: URL, id: String) -> URL { directory(results: results).appendingPathComponent("\(id).ended") }
    /// `<results>/logs`.
    public static func logDirectory(results: URL) -> URL { results.appendingPathComponent("logs", isDirectory: true) }

    /// A new plan id: UTC time stamp to the millisecond and a short random suffix (sorts by time).
    public static func newID(now: Date = Date()) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss-SSS"
        return "\(f.string(from: now))-\(String(format: "%04x", UInt32.random(in: 0...0xFFFF)))"
    }

    /// The ids of the plans submitted to a results directory, oldest first.
    public static func ids(results: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory(results: results).path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads a plan (the newest when `id` is nil).
    public static func load(results: URL, id: String?) throws -> SlurmPlanFile {
        guard let id = id ?? ids(results: results).last else {
            throw SlurmError("no Slurm plan in \(directory(results: results).path) (submit one with `flrepro run --executor slurm`)")
        }
        let url = self.url(results: results, id: id)
        guard let data = try? Data(contentsOf: url) else {
            let known = ids(results: results)
            throw SlurmError("no Slurm plan \(id) in \(directory(results: results).path)\(known.isEmpty ? "" : " (plans: \(known.suffix(5).joined(separator: ", ")))")")
        }
        return try decode(data, file: url.path)
    }

    /// Loads a plan file by path.
    public static func load(_ url: URL) throws -> SlurmPlanFile {
        guard let data = try? Data(contentsOf: url) else { throw SlurmError("cannot read the plan file \(url.path)") }
        return try decode(data, file: url.path)
    }

    /// Writes the plan atomically.
    public func write(to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(encoded().utf8).write(to: url, options: .atomic)
    }

    /// The plan as JSON text (one task per line).
    public func encoded() -> String {
        let head = JSONObject([
            ("format", .string(Self.format)), ("id", .string(id)), ("created_utc", .string(ExecutionRecord.iso(created))),
            ("results", .string(results)), ("root", .string(root)), ("profile", .string(profile)),
            ("manifests", .array(manifests.map { .string($0) })),
            ("arrays", .object(JSONObject(arrays.map { ($0.name, .array($0.keys.map { .string($0) })) }))),
        ])
        var lines = head.members.map { "  \(CanonicalJSON.quote($0.key)): \(CanonicalJSON.encode($0.value))" }
        lines.append("  \"tasks\": [\n" + tasks.map { "    " + CanonicalJSON.encode($0.json) }.joined(separator: ",\n") + "\n  ]")
        return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }

    /// Parses `encoded()` text.
    public static func decode(_ data: Data, file: String) throws -> SlurmPlanFile {
        let value: JSONValue
        do { value = try JSONParser().parse(data) } catch { throw SlurmError("\(file): not a plan file: \(error)") }
        guard let o = value.objectValue, o["format"]?.stringValue == format else {
            throw SlurmError("\(file): not a flrepro Slurm plan file (expected \"format\": \"\(format)\")")
        }
        guard let id = o["id"]?.stringValue, let results = o["results"]?.stringValue, let tasks = o["tasks"]?.arrayValue else {
            throw SlurmError("\(file): the plan file lacks id, results or tasks")
        }
        let created = o["created_utc"]?.stringValue.flatMap { text -> Date? in
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return f.date(from: text)
        } ?? Date(timeIntervalSince1970: 0)
        let arrays: [(name: String, keys: [String])] = (o["arrays"]?.objectValue?.members ?? []).map { m in
            (m.key, m.value.arrayValue?.compactMap(\.stringValue) ?? [])
        }
        return SlurmPlanFile(id: id, created: created, results: results, root: o["root"]?.stringValue ?? "",
                             profile: o["profile"]?.stringValue ?? "", manifests: o["manifests"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                             tasks: try tasks.map { try Task(json: $0, file: file) }, arrays: arrays)
    }
}

/// Which Slurm job computes a task: one line of `<results>/slurm/<plan id>.jobs`:
/// key, job id, origin, submission time (seconds since 1970) and log file, tab-separated.
/// (Lines of the first format, without the time, are still read.)
public struct SlurmJobRecord: Sendable, Equatable {
    /// How the task got its job.
    public enum Origin: String, Sendable {
        /// Submitted by this plan.
        case submitted
        /// Already queued by an earlier plan; this plan waited for it.
        case queued
    }
    public var key: String
    /// The job id, or `<array id>_<index>` for an array element.
    public var jobID: String
    /// The job's log file (standard output and error).
    public var log: String
    public var origin: Origin
    /// When `sbatch` returned the job id (nil in jobs files of the first format).
    public var submitted: Date?

    public init(key: String, jobID: String, log: String, origin: Origin, submitted: Date? = nil) {
        self.key = key
        self.jobID = jobID
        self.log = log
        self.origin = origin
        self.submitted = submitted.map { Date(timeIntervalSince1970: ($0.timeIntervalSince1970 * 1000).rounded() / 1000) }
    }

    var line: String {
        let time = submitted.map { String(format: "%.3f", $0.timeIntervalSince1970) } ?? "-"
        return "\(key)\t\(jobID)\t\(origin.rawValue)\t\(time)\t\(log)\n"
    }

    /// Parses one line (either format).
    init?(line: Substring) {
        let p = line.split(separator: "\t", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
        guard p.count >= 4, ContentKey.isKey(p[0]), let origin = Origin(rawValue: p[2]) else { return nil }
        if p.count == 5, p[3] == "-" || Double(p[3]) != nil {
            self.init(key: p[0], jobID: p[1], log: p[4], origin: origin, submitted: Double(p[3]).map { Date(timeIntervalSince1970: $0) })
        } else {
            // First format: key, job id, origin, log (which may hold tabs).
            let log = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)[3]
            self.init(key: p[0], jobID: p[1], log: String(log), origin: origin)
        }
    }

    /// Appends records to a jobs file (and flushes them to disk).
    public static func append(_ records: [SlurmJobRecord], to url: URL) throws {
        try appendText(records.map(\.line).joined(), to: url)
    }

    /// Appends job ids to an `.ended` file: jobs that have ended for good (failed, or cancelled
    /// because an input failed). A later submission then does not take them for jobs that
    /// `squeue` merely does not list yet.
    public static func appendEnded(_ jobIDs: [String], to url: URL) throws {
        guard !jobIDs.isEmpty else { return }
        try appendText(jobIDs.map { "\($0)\n" }.joined(), to: url)
    }

    /// The ids in every plan's `.ended` file of a results directory.
    public static func endedJobs(results: URL) -> Set<String> {
        var out = Set<String>()
        for id in SlurmPlanFile.ids(results: results) {
            guard let text = try? String(contentsOf: SlurmPlanFile.endedURL(results: results, id: id), encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") where !line.isEmpty { out.insert(String(line)) }
        }
        return out
    }

    private static func appendText(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(url.path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { throw SlurmError("cannot write \(url.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let ok = text.withCString { p in write(fd, p, strlen(p)) == strlen(p) }
        guard ok else { throw SlurmError("cannot write \(url.path): \(String(cString: strerror(errno)))") }
        fsync(fd)
    }

    /// Reads a jobs file (later lines for the same key win).
    public static func read(_ url: URL) -> [String: SlurmJobRecord] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        var out: [String: SlurmJobRecord] = [:]
        for line in text.split(separator: "\n") {
            if let r = SlurmJobRecord(line: line) { out[r.key] = r }
        }
        return out
    }

    /// Every record of every plan of a results directory, oldest plan first.
    public static func readAll(results: URL) -> [SlurmJobRecord] {
        SlurmPlanFile.ids(results: results).flatMap { id in
            read(SlurmPlanFile.jobsURL(results: results, id: id)).values.sorted { $0.key < $1.key }
        }
    }
}
