import Crypto
import SluiceCore

/// Encrypts or decrypts a document's branches as SOPS's `Tree.Encrypt`/`Tree.Decrypt` do, computing the MAC on the way.
struct SOPSTreeCipher {
    let cipher: SOPSValueCipher
    let policy: SOPSEncryptionPolicy

    /// Bytes SOPS hashes first when the MAC covers only encrypted values, so the two kinds of MAC never coincide.
    static let macOnlyEncryptedInitialization: [UInt8] = [
        0x8a, 0x3f, 0xd2, 0xad, 0x54, 0xce, 0x66, 0x52, 0x7b, 0x10, 0x34, 0xf3, 0xd1, 0x47, 0xbe, 0x0b,
        0x0b, 0x97, 0x5b, 0x3b, 0xf4, 0x4f, 0x72, 0xc6, 0xfd, 0xad, 0xec, 0x81, 0x76, 0xf2, 0x7d, 0x69,
    ]

    private func newHash() -> SHA512 {
        var hash = SHA512()
        if policy.rules.macOnlyEncrypted { hash.update(data: Self.macOnlyEncryptedInitialization) }
        return hash
    }

    private static func hex(_ hash: SHA512) -> String {
        hash.finalize().map { byte in
            let digits = Array("0123456789ABCDEF")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
        }.joined()
    }

    private static func additionalData(_ path: [String]) -> String {
        path.joined(separator: ":") + ":"
    }

    /// Whether the leaf at `path` is (to be) encrypted; without comments, comment rules are read off the value's shape.
    private func isEncrypted(_ leaf: SOPSValue, path: [String], comments: [[String]]) -> Bool {
        let isComment = if case .comment = leaf { true } else { false }
        if policy.dependsOnComments && !policy.commentsKnown {
            if case .string(let text) = leaf { return SOPSValueCipher.looksEncrypted(text) }
            return false
        }
        return policy.shouldBeEncrypted(path: path, comments: comments, isComment: isComment)
    }

    /// The branches decrypted and the MAC of their plaintext (uppercase hex SHA-512).
    func decrypt(_ branches: [SOPSNode]) throws(SOPSTreeWalker.Failure) -> (branches: [SOPSNode], mac: String) {
        var hash = newHash()
        var result: [SOPSNode] = []
        for branch in branches {
            result.append(try SOPSTreeWalker.walk(branch) { (leaf, path, comments) throws(SOPSTreeWalker.Failure) in
                let encrypted = isEncrypted(leaf, path: path, comments: comments)
                var plain = leaf
                if encrypted {
                    switch leaf {
                    case .comment(let text):
                        // SOPS assumes a comment that does not decrypt was never encrypted.
                        if let value = try? cipher.decrypt(text, additionalData: Self.additionalData(path)) { plain = value }
                    case .string(let text):
                        do {
                            plain = try cipher.decrypt(text, additionalData: Self.additionalData(path))
                        } catch {
                            throw .leaf(path: Self.additionalData(path), reason: Self.describe(error))
                        }
                    default:
                        throw .leaf(path: Self.additionalData(path), reason: "expected an encrypted value, found a \(leaf.typeName)")
                    }
                }
                if case .comment = leaf {} else if !policy.rules.macOnlyEncrypted || encrypted {
                    hash.update(data: plain.bytes)
                }
                return plain
            })
        }
        return (result, Self.hex(hash))
    }

    /// The branches encrypted and the MAC of their plaintext.
    func encrypt(_ branches: [SOPSNode]) throws(SOPSTreeWalker.Failure) -> (branches: [SOPSNode], mac: String) {
        var hash = newHash()
        var result: [SOPSNode] = []
        for branch in branches {
            result.append(try SOPSTreeWalker.walk(branch) { (leaf, path, comments) throws(SOPSTreeWalker.Failure) in
                let isComment = if case .comment = leaf { true } else { false }
                let encrypted = policy.shouldBeEncrypted(path: path, comments: comments, isComment: isComment)
                if !isComment && (!policy.rules.macOnlyEncrypted || encrypted) {
                    hash.update(data: leaf.bytes)
                }
                guard encrypted else { return leaf }
                let text: String
                do {
                    text = try cipher.encrypt(leaf, additionalData: Self.additionalData(path))
                } catch {
                    throw .leaf(path: Self.additionalData(path), reason: "could not encrypt the value")
                }
                if isComment, let unencrypted = policy.rules.unencryptedCommentRegex, !unencrypted.isEmpty,
                   (try? LinearRegex(unencrypted))?.matches(text) == true {
                    throw .leaf(path: Self.additionalData(path), reason: "an encrypted comment matches unencrypted_comment_regex")
                }
                return isComment ? .comment(text) : .string(text)
            })
        }
        return (result, Self.hex(hash))
    }

    /// A value cipher failure in words (no value in it).
    static func describe(_ error: any Error) -> String {
        guard let failure = error as? SOPSValueCipher.Failure else { return "could not decrypt value" }
        switch failure {
        case .malformed(let reason): return "could not decrypt value: \(reason)"
        case .authentication: return "could not decrypt value: authentication failed (wrong key or tampered value)"
        case .badType(let type): return "could not decrypt value: bad value for type \(type)"
        }
    }
}
