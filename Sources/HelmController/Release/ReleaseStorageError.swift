/// A release storage operation that failed, with Helm's wording and the storage object it concerns.
public struct ReleaseStorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What failed.
    public enum Kind: Sendable, Equatable {
        /// The revision exists already (Helm's `ErrReleaseExists`).
        case exists
        /// The revision does not exist (Helm's `ErrReleaseNotFound`).
        case notFound
        /// A storage object holds something that is not a Helm release record.
        case undecodable(HelmReleaseCodecError.Kind)
        /// A release name Helm could not look up (not a valid label value).
        case invalidName
        /// Several revisions could not be pruned.
        case pruneFailed
    }

    /// What failed.
    public var kind: Kind
    /// The storage object, `namespace/name`, when one is concerned.
    public var object: String?
    /// The message.
    public var message: String

    /// An error.
    public init(_ kind: Kind, object: String?, _ message: String) {
        self.kind = kind
        self.object = object
        self.message = message
    }

    /// Helm's `release: already exists`.
    static func exists(_ object: String) -> ReleaseStorageError { ReleaseStorageError(.exists, object: object, "release: already exists") }
    /// Helm's `release: not found`.
    static func notFound(_ object: String) -> ReleaseStorageError { ReleaseStorageError(.notFound, object: object, "release: not found") }

    public var description: String { message }
}
