/// What an extraction wrote.
public struct ExtractedArchive: Sendable, Hashable {
    /// How many regular files (including hard links) were written.
    public var fileCount: Int
    /// How many bytes of file contents were written.
    public var byteCount: Int64
    /// Entries not extracted: devices, fifos and types Sluice does not write.
    public var skipped: [SkippedEntry]

    /// The counts and skipped entries of an extraction.
    public init(fileCount: Int, byteCount: Int64, skipped: [SkippedEntry] = []) {
        self.fileCount = fileCount
        self.byteCount = byteCount
        self.skipped = skipped
    }
}
