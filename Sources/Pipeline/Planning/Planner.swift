/// Expands manifests into a `Plan`: sweeps × foreach → instances, `$references`
/// resolved, kind defaults filled and types checked, inputs wired to the
/// matching producer instance, content keys computed, identical tasks merged.
public struct Planner: Sendable {
    public var registry: TaskRegistry
    /// Largest number of instances one template may expand to.
    public var maximumInstancesPerTask = 1_000_000

    public init(registry: TaskRegistry) { self.registry = registry }

    /// Plans several manifests together (tasks shared between them run once).
    /// - Parameter manifests: validated manifests.
    /// - Returns: the plan.
    /// - Throws: `ManifestError` naming the file and key path of the first problem.
    public func plan(_ manifests: [Manifest]) throws -> Plan {
        var plan = Plan(tasks: [:], order: [], manifests: [])
        for m in manifests {
            let mp = try expand(m, into: &plan)
            try SeriesEvaluator.checkSelections(of: mp)
            plan.manifests.append(mp)
        }
        return plan
    }

    /// Orders templates so that producers come before consumers.
    func templateOrder(_ m: Manifest) throws -> [TaskTemplate] {
        var state: [String: Int] = [:]  // 1 = visiting, 2 = done
        var out: [TaskTemplate] = []
        func visit(_ t: TaskTemplate, stack: [String]) throws {
            if state[t.name] == 2 { return }
            if state[t.name] == 1 {
                let cycle = stack.drop(while: { $0 != t.name }) + [t.name]
                throw ManifestError(file: m.file, path: KeyPath.join(t.path, "inputs"),
                                    message: "input cycle: \(cycle.joined(separator: " → "))")
            }
            state[t.name] = 1
            for i in t.inputs { try visit(m.task(i.task)!, stack: stack + [t.name]) }
            state[t.name] = 2
            out.append(t)
        }
        for t in m.tasks { try visit(t, stack: []) }
        return out
    }

    private func expand(_ m: Manifest, into plan: inout Plan) throws -> ManifestPlan {
        var instances: [String: [TaskInstance]] = [:]
        // For each template: lookup from the values of its variables to the instance's key.
        var lookup: [String: (variables: [String], keys: [String: String])] = [:]

        for t in try templateOrder(m) {
            guard let kind = registry[t.kind] else {
                throw ManifestError(file: m.file, path: KeyPath.join(t.path, "kind"),
                                    message: "unknown task kind \"\(t.kind)\" (known: \(registry.names.joined(separator: ", ")))")
            }
            let parameterSpecs = kind.parameters
            let paramsPath = KeyPath.join(t.path, "params")
            let parameterPaths = parameterSpecs.map { KeyPath.join(paramsPath, $0.name) }
            let parameterValues = parameterSpecs.map { t.parameters[$0.name] ?? $0.defaultValue }
            let specs = Dictionary(uniqueKeysWithValues: parameterSpecs.map { ($0.name, $0) })
            for k in t.parameters.keys where specs[k] == nil {
                throw ManifestError(file: m.file, path: KeyPath.join(KeyPath.join(t.path, "params"), k),
                                    message: "\(t.kind) has no parameter \"\(k)\" (parameters: \(kind.parameters.map(\.name).joined(separator: ", ")))")
            }
            for s in kind.parameters where s.defaultValue == nil && t.parameters[s.name] == nil {
                throw ManifestError(file: m.file, path: KeyPath.join(t.path, "params"),
                                    message: "missing required parameter \"\(s.name)\" of \(t.kind) (\(s.documentation))")
            }
            let declared = Set(t.inputs.map(\.name)), needed = Set(kind.inputs)
            if let missing = needed.subtracting(declared).sorted().first {
                throw ManifestError(file: m.file, path: KeyPath.join(t.path, "inputs"),
                                    message: "\(t.kind) needs an input named \"\(missing)\" (inputs: \(kind.inputs.joined(separator: ", ")))")
            }
            if let extra = declared.subtracting(needed).sorted().first {
                throw ManifestError(file: m.file, path: KeyPath.join(KeyPath.join(t.path, "inputs"), extra),
                                    message: "\(t.kind) takes no input named \"\(extra)\" (inputs: \(kind.inputs.isEmpty ? "none" : kind.inputs.joined(separator: ", ")))")
            }

            let axes = t.foreach.map { m.sweep($0)! }
            var count = 1.0
            for a in axes { count *= Double(a.points.count) }
            guard count <= Double(maximumInstancesPerTask) else {
                throw ManifestError(file: m.file, path: KeyPath.join(t.path, "foreach"),
                                    message: "expands to \(Int(count)) tasks (limit \(maximumInstancesPerTask)); shrink the sweeps")
            }
            let variables = axes.flatMap(\.variables)
            var keysByPoint: [String: String] = [:]
            var list: [TaskInstance] = []
            list.reserveCapacity(Int(count))

            var indices = [Int](repeating: 0, count: axes.count)
            for _ in 0..<Int(count) {
                var bindings: [String: JSONValue] = [:]
                var axisIndices: [String: Int] = [:]
                for (a, i) in zip(axes, indices) {
                    axisIndices[a.name] = i
                    for (k, v) in a.points[i] { bindings[k] = v }
                }
                let label = t.name + (axes.isEmpty ? "" : "[" + variables.map { "\($0)=\(display(bindings[$0]!))" }.joined(separator: ",") + "]")
                func fail(_ path: String, _ message: String) -> ManifestError {
                    ManifestError(file: m.file, path: path, message: axes.isEmpty ? message : "\(message) (in \(label))")
                }

                // Parameters: given or default, references resolved, types checked.
                var members: [(key: String, value: JSONValue)] = []
                members.reserveCapacity(parameterSpecs.count)
                for (i, s) in parameterSpecs.enumerated() {
                    let v = try resolve(parameterValues[i]!, bindings: bindings, manifest: m, template: t, path: parameterPaths[i])
                    if let problem = s.problem(with: v) { throw fail(parameterPaths[i], problem) }
                    members.append((s.name, v))
                }
                let resolved = JSONObject(uniqueMembers: members)
                let parameters = TaskParameters(resolved)
                do { try kind.validate(parameters) } catch let e as TaskParameterError {
                    throw fail(KeyPath.join(KeyPath.join(t.path, "params"), e.parameter), e.message)
                }

                // Inputs: the producer instance that matches this point.
                var inputKeys: [(name: String, key: String)] = []
                for input in t.inputs.sorted(by: { $0.name < $1.name }) {
                    let path = KeyPath.join(KeyPath.join(t.path, "inputs"), input.name)
                    let producer = lookup[input.task]!
                    if !input.over.isEmpty {
                        let gathered = try gatheredInputKeys(input, producerVariables: producer.variables, producerInstances: instances[input.task]!,
                                                             path: path, fail: fail) { w, wpath in
                            try resolve(w, bindings: bindings, manifest: m, template: t, path: wpath)
                        } binding: { bindings[$0] }
                        inputKeys.append(contentsOf: gathered)
                        continue
                    }
                    var parts: [String] = []
                    for v in producer.variables {
                        let value: JSONValue
                        if let w = input.selection[v] {
                            value = try resolve(w, bindings: bindings, manifest: m, template: t, path: KeyPath.join(path, "where.\(v)"))
                        } else if let b = bindings[v] {
                            value = b
                        } else {
                            throw fail(path, "task \"\(input.task)\" is swept over \"\(v)\" but \"\(t.name)\" is not; add its axis to foreach or fix it with \"where\": {\"\(v)\": …}")
                        }
                        parts.append(CanonicalJSON.encode(value))
                    }
                    for k in input.selection.keys where !producer.variables.contains(k) {
                        throw fail(KeyPath.join(path, "where.\(k)"), "task \"\(input.task)\" is not swept over \"\(k)\"")
                    }
                    guard let key = producer.keys[parts.joined(separator: "\u{1F}")] else {
                        throw fail(path, "no instance of \"\(input.task)\" has \(zip(producer.variables, parts).map { "\($0)=\($1)" }.joined(separator: ", "))")
                    }
                    inputKeys.append((input.name, key))
                }

                let keyParameters = kind.keyParameters(resolved)
                let canonical = CanonicalJSON.encode(.object(keyParameters))
                let key = ContentKey.key(kind: kind.name, version: kind.version, canonicalParameters: canonical, inputs: inputKeys)
                let fullLabel = "\(m.relativePath):\(label)"
                if plan.tasks[key] == nil {
                    plan.tasks[key] = PlannedTask(key: key, kind: kind.name, version: kind.version, parameters: parameters,
                                                  keyParameters: keyParameters, canonicalParameters: canonical, inputs: inputKeys, labels: [fullLabel])
                    plan.order.append(key)
                } else if !plan.tasks[key]!.labels.contains(fullLabel) {
                    plan.tasks[key]!.labels.append(fullLabel)
                }
                keysByPoint[variables.map { CanonicalJSON.encode(bindings[$0]!) }.joined(separator: "\u{1F}")] = key
                list.append(TaskInstance(template: t.name, bindings: bindings, axisIndices: axisIndices, key: key, label: label))

                // Next point (last axis fastest).
                var d = axes.count - 1
                while d >= 0 {
                    indices[d] += 1
                    if indices[d] < axes[d].points.count { break }
                    indices[d] = 0
                    d -= 1
                }
            }
            instances[t.name] = list
            lookup[t.name] = (variables, keysByPoint)
        }
        return ManifestPlan(manifest: m, instances: instances)
    }

    /// The keys of every producer instance an `over` input gathers: the producer's instances (in sweep
    /// order) whose variables outside `over` equal the consumer's binding or the input's `where`,
    /// named `name#0`, `name#1`, ….
    /// - Parameters:
    ///   - input: the gathering input.
    ///   - producerVariables: the producer's sweep variables.
    ///   - producerInstances: the producer's instances, in sweep order.
    ///   - path: the input's key path, for errors.
    ///   - fail: makes an error naming the consumer instance.
    ///   - resolveValue: resolves a `where` value (references to the consumer's bindings).
    ///   - binding: the consumer's value of a variable, if it has one.
    /// - Returns: (input name, key) pairs.
    private func gatheredInputKeys(_ input: InputReference, producerVariables: [String], producerInstances: [TaskInstance], path: String,
                                   fail: (String, String) -> ManifestError,
                                   resolveValue: (JSONValue, String) throws -> JSONValue,
                                   binding: (String) -> JSONValue?) throws -> [(name: String, key: String)] {
        for (i, v) in input.over.enumerated() where !producerVariables.contains(v) {
            throw fail(KeyPath.index(KeyPath.join(path, "over"), i), "task \"\(input.task)\" is not swept over \"\(v)\"")
        }
        for k in input.selection.keys where !producerVariables.contains(k) {
            throw fail(KeyPath.join(path, "where.\(k)"), "task \"\(input.task)\" is not swept over \"\(k)\"")
        }
        var fixed: [String: String] = [:]
        for v in producerVariables where !input.over.contains(v) {
            if let w = input.selection[v] {
                fixed[v] = CanonicalJSON.encode(try resolveValue(w, KeyPath.join(path, "where.\(v)")))
            } else if let b = binding(v) {
                fixed[v] = CanonicalJSON.encode(b)
            } else {
                throw fail(path, "task \"\(input.task)\" is swept over \"\(v)\" but the consumer is not; add its axis to foreach, fix it with \"where\" or gather over it with \"over\"")
            }
        }
        let matching = producerInstances.filter { inst in fixed.allSatisfy { CanonicalJSON.encode(inst.bindings[$0.key]!) == $0.value } }
        guard !matching.isEmpty else {
            throw fail(path, "no instance of \"\(input.task)\" has \(fixed.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))")
        }
        return matching.enumerated().map { (name: "\(input.name)#\($0.offset)", key: $0.element.key) }
    }

    /// Replaces `$name` strings by the bound variable or parameter (recursively in arrays).
    func resolve(_ v: JSONValue, bindings: [String: JSONValue], manifest m: Manifest, template t: TaskTemplate, path: String) throws -> JSONValue {
        switch v {
        case .string(let s) where s.hasPrefix("$$"):
            return .string(String(s.dropFirst()))
        case .string(let s) where s.hasPrefix("$"):
            let name = String(s.dropFirst())
            if let b = bindings[name] { return b }
            if let p = m.parameters[name] { return p }
            if let axis = m.sweeps.first(where: { $0.variables.contains(name) }) {
                throw ManifestError(file: m.file, path: path, message: "\(s) is a variable of sweep \"\(axis.name)\", which task \"\(t.name)\" does not loop over (add it to foreach)")
            }
            throw ManifestError(file: m.file, path: path, message: "unknown reference \(s) (not a parameter or sweep variable)")
        case .array(let a):
            return .array(try a.enumerated().map { try resolve($1, bindings: bindings, manifest: m, template: t, path: KeyPath.index(path, $0)) })
        default:
            return v
        }
    }

    private func display(_ v: JSONValue) -> String {
        if case .string(let s) = v { return s }
        return CanonicalJSON.encode(v)
    }
}
