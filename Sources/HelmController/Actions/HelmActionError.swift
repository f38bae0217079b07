/// A failed Helm action: Helm's message, and the release revision it left (recorded as `failed`), if any.
public struct HelmActionError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in Helm's words.
    public var message: String
    /// The revision the failure left in storage.
    public var release: HelmReleaseRecord?

    /// An error.
    public init(_ message: String, release: HelmReleaseRecord? = nil) {
        self.message = message
        self.release = release
    }

    public var description: String { message }
}
