import ArgumentParser
import KustomizeController

/// `sluice diff kustomization NAME [--path DIR]`: builds a Kustomization as the kustomize-controller would, compares it
/// with the cluster through a server-side dry run, and prints the drift as `flux diff kustomization` does.
struct DiffKustomizationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kustomization",
        abstract: "Print what applying a Kustomization now would create, change or prune; exit 0 when nothing, 1 when something, 2 on error.",
        discussion: """
            Builds from the source's artifact in the store, or from --path DIR in place of spec.path in the source (as \
            `flux diff kustomization --path`), applies Flux's overlay and post-build substitution, and compares each object \
            with a server-side dry-run apply, only on the fields the controller owns. Prints `► Kind/namespace/name created`, \
            `drifted` (with the fields: - live, + desired) or `deleted` (left the build, would be pruned).

            For example: sluice diff kustomization apps -n flux-system --path ./clusters/production/apps
            """,
        aliases: ["ks", "kustomizations"])

    @OptionGroup var options: KustomizationPreviewOptions

    func run() async throws {
        let changes: [KustomizationChange]
        do {
            let preview = try await options.load()
            changes = try await preview.diff()
        } catch let error as CLIError {
            // 2, not the usual 1: 1 means "there is drift" here, as with flux.
            Terminal.report(error)
            throw ExitCode(2)
        }
        Terminal.write(DriftReport.render(changes, colour: Terminal.stdoutIsTerminal))
        if !changes.isEmpty { throw ExitCode(1) }
    }
}
