import Foundation
import Logging
import SluiceCore
import SluiceGPG
import SluiceSOPS
import SluiceTestSupport
import Testing

/// Keys made by the real tools — an age identity by `age-keygen`, an OpenPGP key pair by `gpg --quick-gen-key` — and
/// SOPS files encrypted for them by ``SOPSEncryptor`` (the OpenPGP data key wrapped by GnuPG through ``GPGKeyring``).
final class SOPSTestKeys: Sendable {
    /// The age key file's text (`# public key: …` and `AGE-SECRET-KEY-1…`).
    let ageIdentity: String
    /// Its recipient, `age1…`.
    let ageRecipient: String
    /// The OpenPGP key's home.
    let gnupg: GnuPGHome
    /// Its secret key, armored, as a `*.asc` entry holds it.
    let pgpSecretKey: String
    /// A keyring holding its public key, for wrapping data keys.
    private let keyring: GPGKeyring

    private init(ageIdentity: String, ageRecipient: String, gnupg: GnuPGHome, pgpSecretKey: String, keyring: GPGKeyring) {
        self.ageIdentity = ageIdentity
        self.ageRecipient = ageRecipient
        self.gnupg = gnupg
        self.pgpSecretKey = pgpSecretKey
        self.keyring = keyring
    }

    /// A new age identity and OpenPGP key pair.
    static func make() async throws -> SOPSTestKeys {
        let identity = try await Shell.run("age-keygen", [])
        let line = try #require(identity.split(separator: "\n").first { $0.hasPrefix("# public key: ") }, "age-keygen printed no public key")
        let gnupg = try await GnuPGHome.generate()
        let keyring = try GPGKeyring(logger: Logger(label: "sops-test-keys"))
        _ = try keyring.importKeys(armored: try await gnupg.exportPublicKey())
        return SOPSTestKeys(ageIdentity: identity, ageRecipient: String(line.dropFirst("# public key: ".count)), gnupg: gnupg,
                            pgpSecretKey: String(decoding: try await gnupg.exportSecretKey(), as: UTF8.self), keyring: keyring)
    }

    /// Stops the agents and removes the homes.
    func remove() async {
        keyring.close()
        await gnupg.remove()
    }

    /// `text` in `format` encrypted for the age identity (`age: true`) or the OpenPGP key, only `data`/`stringData`
    /// encrypted in YAML and JSON documents (`--encrypted-regex '^(data|stringData)$'`, as Flux's guide has it).
    func encrypt(_ text: String, format: SOPSFormat, age: Bool = true) throws -> String {
        let recipient: any SOPSRecipient = age ? try AgeRecipient(publicKey: ageRecipient) : PGPRecipient(keyring: keyring, fingerprint: gnupg.fingerprint)
        let rules = format == .yaml || format == .json ? SOPSEncryptionRules(encryptedRegex: "^(data|stringData)$") : SOPSEncryptionRules()
        return String(decoding: try SOPSEncryptor(recipients: [recipient], rules: rules).encrypt(Array(text.utf8), format: format), as: UTF8.self)
    }
}

/// SOPS's `pgp` master key: the data key encrypted to an OpenPGP key by GnuPG.
struct PGPRecipient: SOPSRecipient {
    let keyring: GPGKeyring
    let fingerprint: String

    func wrap(_ dataKey: [UInt8]) throws -> SOPSMasterKey {
        .pgp(fingerprint: fingerprint, encrypted: try keyring.encrypt(dataKey, to: fingerprint))
    }
}
