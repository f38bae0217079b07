import SluiceCore

/// Decrypts SOPS documents with the data key one of its key services yields, verifying the MAC.
///
/// Errors are ``SOPSError``s naming the file and the cause, with paths and public key identifiers only: never a
/// plaintext value or key material.
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

    /// Whether `bytes`, read as `format`, carry SOPS metadata (for dotenv and INI, its flattened `mac` and `version`).
    public static func isEncrypted(_ bytes: [UInt8], format: SOPSFormat) -> Bool {
        guard let loaded = try? SOPSStore.load(bytes, format: format), let metadata = loaded.metadata else { return false }
        return metadata["mac"] != nil && metadata["version"] != nil
    }

    /// The document `tree` (a YAML or JSON document; key order kept) decrypted, its `sops` metadata removed, its MAC verified.
    ///
    /// A tree has no comments, so `encrypted_comment_regex`/`unencrypted_comment_regex` are judged by each value's form.
    public func decrypt(_ tree: JSONValue, file: String) throws -> JSONValue {
        guard case .object(var object) = tree else { throw SOPSError(file: file, "the document is not a mapping") }
        guard case .object(let metadata)? = object["sops"] else { throw SOPSError(file: file, "sops metadata not found") }
        object["sops"] = nil
        let loaded = SOPSStore.Loaded(branches: [SOPSNode(.object(object))], metadata: metadata, commentsKnown: false)
        return try decrypt(loaded, file: file)[0].jsonValue
    }

    /// The document `bytes` decrypted into plaintext in the same format (binary: the raw bytes).
    public func decrypt(_ bytes: [UInt8], format: SOPSFormat, file: String) throws -> [UInt8] {
        var loaded: SOPSStore.Loaded
        do {
            loaded = try SOPSStore.load(bytes, format: format)
        } catch {
            throw SOPSError(file: file, error.reason)
        }
        if format == .binary {
            guard case .branch(let items)? = loaded.branches.first, items.count == 1, items[0].key == .name("data") else {
                throw SOPSError(file: file, "a binary SOPS document holds exactly one key, data")
            }
        }
        loaded.branches = try decrypt(loaded, file: file)
        loaded.metadata = nil
        if format == .binary {
            guard case .branch(let items)? = loaded.branches.first, case .leaf(let value) = items[0].value else {
                throw SOPSError(file: file, "the binary document's data is not a value")
            }
            return value.bytes
        }
        do {
            return try SOPSStore.emit(loaded, format: format)
        } catch {
            throw SOPSError(file: file, error.reason)
        }
    }

    /// The loaded document's branches decrypted, the MAC checked.
    func decrypt(_ loaded: SOPSStore.Loaded, file: String) throws -> [SOPSNode] {
        guard let metadataObject = loaded.metadata else { throw SOPSError(file: file, "sops metadata not found") }
        let metadata: SOPSMetadata
        let policy: SOPSEncryptionPolicy
        do {
            metadata = try SOPSMetadata(metadataObject)
            policy = try SOPSEncryptionPolicy(rules: metadata.rules, commentsKnown: loaded.commentsKnown)
        } catch let error as SOPSMetadataError {
            throw SOPSError(file: file, error.reason)
        } catch let error as SOPSRuleError {
            throw SOPSError(file: file, error.reason)
        }
        let dataKey = try self.dataKey(metadata, file: file)
        let cipher = SOPSValueCipher(dataKey: dataKey)
        let result: (branches: [SOPSNode], mac: String)
        do {
            result = try SOPSTreeCipher(cipher: cipher, policy: policy).decrypt(loaded.branches)
        } catch {
            throw SOPSError(file: file, Self.describe(error))
        }
        guard let lastModified = RFC3339.normalize(metadata.lastModified) else {
            throw SOPSError(file: file, "lastmodified is not an RFC 3339 time")
        }
        // The stored MAC is authenticated with lastmodified: changing either fails here.
        guard case .string(let stored)? = try? cipher.decrypt(metadata.mac, additionalData: lastModified), stored == result.mac else {
            throw SOPSError(file: file, "failed to verify data integrity: MAC mismatch (the file was changed after it was encrypted)")
        }
        return result.branches
    }

    static func describe(_ error: SOPSTreeWalker.Failure) -> String {
        switch error {
        case .tooDeep: return "the document nests more than \(SOPSTreeWalker.maxDepth) levels"
        case .leaf(let path, let reason): return "\(reason) at \(path)"
        }
    }

    /// The data key: from the one key group, or Shamir-combined from enough groups.
    func dataKey(_ metadata: SOPSMetadata, file: String) throws -> [UInt8] {
        var parts: [[UInt8]] = []
        var tried: [String] = []
        var failures: [String] = []
        let groups = metadata.keyGroups
        let threshold = groups.count > 1 ? (metadata.shamirThreshold == 0 ? groups.count : metadata.shamirThreshold) : 1
        for group in groups {
            var part: [UInt8]?
            keys: for key in group {
                tried.append(key.publicIdentifier)
                for service in keyServices {
                    do {
                        if let found = try service.dataKey(for: key) {
                            part = found
                            break keys
                        }
                    } catch let error as SOPSError {
                        failures.append("\(key.publicIdentifier): \(error.reason)")
                    } catch {
                        failures.append("\(key.publicIdentifier): \(error)")
                    }
                }
            }
            if let part { parts.append(part) }
            if parts.count >= threshold { break }
        }
        guard parts.count >= threshold else {
            var message = groups.count > 1
                ? "could not recover the data key: \(parts.count) of the \(threshold) key groups needed were decrypted"
                : "no key could decrypt the data key"
            message += "; tried \(tried.isEmpty ? "no keys" : tried.joined(separator: ", "))"
            if !failures.isEmpty { message += "; errors: " + failures.joined(separator: "; ") }
            throw SOPSError(file: file, message)
        }
        let key: [UInt8]
        if groups.count > 1 {
            do { key = try Shamir.combine(parts) } catch { throw SOPSError(file: file, error.reason) }
        } else {
            key = parts[0]
        }
        guard key.count == 32 else { throw SOPSError(file: file, "the data key is \(key.count) bytes, not 32") }
        return key
    }
}
