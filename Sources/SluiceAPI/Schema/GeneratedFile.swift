/// A file the CRD generator writes: a path relative to `Config/crd` and its text.
public struct GeneratedFile: Sendable, Hashable {
    /// The path relative to the output directory, such as `bases/source.toolkit.fluxcd.io_gitrepositories.yaml`.
    public var path: String
    /// The file's text.
    public var contents: String

    /// A generated file.
    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
