import CGPGME
import Foundation
import Logging

/// A throwaway GnuPG home holding imported keys: created in a private temporary directory (0700), removed with its
/// agent on ``close()`` (and on deinit).
///
/// Everything goes through gpgme with the home set on each context (never `GNUPGHOME` nor the user's home),
/// non-interactively: loopback pinentry with a callback that refuses, so a passphrase-protected key fails naming its
/// fingerprint instead of prompting; offline (no dirmngr, no key servers). Inputs above ``maximumInputSize`` are
/// refused and outputs are bounded the same way. Operations on one keyring are serialized by a lock; the intended use
/// is one keyring per reconcile. gpgme's calls block while gpg runs: call them off the cooperative pool when that
/// matters.
public final class GPGKeyring: @unchecked Sendable {
    /// The largest key block, message, plaintext or output accepted (1 MiB).
    public static let maximumInputSize = 1 << 20

    /// The GnuPG home directory (private; removed on close).
    public let homeDirectory: String

    private let logger: Logger
    private let lock = NSLock()
    private var isClosed = false

    /// Creates an empty keyring in a new private temporary directory.
    /// - Throws: `GPGError` (`.engine`) when gpgme or GnuPG is unavailable, or the directory cannot be made.
    public init(logger: Logger) throws {
        if case .failure(let error) = GPGME.gpgconfPath { throw error }
        self.logger = logger
        // A short path: gpg-agent's socket lives in the home when /run/user is absent, and socket paths are short.
        let parent = NSTemporaryDirectory().utf8.count <= 64 ? NSTemporaryDirectory() : "/tmp/"
        var template = Array((parent.hasSuffix("/") ? parent : parent + "/").utf8CString.dropLast()) + Array("sluice-gpg-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw GPGError(.engine, "cannot create a GnuPG home in \(parent): \(String(cString: strerror(errno)))")
        }
        homeDirectory = String(cString: made)
        do {
            // mkdtemp makes it 0700; the configuration keeps the agent away from smartcards and from any pinentry.
            try Self.write("no-greeting\nno-auto-key-retrieve\nno-auto-key-locate\n", to: "gpg.conf", in: homeDirectory)
            try Self.write("disable-scdaemon\nallow-loopback-pinentry\nno-grab\n", to: "gpg-agent.conf", in: homeDirectory)
        } catch {
            try? FileManager.default.removeItem(atPath: homeDirectory)
            throw error
        }
        logger.debug("GnuPG keyring created", metadata: ["home": "\(homeDirectory)"])
    }

    deinit { close() }

    /// Imports the keys of an armored or binary key block (public and secret keys).
    /// - Returns: the fingerprints of the keys imported (or already present), in order, each once.
    /// - Throws: `GPGError`: `.invalidKey` when the block holds no importable key or GnuPG rejects one (naming it),
    ///   `.tooLarge` above ``maximumInputSize``.
    public func importKeys(armored: [UInt8]) throws -> [String] {
        try bounded(armored, "key data")
        return try withContext { context in
            let status = try context.withInput(armored) { gpgme_op_import(context.handle, $0) }
            guard status == 0 else {
                throw GPGError(.invalidKey, "cannot import OpenPGP keys: \(GPGME.describe(status))", gpgmeCode: GPGME.code(status).rawValue)
            }
            guard let result = gpgme_op_import_result(context.handle) else {
                throw GPGError(.invalidKey, "cannot import OpenPGP keys: gpgme returned no import result")
            }
            var fingerprints: [String] = []
            var entry = result.pointee.imports
            while let current = entry {
                let fingerprint = current.pointee.fpr.map { String(cString: $0) } ?? "unknown"
                if current.pointee.result != 0 {
                    throw GPGError(.invalidKey, "cannot import OpenPGP key \(fingerprint): \(GPGME.describe(current.pointee.result))",
                                   gpgmeCode: GPGME.code(current.pointee.result).rawValue)
                }
                if !fingerprints.contains(fingerprint) { fingerprints.append(fingerprint) }
                entry = current.pointee.next
            }
            guard result.pointee.considered > 0, !fingerprints.isEmpty else {
                throw GPGError(.invalidKey, "the key data holds no OpenPGP key")
            }
            logger.debug("OpenPGP keys imported", metadata: [
                "fingerprints": "\(fingerprints.joined(separator: ","))", "secretKeys": "\(result.pointee.secret_imported + result.pointee.secret_unchanged)",
            ])
            return fingerprints
        }
    }

    /// Decrypts an armored or binary OpenPGP message with the keyring's secret keys.
    /// - Returns: the plaintext (at most ``maximumInputSize`` bytes).
    /// - Throws: `GPGError`: `.noSecretKey` naming the key IDs the message is encrypted to, `.passphraseRequired`
    ///   naming the key, `.invalidMessage`, `.tooLarge`.
    public func decrypt(_ message: [UInt8]) throws -> [UInt8] {
        try bounded(message, "OpenPGP message")
        return try withContext { context in
            let sink = GPGOutputSink(limit: Self.maximumInputSize)
            let status = try context.withInput(message) { input in
                try sink.withData { output in gpgme_op_decrypt(context.handle, input, output) }
            }
            if sink.overflowed {
                throw GPGError(.tooLarge, "the decrypted OpenPGP message is larger than \(Self.maximumInputSize) bytes")
            }
            guard status != 0 else { return sink.bytes }
            throw decryptionError(status, context: context)
        }
    }

    /// Encrypts `plaintext` to the key with `fingerprint` (a fingerprint or long key ID of a key in the keyring,
    /// trusted as given).
    /// - Returns: the armored OpenPGP message.
    /// - Throws: `GPGError`: `.unknownKey` when no such key can encrypt, `.tooLarge`.
    public func encrypt(_ plaintext: [UInt8], to fingerprint: String) throws -> String {
        try bounded(plaintext, "plaintext")
        // Hex only: gpgme_get_key takes a search pattern, which would otherwise match user IDs too.
        guard [16, 40, 64].contains(fingerprint.utf8.count), fingerprint.allSatisfy({ $0.isASCII && $0.isHexDigit }) else {
            throw GPGError(.unknownKey, "'\(fingerprint)' is not an OpenPGP fingerprint (40 hexadecimal digits)")
        }
        return try withContext { context in
            var key: gpgme_key_t?
            let found = gpgme_get_key(context.handle, fingerprint, &key, 0)
            guard found == 0, let key else {
                throw GPGError(.unknownKey, "no OpenPGP key \(fingerprint) in the keyring: \(GPGME.describe(found))", gpgmeCode: GPGME.code(found).rawValue)
            }
            defer { gpgme_key_unref(key) }
            gpgme_set_armor(context.handle, 1)
            // Large enough for the armored form of a maximal plaintext (base64 plus headers).
            let sink = GPGOutputSink(limit: Self.maximumInputSize * 2)
            var recipients: [gpgme_key_t?] = [key, nil]
            let status = try context.withInput(plaintext) { input in
                try sink.withData { output in gpgme_op_encrypt(context.handle, &recipients, GPGME_ENCRYPT_ALWAYS_TRUST, input, output) }
            }
            guard status == 0 else {
                let kind: GPGError.Kind = GPGME.code(status) == GPG_ERR_UNUSABLE_PUBKEY ? .unknownKey : .engine
                throw GPGError(kind, "cannot encrypt to OpenPGP key \(fingerprint): \(GPGME.describe(status))", gpgmeCode: GPGME.code(status).rawValue)
            }
            return String(decoding: sink.bytes, as: UTF8.self)
        }
    }

    /// Stops the home's GnuPG daemons (gpg-agent) and removes the home directory; later operations throw `.closed`.
    /// Idempotent; also run on deinit.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !isClosed else { return }
        isClosed = true
        runGPGConf(["--kill", "all"])
        // Where /run/user exists, gpg keeps a non-default home's sockets in a directory of their own there.
        if FileManager.default.fileExists(atPath: "/run/user/\(getuid())/gnupg") {
            runGPGConf(["--remove-socketdir"])
        }
        do {
            try FileManager.default.removeItem(atPath: homeDirectory)
        } catch {
            logger.warning("cannot remove a GnuPG keyring's home", metadata: ["home": "\(homeDirectory)", "error": "\(error)"])
        }
        logger.debug("GnuPG keyring closed", metadata: ["home": "\(homeDirectory)"])
    }

    // MARK: - Helpers

    /// Runs `body` with a fresh context on this keyring's home, holding the lock; throws `.closed` after close.
    private func withContext<Result>(_ body: (GPGContext) throws -> Result) throws -> Result {
        lock.lock()
        defer { lock.unlock() }
        guard !isClosed else { throw GPGError(.closed, "the GnuPG keyring is closed") }
        let context = try GPGContext(homeDirectory: homeDirectory)
        return try body(context)
    }

    /// Refuses inputs larger than ``maximumInputSize``.
    private func bounded(_ bytes: [UInt8], _ what: String) throws {
        guard bytes.count <= Self.maximumInputSize else {
            throw GPGError(.tooLarge, "the \(what) is \(bytes.count) bytes, more than the \(Self.maximumInputSize) accepted")
        }
    }

    /// The error for a failed decryption: who was asked for a passphrase, which keys were missing, or gpgme's cause.
    private func decryptionError(_ status: gpgme_error_t, context: GPGContext) -> GPGError {
        let code = GPGME.code(status)
        if let hint = context.passphraseHint {
            if hint.isEmpty {
                return GPGError(.passphraseRequired, "the OpenPGP message is encrypted with a passphrase, not to a key", gpgmeCode: code.rawValue)
            }
            let keyID = hint.split(separator: " ").first.map(String.init) ?? hint
            return GPGError(.passphraseRequired,
                            "the OpenPGP secret key \(fingerprint(of: keyID, context: context)) is protected by a passphrase; keys for Sluice must have none",
                            gpgmeCode: code.rawValue)
        }
        var missing: [String] = []
        if let result = gpgme_op_decrypt_result(context.handle) {
            var recipient = result.pointee.recipients
            while let current = recipient {
                if GPGME.code(current.pointee.status) == GPG_ERR_NO_SECKEY, let keyID = current.pointee.keyid {
                    missing.append(String(cString: keyID))
                }
                recipient = current.pointee.next
            }
        }
        if code == GPG_ERR_NO_SECKEY || (code == GPG_ERR_DECRYPT_FAILED && !missing.isEmpty) {
            let keys = missing.isEmpty ? "" : " (encrypted to key IDs \(missing.joined(separator: ", ")))"
            return GPGError(.noSecretKey, "no secret key in the keyring can decrypt the OpenPGP message\(keys)", gpgmeCode: code.rawValue)
        }
        if code == GPG_ERR_NO_DATA {
            return GPGError(.invalidMessage, "the data is not an OpenPGP message", gpgmeCode: code.rawValue)
        }
        return GPGError(.invalidMessage, "cannot decrypt the OpenPGP message: \(GPGME.describe(status))", gpgmeCode: code.rawValue)
    }

    /// The fingerprint of the key (or subkey's primary key) with `keyID`, or the key ID when it cannot be found.
    private func fingerprint(of keyID: String, context: GPGContext) -> String {
        guard keyID.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return keyID }
        var key: gpgme_key_t?
        guard gpgme_get_key(context.handle, keyID, &key, 1) == 0, let key else { return keyID }
        defer { gpgme_key_unref(key) }
        return key.pointee.fpr.map { String(cString: $0) } ?? keyID
    }

    /// Runs GnuPG's gpgconf on this home through gpgme's spawn engine (which waits for it); failures are logged.
    private func runGPGConf(_ arguments: [String]) {
        guard case .success(let gpgconf) = GPGME.gpgconfPath else { return }
        do {
            let context = try GPGContext(homeDirectory: homeDirectory, protocol: GPGME_PROTOCOL_SPAWN)
            let argv = ([gpgconf, "--homedir", homeDirectory] + arguments).map { strdup($0) }
            defer { argv.forEach { free($0) } }
            var pointers: [UnsafePointer<CChar>?] = argv.map { $0.map { UnsafePointer($0) } } + [nil]
            let status = gpgme_op_spawn(context.handle, gpgconf, &pointers, nil, nil, nil, 0)
            if status != 0 {
                logger.warning("gpgconf failed on a GnuPG keyring", metadata: [
                    "home": "\(homeDirectory)", "arguments": "\(arguments.joined(separator: " "))", "error": "\(GPGME.describe(status))",
                ])
            }
        } catch {
            logger.warning("gpgconf could not run on a GnuPG keyring", metadata: ["home": "\(homeDirectory)", "error": "\(error)"])
        }
    }

    /// Writes a configuration file into the home.
    private static func write(_ text: String, to name: String, in home: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: home).appendingPathComponent(name))
        } catch {
            throw GPGError(.engine, "cannot write \(name) into the GnuPG home \(home): \(error)")
        }
    }
}
