import SluiceCore

/// Decrypts SOPS documents with the data key one of its key services yields, verifying the MAC.
public struct SOPSDecryptor: Sendable {
    let keyServices: [any SOPSKeyService]

    /// A decryptor trying `keyServices` in order for each master key of a document.
    public init(keyServices: [any SOPSKeyService]) {
        self.keyServices = keyServices
    }

    /// Whether `tree` carries SOPS metadata (a `sops` object with `mac` and `version`).
    public static func isEncrypted(_ tree: JSONValue) -> Bool {
        guard let sops = tree.objectValue?["sops"]?.objectValue else { return false }
        return sops["mac"] != nil && sops["version"] != nil
    }

    /// Whether `bytes`, read as `format`, carry SOPS metadata.
    public static func isEncrypted(_ bytes: [UInt8], format: SOPSFormat) -> Bool {
        false
    }

    /// The document `tree` (a YAML or JSON document; key order kept) decrypted, its `sops` metadata removed, its MAC verified.
    public func decrypt(_ tree: JSONValue, file: String) throws -> JSONValue {
        throw SOPSError(file: file, "not implemented yet")
    }

    /// The document `bytes` decrypted into plaintext in the same format (binary: the raw bytes).
    public func decrypt(_ bytes: [UInt8], format: SOPSFormat, file: String) throws -> [UInt8] {
        throw SOPSError(file: file, "not implemented yet")
    }
}
