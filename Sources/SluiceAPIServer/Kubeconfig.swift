import Foundation

/// The kubeconfig file the server writes for `kubectl` and Sluice's controllers.
enum Kubeconfig {
    /// The file's YAML for a server at `server` (an `https://host:port` URL, no credentials in it), whose
    /// certificate is signed by the CA `caPEM`, and a bearer `token`, which appears in the user entry only.
    static func yaml(server: String, caPEM: String, token: String) -> String {
        yaml(server: server, caPEM: caPEM, user: "sluice", credentials: [("token", token)])
    }

    /// The file's YAML for `server` and the CA `caPEM`, with the user entry `user` holding `credentials` (key and
    /// value, in order: `token`, or `client-certificate-data` and `client-key-data`).
    static func yaml(server: String, caPEM: String, user: String, credentials: [(key: String, value: String)]) -> String {
        // Quoted (YAML double quotes), so that no user name reads as a number, a boolean or YAML syntax; the
        // callers refuse newlines.
        let name = "\"" + user.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        return """
            apiVersion: v1
            kind: Config
            clusters:
            - name: sluice
              cluster:
                server: \(server)
                certificate-authority-data: \(Data(caPEM.utf8).base64EncodedString())
            users:
            - name: \(name)
              user:
            \(credentials.map { "    \($0.key): \($0.value)\n" }.joined())contexts:
            - name: sluice
              context:
                cluster: sluice
                user: \(name)
                namespace: default
            current-context: sluice
            preferences: {}

            """
    }

    /// The URL clients reach a server listening on `host:port` at: a wildcard host is reached on loopback,
    /// and an IPv6 literal is bracketed.
    static func serverURL(host: String, port: Int) -> String {
        var host = host
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        switch host {
        case "", "0.0.0.0", "*": host = "127.0.0.1"
        case "::": host = "::1"
        default: break
        }
        return "https://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }

    /// The token in `DIR/token`, created (`0600`) when missing; an existing file is tightened to `0600`.
    static func token(in directory: DataDirectory) throws -> String {
        try directory.restrict("token")
        if let existing = try? String(contentsOfFile: directory.file("token"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines),
            !existing.isEmpty
        {
            return existing
        }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        try directory.write(token + "\n", to: "token")
        return token
    }
}
