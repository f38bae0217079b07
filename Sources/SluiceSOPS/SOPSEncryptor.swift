import SluiceCore

/// Encrypts documents as SOPS 3.9 does, for the recipients given: a fresh data key per document, values as
/// `ENC[AES256_GCM,…]`, the MAC, and metadata of the same shape (`version: 3.9.0`, `lastmodified` in UTC).
public struct SOPSEncryptor: Sendable {
    /// The SOPS version written into metadata: the format written is 3.9's.
    public static let version = "3.9.0"

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

    /// `tree` (a mapping) encrypted, with its `sops` metadata added.
    public func encrypt(_ tree: JSONValue) throws -> JSONValue {
        guard case .object(let object) = tree else { throw SOPSError(file: "", "only a mapping can be encrypted") }
        let loaded = try encrypt(SOPSStore.Loaded(branches: [SOPSNode(.object(object))], metadata: nil, commentsKnown: true), format: .json)
        guard case .object(var result) = loaded.branches[0].jsonValue, let metadata = loaded.metadata else {
            throw SOPSError(file: "", "encryption produced no mapping")
        }
        result["sops"] = .object(metadata)
        return .object(result)
    }

    /// The document `bytes` in `format` encrypted, written in the same format (binary: any bytes, written as SOPS's JSON).
    public func encrypt(_ bytes: [UInt8], format: SOPSFormat) throws -> [UInt8] {
        var loaded: SOPSStore.Loaded
        if format == .binary {
            loaded = SOPSStore.Loaded(branches: [.branch([SOPSItem(key: .name("data"), value: .leaf(.text(bytes)))])],
                                      metadata: nil, commentsKnown: true)
        } else {
            do { loaded = try SOPSStore.load(bytes, format: format) } catch { throw SOPSError(file: "", error.reason) }
            guard loaded.metadata == nil else { throw SOPSError(file: "", "the document is already encrypted (it has sops metadata)") }
        }
        loaded = try encrypt(loaded, format: format)
        do { return try SOPSStore.emit(loaded, format: format) } catch { throw SOPSError(file: "", error.reason) }
    }

    private func encrypt(_ loaded: SOPSStore.Loaded, format: SOPSFormat) throws -> SOPSStore.Loaded {
        guard !keyGroups.isEmpty, keyGroups.allSatisfy({ !$0.isEmpty }) else {
            throw SOPSError(file: "", "no recipients (every key group needs at least one)")
        }
        let policy: SOPSEncryptionPolicy
        do { policy = try SOPSEncryptionPolicy(rules: rules, commentsKnown: true) } catch { throw SOPSError(file: "", error.reason) }
        let dataKey = AgeFile.randomBytes(32)
        let threshold = keyGroups.count > 1 ? (shamirThreshold == 0 ? keyGroups.count : shamirThreshold) : 0
        let parts: [[UInt8]]
        if keyGroups.count > 1 {
            do { parts = try Shamir.split(dataKey, parts: keyGroups.count, threshold: threshold) } catch { throw SOPSError(file: "", error.reason) }
        } else {
            parts = [dataKey]
        }
        var groups: [[SOPSMasterKey]] = []
        for (group, part) in zip(keyGroups, parts) {
            groups.append(try group.map { try $0.wrap(part) })
        }
        let cipher = SOPSValueCipher(dataKey: dataKey)
        let encrypted: (branches: [SOPSNode], mac: String)
        do {
            encrypted = try SOPSTreeCipher(cipher: cipher, policy: policy).encrypt(loaded.branches)
        } catch {
            throw SOPSError(file: "", SOPSDecryptor.describe(error))
        }
        let lastModified = RFC3339.now()
        let metadata = SOPSMetadata(
            keyGroups: groups, shamirThreshold: threshold, lastModified: lastModified,
            mac: try cipher.encrypt(.string(encrypted.mac), additionalData: lastModified), version: Self.version, rules: policy.rules)
        guard case .object(let metadataObject) = metadata.jsonValue else { throw SOPSError(file: "", "metadata is not a mapping") }
        return SOPSStore.Loaded(branches: encrypted.branches, metadata: metadataObject, commentsKnown: loaded.commentsKnown)
    }
}
