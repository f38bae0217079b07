/// age X25519 identities (`AGE-SECRET-KEY-1…` lines), as a key service unwrapping SOPS data keys wrapped for them.
public struct AgeIdentities: SOPSKeyService {
    /// Parses identities from a key file's text: one `AGE-SECRET-KEY-1…` per line; `#` comments and blank lines allowed.
    public init(text: String) throws {
        throw SOPSError(file: "", "age identities: not implemented yet")
    }

    public func dataKey(for key: SOPSMasterKey) throws -> [UInt8]? {
        nil
    }
}
