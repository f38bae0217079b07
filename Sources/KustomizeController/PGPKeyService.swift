import SluiceGPG
import SluiceSOPS

/// SOPS's OpenPGP master keys unwrapped through a ``GPGKeyring`` holding the `*.asc` keys of a decryption Secret, as
/// Flux's key service tries its GnuPG home for every `pgp` entry of a document.
struct PGPKeyService: SOPSKeyService {
    /// The reconcile's keyring (closed by its owner).
    let keyring: GPGKeyring

    /// The data key in a `pgp` entry, or nil when the keyring holds no secret key for it (or the entry is not `pgp`).
    func dataKey(for key: SOPSMasterKey) throws -> [UInt8]? {
        guard case .pgp(_, let encrypted) = key else { return nil }
        do {
            return try keyring.decrypt(Array(encrypted.utf8))
        } catch let error as GPGError where error.kind == .noSecretKey {
            return nil
        }
    }
}
