import Foundation

/// The kubeconfig file the server writes for `kubectl` and Sluice's controllers.
enum Kubeconfig {
    /// The file's YAML for a server at `server` and a bearer `token`.
    ///
    /// client-go only sends credentials over TLS, so the cluster's server URL
    /// carries the token as a path prefix (`/sluice/TOKEN`), which the server
    /// accepts like the bearer token; the user entry keeps the token for other clients.
    static func yaml(server: String, token: String) -> String {
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: sluice
          cluster:
            server: \(server)/sluice/\(token)
        users:
        - name: sluice
          user:
            token: \(token)
        contexts:
        - name: sluice
          context:
            cluster: sluice
            user: sluice
            namespace: default
        current-context: sluice
        preferences: {}

        """
    }

    /// The token in `DIR/token`, created (mode 0600) when missing.
    static func token(directory: String) throws -> String {
        let path = (directory as NSString).appendingPathComponent("token")
        if let existing = try? String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
            !existing.isEmpty
        {
            return existing
        }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        try write(token + "\n", to: path)
        return token
    }

    /// Writes `text` to `path` readable by the owner only.
    static func write(_ text: String, to path: String) throws {
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw APIServerError("cannot write \(temporary)")
        }
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    }
}
