import ArgumentParser
import Foundation
import Pipeline
import TaskKinds

/// The `flrepro` command: regenerates the figures of papers on feature
/// learning from experiment manifests.
@main
struct Flrepro: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flrepro",
        abstract: "Reproducible figures for feature learning in two-layer networks.",
        discussion: """
        Manifests (experiments/<paper>/<figure>.json) declare parameters, sweeps, tasks, figures and \
        expectations. Tasks are cached by content key under <results>/cache; only missing or changed \
        tasks run. Exit status: 0 success, 1 a task or check failed, 2 bad input (manifest, arguments).
        """,
        version: BuildProvenance.flreproVersion,
        subcommands: [PlanCommand.self, RunCommand.self, FiguresCommand.self, StatusCommand.self, ExplainCommand.self,
                      VerifyCommand.self, GCCommand.self, KindsCommand.self, SlurmCommand.self, ExecTaskCommand.self])
}

/// Options shared by every subcommand.
struct CommonOptions: ParsableArguments {
    @Option(help: "Profile to apply: smoke (tests), default (make figures) or paper (full scale).")
    var profile = "default"

    @Option(help: "Results directory (default: results/ for the default profile, results-<profile>/ otherwise).")
    var results: String?

    @Option(help: "Repository root holding experiments/ (default: the current directory).")
    var root: String = FileManager.default.currentDirectoryPath

    /// The workspace these options describe.
    func workspace() -> Workspace {
        Workspace(repositoryRoot: URL(fileURLWithPath: root, isDirectory: true), profile: profile,
                  results: results.map { URL(fileURLWithPath: $0, isDirectory: true) }, registry: StandardRegistry.registry)
    }
}

/// Runs `body`, turning errors into one clear message and the documented exit status.
func guarded(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as ManifestError {
        FileHandle.standardError.write(Data("error: \(e)\n".utf8))
        throw ExitCode(2)
    } catch let e as ExitCode {
        throw e
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

/// Prints to standard error.
func note(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
