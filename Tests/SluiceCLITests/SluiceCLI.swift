import Foundation
import SluiceTestSupport

/// Runs the built `sluice` executable against a cluster and a store, as a person would.
struct SluiceCLI {
    /// The cluster every command talks to.
    var cluster: LocalCluster
    /// The store every command gets.
    var store: String

    /// Runs `sluice ARGUMENTS --kubeconfig … --store …` to completion.
    func callAsFunction(_ arguments: String...) async throws -> ShellResult {
        try await run(arguments)
    }

    /// Runs `sluice ARGUMENTS --kubeconfig … --store …` to completion.
    func run(_ arguments: [String]) async throws -> ShellResult {
        try await Shell.execute(BuiltExecutables.url("sluice").path, arguments + ["--kubeconfig", cluster.kubeconfig, "--store", store])
    }

    /// Runs `kubectl` against the same cluster; throws when it fails.
    @discardableResult
    func kubectl(_ arguments: [String], input: String? = nil) async throws -> String {
        try await cluster.kubectl(arguments, input: input)
    }

    /// Installs the Flux CRDs from `Config/crd`.
    func installCRDs() async throws {
        try await cluster.installCRDs()
    }
}
