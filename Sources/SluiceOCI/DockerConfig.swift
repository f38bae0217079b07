import Foundation

/// Credentials from a Docker config JSON (`~/.docker/config.json`, or a `kubernetes.io/dockerconfigjson` Secret's
/// `.dockerconfigjson`): `auths` entries with `auth` (base64 `user:pass`) or `username`/`password`, matched to a
/// registry host as Docker does (the key's scheme and path ignored; Docker Hub's aliases are one host).
public struct DockerConfig: Sendable {
    /// Credentials by normalised host.
    private var entries: [String: OCICredentials] = [:]

    /// Reads a Docker config JSON document.
    ///
    /// - Throws: ``OCIError`` (`.invalidCredentials`) naming `source` and the entry, never a value.
    public init(json: [UInt8], source: String) throws(OCIError) {
        func invalid(_ cause: String) -> OCIError { OCIError(.invalidCredentials, reference: "", "\(source): \(cause)") }
        guard let root = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else {
            throw invalid("not a Docker config JSON object")
        }
        guard let auths = root["auths"] as? [String: Any] else {
            if root["auths"] == nil { return }
            throw invalid("'auths' is not an object")
        }
        for (key, value) in auths {
            guard let entry = value as? [String: Any] else { throw invalid("auths entry '\(key)' is not an object") }
            var credentials: OCICredentials?
            if let auth = entry["auth"] as? String, !auth.isEmpty {
                guard let data = Data(base64Encoded: auth), let text = String(data: data, encoding: .utf8),
                    let parsed = OCICredentials(userColonPassword: text)
                else { throw invalid("auths entry '\(key)': 'auth' is not base64 of user:password") }
                credentials = parsed
            } else if let username = entry["username"] as? String, let password = entry["password"] as? String {
                credentials = OCICredentials(username: username, password: password)
            } else if let token = entry["identitytoken"] as? String, !token.isEmpty {
                credentials = OCICredentials(username: "<token>", password: token)
            }
            if let credentials { entries[Self.normalise(key)] = credentials }
        }
    }

    /// No credentials.
    public init() {}

    /// The credentials for `registry` (`host[:port]`), if any.
    public func credentials(for registry: String) -> OCICredentials? {
        entries[Self.normalise(registry)]
    }

    /// Whether there is no entry at all.
    public var isEmpty: Bool { entries.isEmpty }

    /// A key's host: scheme and path dropped, lowercased, Docker Hub's names folded into `docker.io`.
    static func normalise(_ key: String) -> String {
        var host = Substring(key)
        if let scheme = host.range(of: "://") { host = host[scheme.upperBound...] }
        if let slash = host.firstIndex(of: "/") { host = host[..<slash] }
        let lowered = host.lowercased()
        switch lowered {
        case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com": return "docker.io"
        default: return lowered
        }
    }

    /// The config `DOCKER_CONFIG/config.json` or `~/.docker/config.json` names, or an empty one when the file is absent.
    public static func load(environment: [String: String]) throws(OCIError) -> DockerConfig {
        let directory = environment["DOCKER_CONFIG"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".docker")
        let file = directory.appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: file.path) else { return DockerConfig() }
        return try DockerConfig(json: Array(data), source: file.path)
    }
}
