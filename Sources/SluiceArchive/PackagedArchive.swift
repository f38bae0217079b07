/// A packaged artifact: the `tar.gz` bytes, their digest, and what was left out.
public struct PackagedArchive: Sendable {
    /// The `tar.gz`.
    public var bytes: [UInt8]
    /// `sha256:<hex>` of ``bytes``, as Flux writes `status.artifact.digest`.
    public var digest: String
    /// How many regular files were archived.
    public var fileCount: Int
    /// What was left out besides ignored paths: unsafe symlinks and special files, in walk order.
    public var skipped: [SkippedEntry]

    /// An artifact's bytes, digest, file count and skipped entries.
    public init(bytes: [UInt8], digest: String, fileCount: Int, skipped: [SkippedEntry]) {
        self.bytes = bytes
        self.digest = digest
        self.fileCount = fileCount
        self.skipped = skipped
    }
}
