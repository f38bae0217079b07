import CGPGME
import Foundation
import Logging

/// A throwaway GnuPG home holding imported keys: created in a private temporary directory (0700), removed with its
/// agent on ``close()`` (and on deinit).
///
/// Everything goes through gpgme with the home set on each context (never `GNUPGHOME` nor the user's home),
/// non-interactively: loopback pinentry with a callback that refuses, so a passphrase-protected key fails naming its
/// fingerprint instead of prompting. Inputs above ``maximumInputSize`` are refused and outputs are bounded the same
/// way. Operations are serialized by a lock; the intended use is one keyring per reconcile. gpgme's calls block
/// while gpg runs: call them off the cooperative pool when that matters.
public final class GPGKeyring: @unchecked Sendable {
    /// The largest key block, message or plaintext accepted (1 MiB).
    public static let maximumInputSize = 1 << 20

    /// The GnuPG home directory (private, removed on close).
    public let homeDirectory: String

    private let logger: Logger
    private let lock = NSLock()
    private var isClosed = false

    /// Creates an empty keyring in a new private temporary directory.
    /// - Throws: `GPGError` when gpgme or GnuPG's OpenPGP engine is unavailable, or the directory cannot be made.
    public init(logger: Logger) throws {
        self.logger = logger
        self.homeDirectory = ""
        throw GPGError(.engine, "not implemented yet")
    }

    deinit { close() }

    /// Imports the keys of an armored or binary key block (public and secret keys).
    /// - Returns: the fingerprints of the keys imported (or already present), in order, each once.
    /// - Throws: `GPGError` (`.invalidKey`) when the block holds no importable key, `.tooLarge` above 1 MiB.
    public func importKeys(armored: [UInt8]) throws -> [String] {
        throw GPGError(.engine, "not implemented yet")
    }

    /// Decrypts an armored or binary OpenPGP message with the keyring's secret keys.
    /// - Returns: the plaintext (at most ``maximumInputSize`` bytes).
    /// - Throws: `GPGError`: `.noSecretKey` naming the key IDs the message is for, `.passphraseRequired` naming the
    ///   key, `.invalidMessage`, `.tooLarge`.
    public func decrypt(_ message: [UInt8]) throws -> [UInt8] {
        throw GPGError(.engine, "not implemented yet")
    }

    /// Encrypts `plaintext` to the key with `fingerprint` (which must be in the keyring; trusted as given).
    /// - Returns: the armored OpenPGP message.
    /// - Throws: `GPGError` (`.unknownKey` when no such key can encrypt, `.tooLarge`).
    public func encrypt(_ plaintext: [UInt8], to fingerprint: String) throws -> String {
        throw GPGError(.engine, "not implemented yet")
    }

    /// Stops the home's gpg-agent and removes the home directory; later operations throw `.closed`. Idempotent.
    public func close() {
    }
}
