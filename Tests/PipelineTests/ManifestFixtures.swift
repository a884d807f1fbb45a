import Foundation
import Pipeline
import TestSupport

/// A small valid manifest for the test kinds; tests mutate it.
let baseManifestText = """
{
  "schema": "flrepro/manifest@1",
  "paper": "test",
  "id": "base",
  "title": "Test manifest",
  "description": "test",
  "parameters": {"n": 4, "factor": 2.0},
  "sweeps": {"seed": [0, 1, 2], "scale": {"list": [1, 10]}},
  "profiles": {"smoke": {"parameters": {"n": 2}, "sweeps": {"seed": [0]}}},
  "tasks": {
    "source": {"kind": "test.source", "foreach": ["seed"], "params": {"n": "$n", "seed": "$seed"}},
    "scaled": {"kind": "test.scale", "foreach": ["seed", "scale"], "inputs": {"x": "source"}, "params": {"factor": "$scale"}}
  },
  "figures": [{"panels": [{"x_label": "scale", "y_label": "sum", "series": [
    {"task": "scaled", "x": "$scale", "y": "sum", "reduce": {"over": ["seed"], "stat": "mean_se"}, "label": "sum", "style": "error_bars"}
  ]}]}],
  "expect": [
    {"id": "positive", "series": {"task": "scaled", "x": "$scale", "y": "sum", "reduce": {"over": ["seed"], "stat": "mean"}}, "check": {"type": "range", "min": 0, "max": 100}}
  ]
}
"""

/// A throwaway experiments tree with manifests written from text.
struct ExperimentsTree {
    let directory: TemporaryDirectory
    var experiments: URL { directory.url.appendingPathComponent("experiments") }

    init() throws {
        directory = try TemporaryDirectory(prefix: "flrepro-manifests")
        try FileManager.default.createDirectory(at: experiments, withIntermediateDirectories: true)
    }

    /// Writes `text` to `experiments/<relative>` and returns its path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let url = experiments.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    var loader: ManifestLoader { ManifestLoader(experimentsRoot: experiments) }
}

/// `baseManifestText` with a JSON edit applied (via Foundation's JSONSerialization, for tests only).
func editedManifest(_ edit: (inout [String: Any]) -> Void) -> String {
    var object = try! JSONSerialization.jsonObject(with: Data(baseManifestText.utf8)) as! [String: Any]
    edit(&object)
    return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}
