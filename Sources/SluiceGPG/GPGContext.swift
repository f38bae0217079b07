import CGPGME
import Foundation

/// One gpgme context bound to a keyring's home directory, released on deinit.
///
/// Non-interactive: loopback pinentry with a passphrase callback that refuses and remembers who asked, so a
/// passphrase-protected key makes the operation fail (naming the key) instead of prompting; offline (no dirmngr).
final class GPGContext {
    /// The raw context.
    let handle: gpgme_ctx_t
    /// Set when gpg asked for a passphrase: the hint it gave ("KEYID user id"), or "" for a symmetric message.
    private(set) var passphraseHint: String?

    /// Creates a context for `protocol` whose engine uses `homeDirectory` (OpenPGP) or runs programs (spawn).
    init(homeDirectory: String, protocol: gpgme_protocol_t = GPGME_PROTOCOL_OpenPGP) throws {
        if case .failure(let error) = GPGME.gpgconfPath { throw error }
        var context: gpgme_ctx_t?
        let status = gpgme_new(&context)
        guard status == 0, let context else {
            throw GPGError(.engine, "gpgme could not make a context: \(GPGME.describe(status))", gpgmeCode: GPGME.code(status).rawValue)
        }
        handle = context
        try check(gpgme_set_protocol(context, `protocol`), "select the engine")
        if `protocol` == GPGME_PROTOCOL_OpenPGP {
            // The home per context, never GNUPGHOME: the process environment is shared and may be the user's.
            try check(gpgme_ctx_set_engine_info(context, `protocol`, nil, homeDirectory), "set the GnuPG home")
            try check(gpgme_set_pinentry_mode(context, GPGME_PINENTRY_MODE_LOOPBACK), "set loopback pinentry")
            gpgme_set_offline(context, 1)
            gpgme_set_passphrase_cb(context, { hook, hint, _, _, _ in
                guard let hook else { return gpgme_error(GPG_ERR_CANCELED) }
                let context = Unmanaged<GPGContext>.fromOpaque(hook).takeUnretainedValue()
                context.passphraseHint = hint.map { String(cString: $0) } ?? ""
                return gpgme_error(GPG_ERR_CANCELED)
            }, Unmanaged.passUnretained(self).toOpaque())
        }
    }

    deinit { gpgme_release(handle) }

    /// Throws a `.engine` error naming `step` when `status` is an error.
    func check(_ status: gpgme_error_t, _ step: String) throws {
        guard status != 0 else { return }
        throw GPGError(.engine, "gpgme could not \(step): \(GPGME.describe(status))", gpgmeCode: GPGME.code(status).rawValue)
    }

    /// Runs `body` with a gpgme data object reading `bytes` (not copied: valid only inside `body`).
    func withInput<Result>(_ bytes: [UInt8], _ body: (gpgme_data_t) throws -> Result) throws -> Result {
        try bytes.withUnsafeBufferPointer { buffer in
            var data: gpgme_data_t?
            let status = if let base = buffer.baseAddress, buffer.count > 0 {
                gpgme_data_new_from_mem(&data, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), buffer.count, 0)
            } else {
                gpgme_data_new(&data)
            }
            guard status == 0, let data else {
                throw GPGError(.engine, "gpgme could not read the input: \(GPGME.describe(status))", gpgmeCode: GPGME.code(status).rawValue)
            }
            defer { gpgme_data_release(data) }
            return try body(data)
        }
    }
}
