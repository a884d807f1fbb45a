import Foundation
import Pipeline
import TaskKinds
import Testing
import TestSupport

/// A bad manifest for each kind of issues 8 and 9: planning fails with one error that names the file and
/// the key path of the offending parameter (exit status 2 at the command line), before anything runs.
@Suite("bad manifests for the μP and Corti kinds")
struct NewKindManifestErrorTests {
    /// A manifest around one data task and one task under test (its inputs wired to the data task).
    static func manifest(kind: String, params: String, inputs: String) -> String {
        """
        {
          "schema": "flrepro/manifest@1", "paper": "test", "id": "bad", "title": "bad", "description": "bad",
          "tasks": {
            "data": {"kind": "data.hermite_target", "params": {"dimension": 4, "coefficients": [1, 0.5], "degrees": [1, 2], "train_count": 16, "seed": 0}},
            "model": {"kind": "mfld.two_layer", "inputs": {"data": "data"}, "params": {"width": 4, "step_size": 0.1, "steps": 2, "temperature": 0.01, "l2": 0.01, "seed": 0}},
            "subject": {"kind": "\(kind)", "inputs": \(inputs), "params": \(params)}
          }
        }
        """
    }

    @Test(arguments: [
        ("data.hermite_target", #"{"dimension": 4, "coefficients": [1, 0.5], "degrees": [1], "train_count": 16, "seed": 0}"#, "{}", "tasks.subject.params.degrees"),
        ("mfld.two_layer", #"{"width": 4, "step_size": 0, "steps": 2, "temperature": 0.01, "l2": 0.01, "seed": 0}"#, #"{"data": "data"}"#, "tasks.subject.params.step_size"),
        ("mfld.coupled", #"{"reference_width": 8, "widths": [16], "step_size": 0.1, "steps": 2, "temperature": 0.01, "l2": 0.01, "record_steps": [0, 2], "seed": 0}"#, #"{"data": "data"}"#, "tasks.subject.params.widths"),
        ("stats.hermite_atoms", #"{"cluster_cosine": 0}"#, #"{"model": "model"}"#, "tasks.subject.params.cluster_cosine"),
        ("stats.identifiability", #"{"mc_samples": 0, "seed": 0}"#, #"{"model": "model", "other": "model"}"#, "tasks.subject.params.mc_samples"),
        ("stats.slope_fit", #"{"x": "widths", "y": "function_error", "level": 1}"#, #"{"runs": "model"}"#, "tasks.subject.params.level"),
        ("stats.neuron_projection", #"{"active_quantile": 2}"#, #"{"model": "model", "data": "data"}"#, "tasks.subject.params.active_quantile"),
        ("stats.weight_moments", #"{"readin_variance": 0}"#, #"{"model": "model"}"#, "tasks.subject.params.readin_variance"),
        ("stats.feature_geometry", #"{"activation": "erf", "width": 0}"#, #"{"model": "model", "data": "data"}"#, "tasks.subject.params.width"),
        ("stats.vector_cosine", #"{"a_output": "", "b_output": "x"}"#, #"{"a": "model", "b": "model"}"#, "tasks.subject.params.a_output"),
        ("data.clusters", #"{"dimension": 0, "train_count": 10, "seed": 0}"#, "{}", "tasks.subject.params.dimension"),
        ("theory.kernel_renormalisation", #"{"width": 10, "temperature": 0}"#, #"{"data": "data"}"#, "tasks.subject.params.temperature"),
        ("stats.trace_convergence", #"{"burn_in": -1}"#, #"{"model": "model"}"#, "tasks.subject.params.burn_in"),
        ("stats.difference", #"{"a_output": "x", "b_output": ""}"#, #"{"a": "model", "b": "model"}"#, "tasks.subject.params.b_output"),
        ("sgld.pool_chains", #"{"chains": 2}"#, #"{"runs": "model"}"#, "tasks.subject.params.chains"),
        ("gd.class_manifolds", #"{"activation": "erf", "width": 4, "step_size": 0.1, "record_steps": [5, 2], "seed": 0}"#, #"{"data": "data"}"#, "tasks.subject.params.record_steps"),
    ])
    func badParameterNamesFileAndKeyPath(kind: String, params: String, inputs: String, keyPath: String) throws {
        let tree = try ExperimentsTree()
        defer { tree.directory.remove() }
        let path = try tree.write("test/bad.json", Self.manifest(kind: kind, params: params, inputs: inputs))
        let error = #expect(throws: ManifestError.self) {
            _ = try Planner(registry: StandardRegistry.registry).plan([try tree.loader.load(path)])
        }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.hasPrefix(path) && text.contains(keyPath), "\(kind): \(text)")
    }
}
