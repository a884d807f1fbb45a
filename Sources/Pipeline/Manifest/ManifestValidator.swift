import Foundation

/// Validates merged manifest JSON into a `Manifest`: every key known, every
/// type right, every name unique, the chosen profile applied.
struct ManifestValidator {
    let file: String
    let relativePath: String
    let maximumSweepPoints: Int

    static let seriesStyles = ["lines", "points", "lines_points", "error_bars", "error_lines", "band"]

    func validate(_ raw: JSONValue, profile: String) throws -> Manifest {
        var r = try ObjectReader(raw, path: "", file: file)
        let schema = try r.requiredString("schema")
        guard schema == Manifest.schemaIdentifier else {
            throw r.error("schema", "unsupported schema \"\(schema)\"; this flrepro reads \"\(Manifest.schemaIdentifier)\"")
        }
        let paper = try r.requiredString("paper")
        let id = try r.requiredString("id")
        for (key, value) in [("paper", paper), ("id", id)] {
            guard !value.isEmpty, value.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }), !value.hasPrefix(".") else {
                throw r.error(key, "must be a plain file name (letters, digits, - _ .), got \"\(value)\"")
            }
        }
        let title = try r.requiredString("title")
        let caption = try r.string("caption") ?? ""
        let description = try r.requiredString("description")
        let reference = try r.string("reference")
        let extends = try r.string("extends")

        // Parameters and sweeps, then the profile's overrides of both.
        var parameters = try r.objectValue("parameters") ?? JSONObject()
        var sweepsRaw = try r.objectValue("sweeps") ?? JSONObject()
        let profiles = try r.objectValue("profiles") ?? JSONObject()
        for (name, value) in profiles.members {
            let p = KeyPath.join("profiles", name)
            var pr = try ObjectReader(value, path: p, file: file)
            let po = try pr.objectValue("parameters") ?? JSONObject()
            let so = try pr.objectValue("sweeps") ?? JSONObject()
            try pr.finish()
            for k in po.keys where parameters[k] == nil {
                throw ManifestError(file: file, path: KeyPath.join(KeyPath.join(p, "parameters"), k),
                                    message: "profile overrides unknown parameter \"\(k)\" (declare it under parameters)")
            }
            for k in so.keys where sweepsRaw[k] == nil {
                throw ManifestError(file: file, path: KeyPath.join(KeyPath.join(p, "sweeps"), k),
                                    message: "profile overrides unknown sweep \"\(k)\" (declare it under sweeps)")
            }
            if name == profile {
                for (k, v) in po.members { parameters[k] = v }
                for (k, v) in so.members { sweepsRaw[k] = v }
            }
        }
        for (k, v) in parameters.members {
            try SweepParser(file: file, maximumPoints: maximumSweepPoints).checkName(k, path: KeyPath.join("parameters", k))
            if case .string(let s) = v, s.hasPrefix("$") {
                throw ManifestError(file: file, path: KeyPath.join("parameters", k), message: "parameters are literal values; references (\(s)) belong in task params")
            }
        }

        let parser = SweepParser(file: file, maximumPoints: maximumSweepPoints)
        var sweeps: [SweepAxis] = []
        var variableOwner: [String: String] = [:]
        for (name, value) in sweepsRaw.members {
            let axis = try parser.axis(name: name, value: value, path: KeyPath.join("sweeps", name))
            for v in axis.variables {
                if parameters[v] != nil {
                    throw ManifestError(file: file, path: KeyPath.join("sweeps", name), message: "sweep variable \"\(v)\" is also a parameter; rename one")
                }
                if let other = variableOwner[v] {
                    throw ManifestError(file: file, path: KeyPath.join("sweeps", name), message: "variable \"\(v)\" is already bound by sweep \"\(other)\"")
                }
                variableOwner[v] = name
            }
            sweeps.append(axis)
        }
        let axisNames = Set(sweeps.map(\.name))

        // Tasks.
        guard let tasksObject = try r.objectValue("tasks"), !tasksObject.isEmpty else {
            throw ManifestError(file: file, path: "tasks", message: "a manifest needs at least one task")
        }
        var tasks: [TaskTemplate] = []
        for (name, value) in tasksObject.members {
            let p = KeyPath.join("tasks", name)
            try parser.checkName(name, path: p)
            var tr = try ObjectReader(value, path: p, file: file)
            let kind = try tr.requiredString("kind")
            let params = try tr.objectValue("params") ?? JSONObject()
            _ = try tr.string("description")
            let foreach = try tr.stringArray("foreach") ?? []
            for (i, axis) in foreach.enumerated() {
                guard axisNames.contains(axis) else {
                    throw ManifestError(file: file, path: KeyPath.index(KeyPath.join(p, "foreach"), i),
                                        message: "no sweep named \"\(axis)\" (sweeps: \(sweeps.map(\.name).joined(separator: ", ")))")
                }
            }
            if Set(foreach).count != foreach.count {
                throw ManifestError(file: file, path: KeyPath.join(p, "foreach"), message: "an axis is listed twice")
            }
            var inputs: [InputReference] = []
            for (inputName, inputValue) in (try tr.objectValue("inputs") ?? JSONObject()).members {
                let ip = KeyPath.join(KeyPath.join(p, "inputs"), inputName)
                switch inputValue {
                case .string(let t):
                    inputs.append(InputReference(name: inputName, task: t, selection: JSONObject()))
                case .object:
                    var ir = try ObjectReader(inputValue, path: ip, file: file)
                    let t = try ir.requiredString("task")
                    let w = try ir.objectValue("where") ?? JSONObject()
                    let gathered = try ir.stringArray("over")
                    let over = gathered ?? []
                    try ir.finish()
                    if gathered?.isEmpty == true {
                        throw ManifestError(file: file, path: KeyPath.join(ip, "over"), message: "must name at least one variable of \"\(t)\" to gather over")
                    }
                    if let v = over.first(where: { w[$0] != nil }) {
                        throw ManifestError(file: file, path: KeyPath.join(ip, "over"), message: "\"\(v)\" is both fixed by \"where\" and gathered over")
                    }
                    inputs.append(InputReference(name: inputName, task: t, selection: w, over: over))
                default:
                    throw ManifestError(file: file, path: ip, message: "expected a task name or {\"task\": …, \"where\": {…}, \"over\": […]}, got \(inputValue.typeName)")
                }
            }
            try tr.finish()
            tasks.append(TaskTemplate(name: name, kind: kind, parameters: params, inputs: inputs, foreach: foreach, path: p))
        }
        let taskNames = Set(tasks.map(\.name))
        for t in tasks {
            for i in t.inputs where !taskNames.contains(i.task) {
                throw ManifestError(file: file, path: KeyPath.join(KeyPath.join(t.path, "inputs"), i.name),
                                    message: "no task named \"\(i.task)\" (tasks: \(tasks.map(\.name).joined(separator: ", ")))")
            }
        }

        // Figures.
        var figures: [FigureSpecification] = []
        for (fi, fv) in (try r.array("figures") ?? []).enumerated() {
            let fp = KeyPath.index("figures", fi)
            var fr = try ObjectReader(fv, path: fp, file: file)
            let fid = try fr.string("id") ?? id
            let ftitle = try fr.string("title")
            let columns = try fr.int("columns") ?? 1
            guard columns >= 1 else { throw fr.error("columns", "must be at least 1") }
            guard let panelValues = try fr.array("panels"), !panelValues.isEmpty else {
                throw ManifestError(file: file, path: fp, message: "a figure needs a non-empty \"panels\" array")
            }
            var panels: [PanelSpecification] = []
            for (pi, pv) in panelValues.enumerated() {
                panels.append(try panel(pv, path: KeyPath.index(KeyPath.join(fp, "panels"), pi), tasks: taskNames))
            }
            try fr.finish()
            if figures.contains(where: { $0.id == fid }) {
                throw ManifestError(file: file, path: KeyPath.join(fp, "id"), message: "two figures are named \"\(fid)\"")
            }
            figures.append(FigureSpecification(id: fid, title: ftitle, columns: columns, panels: panels, path: fp))
        }

        // Expectations.
        var expectations: [Expectation] = []
        for (ei, ev) in (try r.array("expect") ?? []).enumerated() {
            let ep = KeyPath.index("expect", ei)
            var er = try ObjectReader(ev, path: ep, file: file)
            let eid = try er.requiredString("id")
            let edesc = try er.string("description") ?? ""
            let sel = try selection(try er.required("series"), path: KeyPath.join(ep, "series"), tasks: taskNames)
            let check = try self.check(try er.required("check"), path: KeyPath.join(ep, "check"), tasks: taskNames)
            // A scientific claim may hold only at the scale of some profiles (not in the tiny smoke runs).
            let only = try er.stringArray("profiles")
            try er.finish()
            if expectations.contains(where: { $0.id == eid }) {
                throw er.error("id", "two expectations are named \"\(eid)\"")
            }
            if let only, let unknown = only.first(where: { $0 != "default" && profiles[$0] == nil }) {
                throw ManifestError(file: file, path: KeyPath.join(ep, "profiles"), message: "unknown profile \"\(unknown)\"")
            }
            if let only, !only.contains(profile) { continue }
            expectations.append(Expectation(id: eid, description: edesc, selection: sel, check: check, path: ep))
        }
        let resources = try SlurmResources.manifestResources(r.value("resources"), kinds: Set(tasks.map(\.kind)), file: file)
        try r.finish()
        return Manifest(file: file, relativePath: relativePath, paper: paper, id: id, title: title, caption: caption,
                        description: description, reference: reference, extends: extends, profile: profile,
                        parameters: parameters, sweeps: sweeps, tasks: tasks, figures: figures, expectations: expectations,
                        resources: resources)
    }

    private func panel(_ value: JSONValue, path: String, tasks: Set<String>) throws -> PanelSpecification {
        var r = try ObjectReader(value, path: path, file: file)
        let title = try r.string("title")
        let xLabel = try r.requiredString("x_label")
        let yLabel = try r.requiredString("y_label")
        let logX = try r.bool("log_x") ?? false
        let logY = try r.bool("log_y") ?? false
        let xRange = try range(&r, "x_range")
        let yRange = try range(&r, "y_range")
        let key = try r.string("key")
        guard let seriesValues = try r.array("series"), !seriesValues.isEmpty else {
            throw ManifestError(file: file, path: path, message: "a panel needs a non-empty \"series\" array")
        }
        var series: [SeriesSpecification] = []
        for (si, sv) in seriesValues.enumerated() {
            let sp = KeyPath.index(KeyPath.join(path, "series"), si)
            var sr = try ObjectReader(sv, path: sp, file: file)
            let label = try sr.requiredString("label")
            let style = try sr.choice("style", Self.seriesStyles) ?? "lines_points"
            let color = try sr.string("color")
            if let c = color, !(c.count == 7 && c.hasPrefix("#") && c.dropFirst().allSatisfy(\.isHexDigit)) {
                throw sr.error("color", "expected \"#rrggbb\", got \"\(c)\"")
            }
            let dash = try sr.int("dash")
            // The remaining keys describe the selection.
            var selectionObject = JSONObject()
            for k in ["task", "where", "x", "y", "error", "reduce"] { if let v = sr.value(k) { selectionObject[k] = v } }
            try sr.finish()
            let sel = try selection(.object(selectionObject), path: sp, tasks: tasks)
            if style == "error_bars" || style == "error_lines" || style == "band", sel.error == nil,
               sel.reduction.map({ $0.statistic != .meanStandardError && $0.statistic != .meanStandardDeviation }) ?? true {
                throw ManifestError(file: file, path: KeyPath.join(sp, "style"),
                                    message: "style \"\(style)\" needs error bars: add \"reduce\": {\"over\": [...], \"stat\": \"mean_se\"} or \"error\": <output>")
            }
            series.append(SeriesSpecification(selection: sel, label: label, style: style, color: color, dash: dash))
        }
        var guides: [GuideSpecification] = []
        for (gi, gv) in (try r.array("guides") ?? []).enumerated() {
            var gr = try ObjectReader(gv, path: KeyPath.index(KeyPath.join(path, "guides"), gi), file: file)
            let label = try gr.requiredString("label")
            guard let c = try gr.number("coefficient") else { throw ManifestError(file: file, path: gr.path, message: "missing required key \"coefficient\"") }
            let e = try gr.number("exponent") ?? 0
            try gr.finish()
            guides.append(GuideSpecification(label: label, coefficient: c, exponent: e))
        }
        try r.finish()
        return PanelSpecification(title: title, xLabel: xLabel, yLabel: yLabel, logX: logX, logY: logY, xRange: xRange,
                                  yRange: yRange, key: key, series: series, guides: guides)
    }

    private func range(_ r: inout ObjectReader, _ key: String) throws -> ClosedRange<Double>? {
        guard let a = try r.array(key) else { return nil }
        guard a.count == 2, let lo = a[0].numberValue, let hi = a[1].numberValue, lo < hi else {
            throw r.error(key, "expected [low, high] with low < high")
        }
        return lo...hi
    }

    func selection(_ value: JSONValue, path: String, tasks: Set<String>) throws -> SeriesSelection {
        var r = try ObjectReader(value, path: path, file: file)
        let task = try r.requiredString("task")
        guard tasks.contains(task) else {
            throw r.error("task", "no task named \"\(task)\" (tasks: \(tasks.sorted().joined(separator: ", ")))")
        }
        let w = try r.objectValue("where") ?? JSONObject()
        let x = try reference(try r.requiredString("x"), path: KeyPath.join(path, "x"))
        let y = try reference(try r.requiredString("y"), path: KeyPath.join(path, "y"))
        if case .variable = y { throw r.error("y", "y must be a task output, not a variable") }
        var error: ValueReference?
        if let e = try r.string("error") {
            error = try reference(e, path: KeyPath.join(path, "error"))
            guard case .output = error! else { throw r.error("error", "error must be a task output") }
        }
        var reduction: Reduction?
        if let rv = r.value("reduce") {
            var rr = try ObjectReader(rv, path: KeyPath.join(path, "reduce"), file: file)
            let over = try rr.stringArray("over") ?? []
            guard !over.isEmpty else { throw rr.error("over", "name at least one sweep axis to reduce over") }
            let stat = try rr.choice("stat", Reduction.Statistic.allCases.map(\.rawValue)) ?? "mean_se"
            let level = try rr.number("level")
            if stat == "crossing" {
                guard level != nil else { throw rr.error("level", "a crossing reduction needs \"level\" (the y value whose crossing point is wanted)") }
                guard over.count == 1 else { throw rr.error("over", "a crossing reduction runs along exactly one axis") }
            } else if stat == "log_slope" {
                guard level == nil else { throw rr.error("level", "\"level\" only applies to \"stat\": \"crossing\"") }
                guard over.count == 1 else { throw rr.error("over", "a log_slope reduction runs along exactly one axis") }
            } else if level != nil {
                throw rr.error("level", "\"level\" only applies to \"stat\": \"crossing\"")
            }
            try rr.finish()
            reduction = Reduction(over: over, statistic: Reduction.Statistic(rawValue: stat)!, level: level)
        }
        if error != nil && reduction != nil {
            throw ManifestError(file: file, path: path, message: "use either \"error\" (each task's own error bar) or \"reduce\", not both")
        }
        try r.finish()
        return SeriesSelection(task: task, selection: w, x: x, y: y, error: error, reduction: reduction, path: path)
    }

    private func reference(_ s: String, path: String) throws -> ValueReference {
        if s == "#index" { return .index }
        if s.hasPrefix("$") {
            let name = String(s.dropFirst())
            guard !name.isEmpty else { throw ManifestError(file: file, path: path, message: "empty reference \"$\"") }
            return .variable(name)
        }
        guard !s.isEmpty else { throw ManifestError(file: file, path: path, message: "empty output name") }
        return .output(s)
    }

    private func check(_ value: JSONValue, path: String, tasks: Set<String>) throws -> Expectation.Check {
        var r = try ObjectReader(value, path: path, file: file)
        let type = try r.choice("type", ["value", "monotone", "close_to", "range", "ratio_to"])
        guard let type else { throw ManifestError(file: file, path: path, message: "missing required key \"type\" (value, monotone, close_to, range, ratio_to)") }
        let rel = try r.number("rel_tol") ?? 0
        let abs = try r.number("abs_tol") ?? 0
        guard rel >= 0, abs >= 0 else { throw ManifestError(file: file, path: path, message: "tolerances must be non-negative") }
        let result: Expectation.Check
        switch type {
        case "value":
            guard let at = try r.number("at"), let eq = try r.number("equals") else {
                throw ManifestError(file: file, path: path, message: "a value check needs \"at\" and \"equals\"")
            }
            result = .value(x: at, equals: eq, relative: rel, absolute: abs)
        case "monotone":
            let dir = try r.choice("direction", ["increasing", "decreasing"]) ?? "decreasing"
            let strict = try r.bool("strict") ?? false
            result = .monotone(decreasing: dir == "decreasing", strict: strict, tolerance: abs)
        case "close_to":
            let ref = try selection(try r.required("reference"), path: KeyPath.join(path, "reference"), tasks: tasks)
            let sigmas = try r.number("sigmas") ?? 0
            result = .closeTo(reference: ref, relative: rel, absolute: abs, sigmas: sigmas)
        case "ratio_to":
            let ref = try selection(try r.required("reference"), path: KeyPath.join(path, "reference"), tasks: tasks)
            let lo = try r.number("min") ?? -.infinity, hi = try r.number("max") ?? .infinity
            guard lo <= hi, lo.isFinite || hi.isFinite else {
                throw ManifestError(file: file, path: path, message: "a ratio_to check needs \"min\" and/or \"max\" with min ≤ max")
            }
            result = .ratioTo(reference: ref, minimum: lo, maximum: hi)
        default:
            guard let lo = try r.number("min"), let hi = try r.number("max"), lo <= hi else {
                throw ManifestError(file: file, path: path, message: "a range check needs \"min\" ≤ \"max\"")
            }
            result = .range(minimum: lo, maximum: hi)
        }
        try r.finish()
        return result
    }
}
