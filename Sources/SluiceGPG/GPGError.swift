/// Why an OpenPGP operation failed.
///
/// The message names the cause (gpgme's own text, key IDs and fingerprints), never key material, passphrases or
/// plaintext; `kind` is what a caller decides on.
public struct GPGError: Error, Sendable, CustomStringConvertible {
    /// The failure class.
    public enum Kind: Sendable, Equatable {
        /// The input is larger than the keyring accepts (``GPGKeyring/maximumInputSize``), or the output grew beyond it.
        case tooLarge
        /// The key data holds no OpenPGP key GnuPG can import (garbage, a truncated block, a bare message).
        case invalidKey
        /// The input is not an OpenPGP message (or is corrupt).
        case invalidMessage
        /// None of the keys the message is encrypted to has its secret key in this keyring.
        case noSecretKey
        /// The secret key is protected by a passphrase; keys for Sluice must have none.
        case passphraseRequired
        /// The key to encrypt to is not in the keyring, or cannot encrypt.
        case unknownKey
        /// The keyring was closed.
        case closed
        /// GnuPG or gpgme failed otherwise (engine missing, agent failure, I/O).
        case engine
    }

    /// The failure class.
    public var kind: Kind
    /// What went wrong, for conditions and events; never contains key material or plaintext.
    public var message: String
    /// gpgme's error code (`gpg_err_code_t`) when gpgme reported the failure.
    public var gpgmeCode: UInt32?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, gpgmeCode: UInt32? = nil) {
        self.kind = kind
        self.message = message
        self.gpgmeCode = gpgmeCode
    }

    /// The message.
    public var description: String { message }
}
