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
            overlay (targetNamespace, namePrefix, nameSuffix, buildMetadata, patches, images, components), post-build \
            substitution, commonMetadata (on each object's own metadata) and the kustomize.toolkit.fluxcd.io/name and \
            /namespace labels. Changes nothing.

            --kustomization-file FILE reads the Kustomization from a local file instead of the cluster; with --dry-run \
            no cluster is needed at all (postBuild.substituteFrom is then skipped, as flux does). --recursive also builds \
            every Kustomization the build holds, from its spec.path in the local checkout --local-sources names for its \
            sourceRef (HelmReleases and other objects are printed as built).

            For example: sluice build kustomization apps -n flux-system --path ./clusters/production/apps
              sluice build kustomization flux-system --path ./clusters/staging --kustomization-file \
            ./clusters/staging/flux-system/gotk-sync.yaml --dry-run --recursive --local-sources GitRepository/flux-system/flux-system=.
            """,
        aliases: ["ks", "kustomizations"])

    @OptionGroup var options: KustomizationPreviewOptions

    @Flag(name: [.customShort("r"), .customLong("recursive")], help: "Also build the Kustomizations the build holds, recursively (needs --local-sources).")
    var recursive = false

    @Option(name: .customLong("local-sources"), help: "The local checkouts of sources, for --recursive: Kind/namespace/name=DIR[,…].")
    var localSources: [String] = []

    func run() async throws {
        let sources = try BuildLocalSources(localSources)
        let preview = try await options.load()
        let objects = recursive ? try await preview.recursiveObjects(localSources: sources) : try await preview.objects()
        Terminal.write(KustomizationReconciler.manifests(objects))
    }
}
