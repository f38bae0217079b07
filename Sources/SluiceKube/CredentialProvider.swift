import Foundation

/// Produces the `Authorization` header, re-reading a token file at most once a minute as client-go does.
///
/// Never logs or describes the secret it holds.
actor CredentialProvider {
    private let credentials: Credentials
    private let refreshInterval: Duration
    private var cached: (token: String, read: ContinuousClock.Instant)?

    init(_ credentials: Credentials, refreshInterval: Duration = .seconds(60)) {
        self.credentials = credentials
        self.refreshInterval = refreshInterval
    }

    /// The header value, or `nil` when the client sends no credentials.
    func authorization() throws -> String? {
        switch credentials {
        case .none:
            return nil
        case .bearerToken(let token):
            return "Bearer \(token)"
        case .basic(let username, let password):
            return "Basic \(Data("\(username):\(password)".utf8).base64EncodedString())"
        case .bearerTokenFile(let path):
            let now = ContinuousClock.now
            if let cached, now - cached.read < refreshInterval { return "Bearer \(cached.token)" }
            do {
                let token = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                cached = (token, now)
                return "Bearer \(token)"
            } catch {
                // Keep using the last token we read if the file is briefly missing during rotation.
                if let cached { return "Bearer \(cached.token)" }
                throw KubernetesError.unauthorized("cannot read the token file \(path)")
            }
        }
    }

    /// Forgets the cached token so the next request re-reads the file (after a 401).
    func invalidate() { cached = nil }
}
