/// How the client proves who it is (besides a client certificate, which is part of TLS).
public enum Credentials: Sendable, Equatable {
    /// No `Authorization` header.
    case none
    /// A fixed bearer token.
    case bearerToken(String)
    /// A bearer token read from a file and re-read periodically (service-account tokens rotate).
    case bearerTokenFile(String)
    /// HTTP basic authentication.
    case basic(username: String, password: String)
    /// A bearer token printed by a kubeconfig's exec credential plugin, run again when it expires or is refused.
    case exec(ExecCredentialCommand)
}

extension Credentials {
    /// Whether asking again may give a different token (a token file, an exec plugin): a `401` is retried once.
    var isRenewable: Bool {
        switch self {
        case .bearerTokenFile, .exec: return true
        case .none, .bearerToken, .basic: return false
        }
    }
}

extension Credentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A description that never shows a secret.
    public var description: String {
        switch self {
        case .none: return "none"
        case .bearerToken: return "bearer token"
        case .bearerTokenFile(let path): return "bearer token from \(path)"
        case .basic(let username, _): return "basic auth as \(username)"
        case .exec(let command): return "bearer token from \(command)"
        }
    }

    /// The same redacted description, so `dump` and `debugPrint` show no secret either.
    public var debugDescription: String { description }

    /// No children, so `dump` shows no secret.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .enum) }
}
