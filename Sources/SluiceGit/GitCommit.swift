/// A commit's metadata, as the reconciler reports it.
public struct GitCommit: Sendable, Hashable {
    /// The full hex sha.
    public var sha: String
    /// Who wrote the change.
    public var author: GitSignature
    /// Who committed it.
    public var committer: GitSignature
    /// The whole message.
    public var message: String
    /// The first line of the message.
    public var subject: String
    /// The `gpgsig` header (an OpenPGP or SSH signature block) when the commit is signed.
    public var signature: String?

    /// Creates a commit; `subject` defaults to the first line of `message`.
    public init(sha: String, author: GitSignature, committer: GitSignature, message: String,
                subject: String? = nil, signature: String? = nil) {
        self.sha = sha
        self.author = author
        self.committer = committer
        self.message = message
        self.subject = subject ?? Self.subject(of: message)
        self.signature = signature
    }

    /// The first line of `message`, without a trailing carriage return.
    static func subject(of message: String) -> String {
        let line = message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return String(line.hasSuffix("\r") ? line.dropLast() : line)
    }
}
