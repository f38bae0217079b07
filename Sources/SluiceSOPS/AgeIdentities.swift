import Foundation
import Crypto

/// age X25519 identities (`AGE-SECRET-KEY-1…` lines), as a key service unwrapping SOPS data keys wrapped for them.
public struct AgeIdentities: SOPSKeyService {
    /// The identities' raw X25519 scalars (kept as bytes: swift-crypto's key types are not `Sendable`).
    private let keys: [[UInt8]]
    /// The identities' recipients (`age1…`), public.
    public let recipients: [String]

    /// Parses identities from a key file's text: one `AGE-SECRET-KEY-1…` per line; `#` comments and blank lines allowed.
    ///
    /// - Throws: ``SOPSError`` naming the line (never its text) that is not an identity.
    public init(text: String) throws {
        var keys: [Curve25519.KeyAgreement.PrivateKey] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard line.hasPrefix("AGE-SECRET-KEY-1"), let decoded = Bech32.decode(line), decoded.hrp == "age-secret-key-",
                  decoded.data.count == 32, let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: decoded.data) else {
                if line.hasPrefix("AGE-PLUGIN-") {
                    throw SOPSError(file: "", "age identities: line \(index + 1) is an age plugin identity, which Sluice does not support")
                }
                throw SOPSError(file: "", "age identities: line \(index + 1) is not an AGE-SECRET-KEY-1… X25519 identity")
            }
            keys.append(key)
        }
        guard !keys.isEmpty else { throw SOPSError(file: "", "age identities: no AGE-SECRET-KEY-1… identity found") }
        self.keys = keys.map { [UInt8]($0.rawRepresentation) }
        recipients = keys.map { AgeRecipient.encode($0.publicKey) }
    }

    /// The contents of the age file `encrypted` (armored or binary), decrypted with one of these identities;
    /// nil when none of its X25519 stanzas is for them.
    public func decrypt(_ encrypted: [UInt8]) throws -> [UInt8]? {
        let file: AgeFile
        do { file = try AgeFile(encrypted) } catch { throw SOPSError(file: "", error.reason) }
        if file.stanzas.contains(where: { $0.type == "scrypt" }) {
            throw SOPSError(file: "", "age file is passphrase-encrypted (scrypt stanza); SOPS documents never carry those")
        }
        for stanza in file.stanzas where stanza.type == AgeX25519.stanzaType {
            for raw in keys {
                do {
                    let key = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)
                    guard let fileKey = try AgeX25519.unwrap(stanza, with: key) else { continue }
                    guard fileKey.count == 16 else { throw AgeFile.Failure("age file key is not 16 bytes") }
                    return try file.decryptPayload(fileKey: fileKey)
                } catch let failure as AgeFile.Failure {
                    throw SOPSError(file: "", failure.reason)
                } catch {
                    throw SOPSError(file: "", "age: \(error)")
                }
            }
        }
        let unsupported = Set(file.stanzas.map(\.type)).intersection(["ssh-ed25519", "ssh-rsa"])
        if !unsupported.isEmpty, !file.stanzas.contains(where: { $0.type == AgeX25519.stanzaType }) {
            throw SOPSError(file: "", "age file is encrypted to SSH keys (\(unsupported.sorted().joined(separator: ", ")) stanzas), "
                + "which Sluice does not support; use age X25519 recipients")
        }
        return nil
    }

    public func dataKey(for key: SOPSMasterKey) throws -> [UInt8]? {
        guard case .age(let recipient, let encrypted) = key else { return nil }
        // SOPS tries every identity on every age entry; skipping entries for other recipients only saves work.
        if !recipient.isEmpty, !recipients.contains(recipient), recipient.hasPrefix("age1") { return nil }
        return try decrypt(Array(encrypted.utf8))
    }
}

extension AgeIdentities {
    /// A new identity's key file text, as `age-keygen` writes it (`# public key: age1…` then `AGE-SECRET-KEY-1…`).
    public static func generate() -> String {
        let key = Curve25519.KeyAgreement.PrivateKey()
        return "# public key: \(AgeRecipient.encode(key.publicKey))\n"
            + Bech32.encode(hrp: "AGE-SECRET-KEY-", [UInt8](key.rawRepresentation)).uppercased() + "\n"
    }
}
