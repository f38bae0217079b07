import Foundation
import Crypto

/// An age X25519 recipient (`age1…`) that SOPS data keys are wrapped for.
public struct AgeRecipient: SOPSRecipient {
    /// The Bech32 public key, `age1…`.
    public let publicKey: String
    /// The raw X25519 public key (bytes: swift-crypto's key types are not `Sendable`).
    private let key: [UInt8]

    /// The recipient from its Bech32 public key `age1…`.
    public init(publicKey: String) throws {
        let trimmed = publicKey.trimmingCharacters(in: .whitespaces)
        guard let decoded = Bech32.decode(trimmed), decoded.hrp == "age", decoded.data.count == 32,
              let key = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: decoded.data) else {
            throw SOPSError(file: "", "age recipient \"\(trimmed.prefix(100))\" is not an age1… X25519 public key")
        }
        self.publicKey = trimmed.lowercased()
        self.key = [UInt8](key.rawRepresentation)
    }

    /// `age1…` for `key`.
    static func encode(_ key: Curve25519.KeyAgreement.PublicKey) -> String {
        Bech32.encode(hrp: "age", [UInt8](key.rawRepresentation))
    }

    /// An armored age file holding `plaintext` for this recipient.
    public func encrypt(_ plaintext: [UInt8], armor: Bool = true) throws -> [UInt8] {
        let recipient = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: key)
        return try AgeFile.encrypt(plaintext, armor: armor) { fileKey in [try AgeX25519.wrap(fileKey, for: recipient)] }
    }

    public func wrap(_ dataKey: [UInt8]) throws -> SOPSMasterKey {
        .age(recipient: publicKey, encrypted: String(decoding: try encrypt(dataKey), as: UTF8.self))
    }
}
