/// One master key entry of a document's `sops` metadata: the data key wrapped for one recipient.
public enum SOPSMasterKey: Sendable, Hashable {
    /// An age X25519 recipient (`age1…`) and the armored age file holding the data key.
    case age(recipient: String, encrypted: String)
    /// An OpenPGP key (its fingerprint) and the armored OpenPGP message holding the data key.
    case pgp(fingerprint: String, encrypted: String)
    /// A key Sluice does not unwrap (kms, gcp_kms, azure_kv, hc_vault): `kind` is SOPS's metadata key, `identifier` the
    /// key's public name (ARN, resource ID, vault address and path).
    case other(kind: String, identifier: String)

    /// The public name of this key, for messages (never key material).
    public var publicIdentifier: String {
        switch self {
        case .age(let recipient, _): return "age recipient \(recipient)"
        case .pgp(let fingerprint, _): return "pgp key \(fingerprint)"
        case .other(let kind, let identifier): return "\(kind) key \(identifier)"
        }
    }
}
