import ArgumentParser

/// The arguments `sluice build kustomization` and `sluice diff kustomization` share.
struct KustomizationPreviewOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The Kustomization's name.")
    var name: String

    @Option(name: .customLong("path"), help: "The local directory to build in place of the Kustomization's spec.path in its source (default: the source's artifact in the store).")
    var path: String?

    @Option(name: .customLong("kustomization-file"), help: "A local YAML file holding the Flux Kustomization, used instead of the cluster's (whose status it keeps).")
    var kustomizationFile: String?

    @Flag(name: .customLong("dry-run"), help: "Build with no cluster at all (needs --path and --kustomization-file); postBuild.substituteFrom is not read.")
    var dryRun = false

    @Flag(name: .customLong("strict-substitute"), help: "Fail when a ${var} has no value and no default, as the controller's StrictPostBuildSubstitutions.")
    var strictSubstitute = false

    /// The preview these arguments describe.
    func load() async throws -> KustomizationPreview {
        try await KustomizationPreview.load(global: global, name: name, path: path, kustomizationFile: kustomizationFile, dryRun: dryRun,
                                            strictSubstitutions: strictSubstitute)
    }
}
