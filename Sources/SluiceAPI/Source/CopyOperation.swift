import SluiceCore

/// One copy rule of an output artifact: files matched in a source (`@alias/glob`) copied to a path in the artifact.
public struct CopyOperation: Sendable, Hashable, Codable {
    /// From, `@alias/<glob>`: the source and the files in it.
    public var from: String
    /// To, `@artifact/<path>`: where in the artifact; a trailing `/` makes it a directory.
    public var to: String
    /// Exclude: glob patterns of files and directories left out (a pattern without `/` matches names at any depth).
    public var exclude: [String]?
    /// Strategy: `Overwrite` (the default), `Merge` (YAML deep merge of values files) or `Extract` (unpack tarballs).
    public var strategy: String?

    /// A `CopyOperation`.
    public init(from: String, to: String, exclude: [String]? = nil, strategy: String? = nil) {
        self.from = from
        self.to = to
        self.exclude = exclude
        self.strategy = strategy
    }

    /// `Overwrite`: later files replace earlier ones.
    public static let overwrite = "Overwrite"
    /// `Merge`: a YAML file copied onto an existing one is deep-merged into it, as Helm merges values.
    public static let merge = "Merge"
    /// `Extract`: matched `.tar.gz`/`.tgz` files are unpacked into the destination.
    public static let extract = "Extract"
}

extension CopyOperation: SchemaDescribed {
    /// The OpenAPI schema of `CopyOperation`.
    public static var openAPISchema: OpenAPISchema {
        .object(nil, [
            .required("from", .string("From specifies the source (by alias) and the glob pattern to match files. The format is \"@<alias>/<glob-pattern>\". When pathPattern is set, the path may use capture placeholders such as \"{app}\".")
                .withPattern("^@(\(ArtifactGeneratorSpec.aliasPattern))/(.*)$").withLength(min: 1, max: 1024)),
            .required("to", .string("To specifies the destination path within the artifact. The format is \"@artifact/path\", the alias \"artifact\" refers to the root path of the generated artifact. When pathPattern is set, the path may use capture placeholders such as \"{app}\".")
                .withPattern("^@(artifact)/(.*)$").withLength(min: 1, max: 1024)),
            .field("exclude", .array(of: .string(), "Exclude specifies a list of glob patterns to exclude files and dirs matched by the 'From' field. Patterns are matched against paths relative to the source alias root or to the non-glob prefix of 'From'. Patterns without a separator (e.g. \"*.md\") match the file name at any depth.")
                .withItems(max: 100)),
            .field("strategy", .enum([overwrite, merge, extract], "Strategy specifies the copy strategy to use. 'Overwrite' will overwrite existing files in the destination. 'Merge' is for merging YAML files using Helm values merge strategy. 'Extract' is for extracting the contents of tarball archives (.tar.gz, .tgz) When using glob patterns, non-tarball files are silently skipped. For single file sources, the file must be a tarball or an error is returned. Directories are not supported. If not specified, defaults to 'Overwrite'.")),
        ])
    }
}
