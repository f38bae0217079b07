import Foundation

/// Produces the `Authorization` header, re-reading a token file at most once a minute as client-go does.
///
/// Never logs or describes the secret it holds.
actor CredentialProvider {
    private let credentials: Credentials
    private let refreshInterval: Duration
    private var cached: (token: String, read: ContinuousClock.Instant)?
    /// An exec plugin's token and until when it is good (`nil`: until the server refuses it).
    private var execToken: ExecCredentialCommand.Token?
    /// The plugin's run in progress.
    private var execRun: Task<ExecCredentialCommand.Token, any Error>?

    init(_ credentials: Credentials, refreshInterval: Duration = .seconds(60)) {
        self.credentials = credentials
        self.refreshInterval = refreshInterval
    }

    /// The header value, or `nil` when the client sends no credentials.
    func authorization() async throws -> String? {
        switch credentials {
        case .exec(let command):
            // A token within a minute of its expiry is renewed, as client-go does.
            if let token = execToken, token.expires.map({ $0.timeIntervalSinceNow > 60 }) ?? true { return "Bearer \(token.token)" }
            // One run at a time: requests arriving meanwhile wait for it rather than starting the plugin again.
            let run: Task<ExecCredentialCommand.Token, any Error>
            if let running = execRun {
                run = running
            } else {
                run = Task { try await command.run() }
                execRun = run
            }
            do {
                let token = try await run.value
                if execRun == run { execRun = nil }
                execToken = token
                return "Bearer \(token.token)"
            } catch {
                if execRun == run { execRun = nil }
                throw error
            }
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
    func invalidate() {
        cached = nil
        execToken = nil
    }
}
