import ArgumentParser
import KustomizeController

/// `sluice build kustomization NAME --path DIR`: prints the multi-document YAML the kustomize-controller would apply
/// for a Kustomization, as `flux build kustomization` does.
struct BuildKustomizationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kustomization",
        abstract: "Print the YAML the kustomize-controller would apply for a Kustomization, built from a local directory.",
        discussion: """
            Builds --path DIR in place of spec.path in the Kustomization's source (as `flux build kustomization --path`; \
            without --path, the source's artifact in the store), with a generated kustomization where DIR has none, Flux's \
            overlay (targetNamespace, namePrefix, nameSuffix, commonMetadata, patches, images, components), post-build \
            substitution and the kustomize.toolkit.fluxcd.io/name and /namespace labels. Changes nothing.

            For example: sluice build kustomization apps -n flux-system --path ./clusters/production/apps
            """,
        aliases: ["ks", "kustomizations"])

    @OptionGroup var options: KustomizationPreviewOptions

    func run() async throws {
        let preview = try await options.load()
        Terminal.write(KustomizationReconciler.manifests(try await preview.objects()))
    }
}
