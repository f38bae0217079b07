import SluiceCore

/// Encrypts documents as SOPS 3.9 does, for the recipients given.
public struct SOPSEncryptor: Sendable {
    let keyGroups: [[any SOPSRecipient]]
    let shamirThreshold: Int
    let rules: SOPSEncryptionRules

    /// An encryptor wrapping each document's fresh data key for every recipient (one key group).
    public init(recipients: [any SOPSRecipient], rules: SOPSEncryptionRules = .init()) {
        self.init(keyGroups: [recipients], shamirThreshold: 0, rules: rules)
    }

    /// An encryptor splitting the data key over `keyGroups` with Shamir's scheme (any `shamirThreshold` groups recover
    /// it; 0 means all), as SOPS's `key_groups` and `shamir_threshold`.
    public init(keyGroups: [[any SOPSRecipient]], shamirThreshold: Int, rules: SOPSEncryptionRules = .init()) {
        self.keyGroups = keyGroups
        self.shamirThreshold = shamirThreshold
        self.rules = rules
    }

    /// `tree` encrypted, with its `sops` metadata added.
    public func encrypt(_ tree: JSONValue) throws -> JSONValue {
        throw SOPSError(file: "", "not implemented yet")
    }

    /// The document `bytes` in `format` encrypted, written in the same format.
    public func encrypt(_ bytes: [UInt8], format: SOPSFormat) throws -> [UInt8] {
        throw SOPSError(file: "", "not implemented yet")
    }
}
