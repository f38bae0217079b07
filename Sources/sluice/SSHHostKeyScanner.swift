import Foundation

/// Collects an SSH server's host key for a Git Secret's `known_hosts`, as Flux's `ScanHostKey` does, through
/// OpenSSH's `ssh-keyscan`.
enum SSHHostKeyScanner {
    /// Host key types in the order Go's SSH client prefers them; the first the server offers is kept, as Flux keeps
    /// the one its handshake negotiated.
    static let preference = ["ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa", "ssh-ed25519"]

    /// The `known_hosts` line of `host` (`host` or `host:port`, from the Git URL), such as `[127.0.0.1]:2222 ssh-ed25519 AAAA…`.
    ///
    /// - Throws: ``CLIError`` naming the host when it cannot be reached or offers no key within 30 seconds.
    static func scan(_ hostAndPort: String) async throws -> String {
        let (host, port) = split(hostAndPort)
        guard !host.isEmpty, !host.hasPrefix("-"), host.allSatisfy({ $0.isLetter || $0.isNumber || ".-_:".contains($0) }) else {
            throw CLIError("SSH key scan for host \(hostAndPort) failed, error: invalid host name")
        }
        let result = try await ExternalTool.run("ssh-keyscan", ["-T", "30", "-p", String(port), "-t", "ecdsa,rsa,ed25519", host])
        let lines = result.stdout.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
        let keys = lines.compactMap { line -> (type: String, line: String)? in
            let fields = line.split(separator: " ")
            return fields.count >= 3 ? (String(fields[1]), line) : nil
        }
        guard let best = keys.min(by: { rank($0.type) < rank($1.type) }) else {
            throw CLIError("SSH key scan for host \(host):\(port) failed, error: no host key received",
                           hint: "check that the SSH server in the URL is reachable from here")
        }
        return best.line
    }

    private static func rank(_ type: String) -> Int { preference.firstIndex(of: type) ?? preference.count }

    /// `host[:port]` or `[v6]:port`, with 22 when no port is given.
    static func split(_ text: String) -> (host: String, port: Int) {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            return (host, rest.hasPrefix(":") ? Int(rest.dropFirst()) ?? 22 : 22)
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2, let port = Int(parts[1]) { return (String(parts[0]), port) }
        return (text, 22)
    }
}
