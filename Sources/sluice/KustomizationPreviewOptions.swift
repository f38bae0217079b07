import ArgumentParser

/// The arguments `sluice build kustomization` and `sluice diff kustomization` share.
struct KustomizationPreviewOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The Kustomization's name.")
    var name: String

    @Option(name: .customLong("path"), help: "The local directory to build in place of the Kustomization's spec.path in its source (default: the source's artifact in the store).")
    var path: String?

    @Flag(name: .customLong("strict-substitute"), help: "Fail when a ${var} has no value and no default, as the controller's StrictPostBuildSubstitutions.")
    var strictSubstitute = false

    /// The preview these arguments describe.
    func load() async throws -> KustomizationPreview {
        try await KustomizationPreview.load(global: global, name: name, path: path, strictSubstitutions: strictSubstitute)
    }
}
