/// Why a SOPS document could not be decrypted or encrypted.
///
/// Names the file and the cause; never carries a plaintext value or key material.
public struct SOPSError: Error, Sendable, CustomStringConvertible {
    /// The file the document came from (as the caller named it); empty when there is none.
    public var file: String
    /// What went wrong, without secrets.
    public var reason: String

    /// An error about `file`.
    public init(file: String, _ reason: String) {
        self.file = file
        self.reason = reason
    }

    public var description: String {
        file.isEmpty ? "sops: \(reason)" : "sops: \(file): \(reason)"
    }
}
