import Crypto

/// age's X25519 recipient type: the stanza `-> X25519 <ephemeral share>` wrapping the file key with ChaCha20-Poly1305
/// under a key derived by HKDF-SHA-256 from the shared secret.
enum AgeX25519 {
    static let stanzaType = "X25519"
    static let label = Array("age-encryption.org/v1/X25519".utf8)

    /// The key wrapping the file key for `share` (ephemeral public key) and `recipient` (public key).
    private static func wrapKey(secret: SharedSecret, share: [UInt8], recipient: [UInt8]) throws(AgeFile.Failure) -> SymmetricKey {
        let isZero = secret.withUnsafeBytes { $0.allSatisfy { $0 == 0 } }
        guard !isZero else { throw AgeFile.Failure("X25519 shared secret is all zeros") }
        return secret.hkdfDerivedSymmetricKey(using: SHA256.self, salt: share + recipient, sharedInfo: label, outputByteCount: 32)
    }

    /// The stanza wrapping `fileKey` for `recipient`.
    static func wrap(_ fileKey: [UInt8], for recipient: Curve25519.KeyAgreement.PublicKey) throws -> AgeFile.Stanza {
        let ephemeral = Curve25519.KeyAgreement.PrivateKey()
        let share = [UInt8](ephemeral.publicKey.rawRepresentation)
        let secret = try ephemeral.sharedSecretFromKeyAgreement(with: recipient)
        let key = try wrapKey(secret: secret, share: share, recipient: [UInt8](recipient.rawRepresentation))
        let box = try ChaChaPoly.seal(fileKey, using: key, nonce: try ChaChaPoly.Nonce(data: [UInt8](repeating: 0, count: 12)))
        return AgeFile.Stanza(type: stanzaType, arguments: [Base64.encodeUnpadded(share)], body: [UInt8](box.ciphertext + box.tag))
    }

    /// The file key in `stanza` when it is wrapped for `identity`; nil when it is not (authentication fails).
    static func unwrap(_ stanza: AgeFile.Stanza, with identity: Curve25519.KeyAgreement.PrivateKey) throws(AgeFile.Failure) -> [UInt8]? {
        guard stanza.arguments.count == 1, let share = Base64.decodeUnpadded(Substring(stanza.arguments[0])), share.count == 32 else {
            throw AgeFile.Failure("X25519 stanza has a malformed ephemeral share")
        }
        guard stanza.body.count == 32 else { throw AgeFile.Failure("X25519 stanza body is not 32 bytes") }
        let secret: SharedSecret
        do {
            secret = try identity.sharedSecretFromKeyAgreement(with: try Curve25519.KeyAgreement.PublicKey(rawRepresentation: share))
        } catch {
            throw AgeFile.Failure("X25519 stanza has an invalid ephemeral share")
        }
        let key = try wrapKey(secret: secret, share: share, recipient: [UInt8](identity.publicKey.rawRepresentation))
        do {
            let box = try ChaChaPoly.SealedBox(combined: [UInt8](repeating: 0, count: 12) + stanza.body)
            return [UInt8](try ChaChaPoly.open(box, using: key))
        } catch {
            return nil
        }
    }
}
