import Foundation
import SluiceTestSupport

/// Runs the built `sluice` executable against a cluster and a store, as a person would.
struct SluiceCLI {
    /// The kubeconfig every command gets.
    var kubeconfig: String
    /// The store every command gets.
    var store: String

    /// Runs `sluice ARGUMENTS --kubeconfig … --store …` to completion.
    func callAsFunction(_ arguments: String...) async throws -> ShellResult {
        try await run(arguments)
    }

    /// Runs `sluice ARGUMENTS --kubeconfig … --store …` to completion.
    func run(_ arguments: [String]) async throws -> ShellResult {
        try await Shell.execute(BuiltExecutables.url("sluice").path, arguments + ["--kubeconfig", kubeconfig, "--store", store])
    }

    /// Runs `kubectl` against the same cluster; throws when it fails.
    @discardableResult
    func kubectl(_ arguments: [String], input: String? = nil) async throws -> String {
        try await Shell.run(BuiltExecutables.kubectl!, ["--kubeconfig", kubeconfig] + arguments, input: input.map { Data($0.utf8) })
    }

    /// Installs the Flux CRDs from `Config/crd`.
    func installCRDs() async throws {
        try await kubectl(["apply", "-f", BuiltExecutables.repositoryRoot.appendingPathComponent("Config/crd/bases").path])
    }
}
