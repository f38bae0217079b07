/// Why ``Impersonator`` gave no client.
public enum ImpersonationError: Error, Hashable, CustomStringConvertible {
    /// The account to act as does not exist (yet): `ServiceAccount "apps/dev-team" not found`.
    case serviceAccountNotFound(namespace: String, name: String)
    /// A name that cannot be an account's or a namespace's.
    case invalidName(field: String, value: String)

    public var description: String {
        switch self {
        case .serviceAccountNotFound(let namespace, let name):
            return "ServiceAccount \"\(namespace)/\(name)\" not found"
        case .invalidName(let field, let value):
            return "\(field) \(String(reflecting: String(value.prefix(253)))) is not a valid name (a lowercase RFC 1123 subdomain)"
        }
    }
}
