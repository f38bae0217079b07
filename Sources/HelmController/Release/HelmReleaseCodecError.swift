/// A release record that cannot be encoded or decoded as Helm's storage driver does, and why.
public struct HelmReleaseCodecError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of input was refused.
    public enum Kind: Sendable, Equatable {
        /// The text is not standard base64 (`illegal base64 data`).
        case base64
        /// The gzip stream is corrupt or truncated.
        case gzip
        /// The record decompresses to more than ``HelmReleaseCodec/maxDecompressedBytes``.
        case tooLarge
        /// The bytes are not JSON.
        case json
        /// The JSON is not a release as Helm's `encoding/json` reads one (a field of the wrong type, a bad time, a number
        /// out of range), or the record holds a value Go cannot write (an infinite number).
        case invalidRecord
    }

    /// What kind of failure.
    public var kind: Kind
    /// What was wrong, in Go's words where Helm would fail the same way.
    public var message: String

    /// An error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
