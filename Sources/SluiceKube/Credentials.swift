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
}

extension Credentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A description that never shows a secret.
    public var description: String {
        switch self {
        case .none: return "none"
        case .bearerToken: return "bearer token"
        case .bearerTokenFile(let path): return "bearer token from \(path)"
        case .basic(let username, _): return "basic auth as \(username)"
        }
    }

    /// The same redacted description, so `dump` and `debugPrint` show no secret either.
    public var debugDescription: String { description }

    /// No children, so `dump` shows no secret.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .enum) }
}
