import CGPGME

/// gpgme's process-wide state: initialized once (`gpgme_check_version` must run before any context is made) and the
/// engines it found.
enum GPGME {
    /// The path of GnuPG's `gpgconf` (to stop a home's agent), or why gpgme or its OpenPGP engine cannot be used.
    /// Evaluated once, thread-safely (a static `let`), before the first context.
    static let gpgconfPath: Result<String, GPGError> = {
        guard gpgme_check_version(nil) != nil else {
            return .failure(GPGError(.engine, "gpgme could not be initialized"))
        }
        let check = gpgme_engine_check_version(GPGME_PROTOCOL_OpenPGP)
        guard check == 0 else {
            return .failure(GPGError(.engine, "GnuPG's gpg is not usable through gpgme: \(describe(check))", gpgmeCode: gpgme_err_code(check).rawValue))
        }
        var info: gpgme_engine_info_t?
        let status = gpgme_get_engine_info(&info)
        guard status == 0 else {
            return .failure(GPGError(.engine, "gpgme lists no engines: \(describe(status))", gpgmeCode: gpgme_err_code(status).rawValue))
        }
        while let engine = info {
            if engine.pointee.protocol == GPGME_PROTOCOL_GPGCONF, let file = engine.pointee.file_name {
                return .success(String(cString: file))
            }
            info = engine.pointee.next
        }
        return .failure(GPGError(.engine, "GnuPG's gpgconf was not found (needed to stop a keyring's gpg-agent)"))
    }()

    /// gpgme's text for an error (`gpgme_strerror`), e.g. "No secret key".
    static func describe(_ error: gpgme_error_t) -> String {
        guard let text = gpgme_strerror(error) else { return "gpgme error \(error)" }
        return String(cString: text)
    }

    /// The error code part of a gpgme error value.
    static func code(_ error: gpgme_error_t) -> gpgme_err_code_t {
        gpgme_err_code(error)
    }
}
