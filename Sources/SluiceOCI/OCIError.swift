/// What went wrong talking to a registry, naming the reference and the cause. Never carries a credential.
public struct OCIError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of failure, for callers that choose a condition reason by it.
    public enum Kind: String, Sendable {
        /// The reference (`oci://…`) does not parse.
        case invalidReference
        /// The registry refused the credentials (401/403 after the challenge).
        case unauthorized
        /// The repository, tag, manifest or blob does not exist (404).
        case notFound
        /// Downloaded bytes do not match their digest.
        case digestMismatch
        /// A manifest or blob is larger than allowed, as announced or as received.
        case tooLarge
        /// A manifest, index or token answer that does not decode, or a media type not understood.
        case invalidManifest
        /// The operation did not finish within its timeout.
        case timeout
        /// The registry answered with an unexpected status.
        case registry
        /// The connection or TLS failed.
        case transport
        /// The credentials or certificates given are malformed.
        case invalidCredentials
    }

    /// The kind of failure.
    public var kind: Kind
    /// The reference the operation was about (`host/repository[:tag|@digest]`).
    public var reference: String
    /// The cause, in words.
    public var cause: String

    /// An error of `kind` about `reference`.
    public init(_ kind: Kind, reference: String, _ cause: String) {
        self.kind = kind
        self.reference = reference
        self.cause = cause
    }

    public var description: String { reference.isEmpty ? cause : "'\(reference)': \(cause)" }
}
