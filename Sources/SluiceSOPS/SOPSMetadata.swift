import SluiceCore

/// A document's `sops` metadata: the wrapped data key (key groups), the MAC and the encryption rules.
struct SOPSMetadata {
    var keyGroups: [[SOPSMasterKey]]
    var shamirThreshold: Int
    /// As stored (RFC 3339).
    var lastModified: String
    /// The encrypted MAC, as stored.
    var mac: String
    var version: String
    var rules: SOPSEncryptionRules

    /// SOPS's key types in the order they appear inside a group (`internalGroupFrom`), each with the fields naming a key.
    private static let otherKinds: [(kind: String, fields: [String])] = [
        ("kms", ["arn"]), ("gcp_kms", ["resource_id"]), ("hckms", ["key_id"]),
        ("azure_kv", ["vault_url", "name", "version"]), ("hc_vault", ["vault_address", "engine_path", "key_name"]),
    ]

    /// Metadata for a document being encrypted.
    init(keyGroups: [[SOPSMasterKey]], shamirThreshold: Int, lastModified: String, mac: String, version: String,
         rules: SOPSEncryptionRules) {
        self.keyGroups = keyGroups
        self.shamirThreshold = shamirThreshold
        self.lastModified = lastModified
        self.mac = mac
        self.version = version
        self.rules = rules
    }

    /// The metadata from the `sops` object; `reason` describes what is wrong.
    init(_ object: JSONObject) throws(SOPSMetadataError) {
        func string(_ key: String) -> String? {
            switch object[key] {
            case .string(let s): return s
            case .int(let i): return String(i)
            case .bool(let b): return String(b)
            default: return nil
            }
        }
        guard let mac = string("mac"), !mac.isEmpty else { throw SOPSMetadataError(reason: "the sops metadata has no MAC") }
        guard let lastModified = string("lastmodified"), !lastModified.isEmpty else {
            throw SOPSMetadataError(reason: "the sops metadata has no lastmodified")
        }
        self.mac = mac
        self.lastModified = lastModified
        version = string("version") ?? ""
        switch object["shamir_threshold"] {
        case nil, .null?: shamirThreshold = 0
        case .int(let i)?: shamirThreshold = Int(exactly: i) ?? -1
        case .string(let s)?: shamirThreshold = Int(s) ?? -1
        default: shamirThreshold = -1
        }
        guard (0...255).contains(shamirThreshold) else { throw SOPSMetadataError(reason: "shamir_threshold is not a number from 0 to 255") }
        let macOnly: Bool
        switch object["mac_only_encrypted"] {
        case .bool(let b)?: macOnly = b
        case .string(let s)?: macOnly = ["1", "t", "T", "true", "TRUE", "True"].contains(s)
        default: macOnly = false
        }
        rules = SOPSEncryptionRules(
            encryptedRegex: string("encrypted_regex"), encryptedSuffix: string("encrypted_suffix"),
            unencryptedRegex: string("unencrypted_regex"), unencryptedSuffix: string("unencrypted_suffix"),
            encryptedCommentRegex: string("encrypted_comment_regex"), unencryptedCommentRegex: string("unencrypted_comment_regex"),
            macOnlyEncrypted: macOnly)
        let topGroup = try Self.group(object)
        if !topGroup.isEmpty {
            keyGroups = [topGroup]
        } else if case .array(let groups)? = object["key_groups"], !groups.isEmpty {
            keyGroups = []
            for group in groups {
                guard case .object(let groupObject) = group else { throw SOPSMetadataError(reason: "key_groups holds a non-object") }
                keyGroups.append(try Self.group(groupObject))
            }
        } else {
            throw SOPSMetadataError(reason: "no keys found in the sops metadata")
        }
    }

    /// One key group's master keys, in the order SOPS tries them: age, pgp, then the others.
    private static func group(_ object: JSONObject) throws(SOPSMetadataError) -> [SOPSMasterKey] {
        func entries(_ kind: String) throws(SOPSMetadataError) -> [JSONObject] {
            switch object[kind] {
            case nil, .null?: return []
            case .array(let elements)?:
                var result: [JSONObject] = []
                for element in elements {
                    guard case .object(let entry) = element else { throw SOPSMetadataError(reason: "\(kind) holds a non-object") }
                    result.append(entry)
                }
                return result
            default: throw SOPSMetadataError(reason: "\(kind) is not a list")
            }
        }
        var keys: [SOPSMasterKey] = []
        for entry in try entries("age") {
            keys.append(.age(recipient: entry["recipient"]?.stringValue ?? "", encrypted: entry["enc"]?.stringValue ?? ""))
        }
        for entry in try entries("pgp") {
            keys.append(.pgp(fingerprint: entry["fp"]?.stringValue ?? "", encrypted: entry["enc"]?.stringValue ?? ""))
        }
        for (kind, fields) in otherKinds {
            for entry in try entries(kind) {
                let identifier = fields.compactMap { entry[$0]?.stringValue }.filter { !$0.isEmpty }.joined(separator: "/")
                keys.append(.other(kind: kind, identifier: identifier))
            }
        }
        return keys
    }

    /// A copy of the metadata as SOPS 3.9 writes it in YAML and JSON documents (its field order).
    var jsonValue: JSONValue {
        var object = JSONObject()
        if keyGroups.count > 1 {
            object["shamir_threshold"] = .int(Int64(shamirThreshold))
            object["key_groups"] = .array(keyGroups.map { .object(Self.groupObject($0, emptyLists: false, createdAt: lastModified)) })
        }
        let top = Self.groupObject(keyGroups.count == 1 ? keyGroups[0] : [], emptyLists: true, createdAt: lastModified)
        for kind in ["kms", "gcp_kms", "azure_kv", "hc_vault", "age"] { object[kind] = top[kind] }
        object["lastmodified"] = .string(lastModified)
        object["mac"] = .string(mac)
        object["pgp"] = top["pgp"]
        if let v = rules.unencryptedSuffix { object["unencrypted_suffix"] = .string(v) }
        if let v = rules.encryptedSuffix { object["encrypted_suffix"] = .string(v) }
        if let v = rules.unencryptedRegex { object["unencrypted_regex"] = .string(v) }
        if let v = rules.encryptedRegex { object["encrypted_regex"] = .string(v) }
        if let v = rules.unencryptedCommentRegex { object["unencrypted_comment_regex"] = .string(v) }
        if let v = rules.encryptedCommentRegex { object["encrypted_comment_regex"] = .string(v) }
        if rules.macOnlyEncrypted { object["mac_only_encrypted"] = .bool(true) }
        object["version"] = .string(version)
        return .object(object)
    }

    private static func groupObject(_ keys: [SOPSMasterKey], emptyLists: Bool, createdAt: String) -> JSONObject {
        var age: [JSONValue] = []
        var pgp: [JSONValue] = []
        for key in keys {
            switch key {
            case .age(let recipient, let encrypted):
                age.append(.object(["recipient": .string(recipient), "enc": .string(encrypted)]))
            case .pgp(let fingerprint, let encrypted):
                pgp.append(.object(["created_at": .string(createdAt), "enc": .string(encrypted), "fp": .string(fingerprint)]))
            case .other:
                break  // Sluice never wraps keys for cloud KMS or Vault.
            }
        }
        var object = JSONObject()
        if emptyLists {
            for kind in ["kms", "gcp_kms", "azure_kv", "hc_vault"] { object[kind] = .array([]) }
        }
        if emptyLists || !age.isEmpty { object["age"] = .array(age) }
        if emptyLists || !pgp.isEmpty { object["pgp"] = .array(pgp) }
        return object
    }
}

/// Metadata SOPS cannot use.
struct SOPSMetadataError: Error {
    var reason: String
}
