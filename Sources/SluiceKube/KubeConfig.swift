import Foundation
import SluiceCore

/// A parsed kubeconfig file (or several merged as kubectl merges `$KUBECONFIG`).
///
/// Relative file paths (`certificate-authority`, `client-certificate`,
/// `client-key`, `tokenFile`) are resolved against the directory of the file
/// that named them while parsing, so merged configurations keep their meaning.
public struct KubeConfig: Sendable, Equatable {
    /// A `clusters[].cluster` entry.
    public struct Cluster: Sendable, Equatable {
        /// The API server URL.
        public var server: String
        /// A path to the CA bundle (PEM).
        public var certificateAuthority: String?
        /// The CA bundle (PEM bytes, decoded from base64).
        public var certificateAuthorityData: [UInt8]?
        /// Skip verifying the server's certificate.
        public var insecureSkipTLSVerify: Bool
        /// The name to verify the server's certificate against instead of the URL's host.
        public var tlsServerName: String?
        /// The proxy requests should go through (`proxy-url`); Sluice refuses a context that sets it rather than
        /// connecting directly behind the user's back.
        public var proxyURL: String?

        /// A cluster.
        public init(server: String, certificateAuthority: String? = nil, certificateAuthorityData: [UInt8]? = nil,
                    insecureSkipTLSVerify: Bool = false, tlsServerName: String? = nil, proxyURL: String? = nil)
        {
            self.proxyURL = proxyURL
            self.server = server
            self.certificateAuthority = certificateAuthority
            self.certificateAuthorityData = certificateAuthorityData
            self.insecureSkipTLSVerify = insecureSkipTLSVerify
            self.tlsServerName = tlsServerName
        }
    }

    /// A `users[].user` entry.
    public struct User: Sendable, Equatable {
        /// A bearer token.
        public var token: String?
        /// A file holding a bearer token, re-read periodically.
        public var tokenFile: String?
        /// A path to the client certificate (PEM).
        public var clientCertificate: String?
        /// The client certificate (PEM bytes).
        public var clientCertificateData: [UInt8]?
        /// A path to the client key (PEM).
        public var clientKey: String?
        /// The client key (PEM bytes).
        public var clientKeyData: [UInt8]?
        /// Basic-auth user name.
        public var username: String?
        /// Basic-auth password.
        public var password: String?
        /// Whom requests act as (`as`, `as-groups`, `as-uid`, `as-user-extra`), sent as `Impersonate-*` headers.
        public var impersonation: ImpersonatedUser?

        /// A user.
        public init(token: String? = nil, tokenFile: String? = nil, clientCertificate: String? = nil,
                    clientCertificateData: [UInt8]? = nil, clientKey: String? = nil, clientKeyData: [UInt8]? = nil,
                    username: String? = nil, password: String? = nil, impersonation: ImpersonatedUser? = nil)
        {
            self.impersonation = impersonation
            self.token = token
            self.tokenFile = tokenFile
            self.clientCertificate = clientCertificate
            self.clientCertificateData = clientCertificateData
            self.clientKey = clientKey
            self.clientKeyData = clientKeyData
            self.username = username
            self.password = password
        }
    }

    /// A `contexts[].context` entry.
    public struct Context: Sendable, Equatable {
        /// The cluster's name.
        public var cluster: String
        /// The user's name (may be empty: no credentials).
        public var user: String
        /// The default namespace.
        public var namespace: String?

        /// A context.
        public init(cluster: String, user: String, namespace: String? = nil) {
            self.cluster = cluster
            self.user = user
            self.namespace = namespace
        }
    }

    /// Clusters by name.
    public var clusters: [String: Cluster] = [:]
    /// Users by name.
    public var users: [String: User] = [:]
    /// Contexts by name.
    public var contexts: [String: Context] = [:]
    /// The context used when none is given.
    public var currentContext: String?
    /// The files this configuration was read from, first first.
    public var files: [String] = []

    /// An empty configuration.
    public init() {}

    /// Reads and parses the kubeconfig at `path`.
    public static func load(path: String) throws(KubeConfigError) -> KubeConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KubeConfigError(file: path, "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(text, path: path)
    }

    /// Parses kubeconfig YAML read from `path` (used to name the file in errors and resolve relative paths).
    public static func parse(_ text: String, path: String) throws(KubeConfigError) -> KubeConfig {
        let documents: [YAMLReader.Document]
        do {
            documents = try YAMLReader().documents(text, source: path)
        } catch {
            throw KubeConfigError(file: path, "invalid YAML: \(error)")
        }
        return try parse(root: documents.first?.value, path: path)
    }

    /// Reads a kubeconfig from its parsed YAML (the first document), `path` naming it in errors and resolving relative paths.
    static func parse(root: JSONValue?, path: String) throws(KubeConfigError) -> KubeConfig {
        var config = KubeConfig()
        config.files = [path]
        guard let root, !root.isNull else { return config }
        guard root.objectValue != nil else { throw KubeConfigError(file: path, "expected a mapping at the top level") }
        let directory = (path as NSString).deletingLastPathComponent
        func resolve(_ file: String?) -> String? {
            guard let file, !file.isEmpty else { return nil }
            if file.hasPrefix("/") || directory.isEmpty { return file }
            return (directory as NSString).appendingPathComponent(file)
        }
        func string(_ value: JSONValue?, _ entry: String) throws(KubeConfigError) -> String? {
            guard let value, !value.isNull else { return nil }
            switch value {
            case .string(let s): return s
            case .int, .double, .bool: return YAMLScalar.text(value)
            default: throw KubeConfigError(file: path, "\(entry) must be a string, not \(value.typeName)")
            }
        }
        func base64(_ value: JSONValue?, _ entry: String) throws(KubeConfigError) -> [UInt8]? {
            guard let text = try string(value, entry), !text.isEmpty else { return nil }
            let cleaned = text.filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: cleaned) else {
                throw KubeConfigError(file: path, "\(entry) is not valid base64")
            }
            return Array(data)
        }
        func namedEntries(_ key: String, _ inner: String) throws(KubeConfigError) -> [(String, JSONObject)] {
            guard let list = root[key], !list.isNull else { return [] }
            guard let items = list.arrayValue else { throw KubeConfigError(file: path, "\(key) must be a list") }
            var result: [(String, JSONObject)] = []
            for (index, item) in items.enumerated() {
                guard let name = try string(item["name"], "\(key)[\(index)].name"), !name.isEmpty else {
                    throw KubeConfigError(file: path, "\(key)[\(index)] has no name")
                }
                let body = item[inner]
                if let body, !body.isNull, body.objectValue == nil {
                    throw KubeConfigError(file: path, "\(key)[\(index)] (\(name)): \(inner) must be a mapping")
                }
                result.append((name, body?.objectValue ?? JSONObject()))
            }
            return result
        }

        for (name, body) in try namedEntries("clusters", "cluster") {
            let entry = "cluster \"\(name)\""
            guard let server = try string(body["server"], "\(entry): server"), !server.isEmpty else {
                throw KubeConfigError(file: path, "\(entry) has no server")
            }
            let insecure = body["insecure-skip-tls-verify"]
            config.clusters[name] = Cluster(
                server: server,
                certificateAuthority: resolve(try string(body["certificate-authority"], "\(entry): certificate-authority")),
                certificateAuthorityData: try base64(body["certificate-authority-data"], "\(entry): certificate-authority-data"),
                insecureSkipTLSVerify: insecure?.boolValue ?? (insecure?.stringValue == "true"),
                tlsServerName: try string(body["tls-server-name"], "\(entry): tls-server-name"),
                proxyURL: try string(body["proxy-url"], "\(entry): proxy-url").flatMap { $0.isEmpty ? nil : $0 })
        }
        func strings(_ value: JSONValue?, _ entry: String) throws(KubeConfigError) -> [String] {
            guard let value, !value.isNull else { return [] }
            guard let items = value.arrayValue else { throw KubeConfigError(file: path, "\(entry) must be a list of strings") }
            var result: [String] = []
            for (index, item) in items.enumerated() {
                guard let text = try string(item, "\(entry)[\(index)]") else { continue }
                result.append(text)
            }
            return result
        }
        // client-go's `as`, `as-groups`, `as-uid` and `as-user-extra`: groups, uid or extras without a user is an error
        // there too, rather than a request made as the credentials' own user.
        func impersonation(_ body: JSONObject, _ entry: String) throws(KubeConfigError) -> ImpersonatedUser? {
            let user = try string(body["as"], "\(entry): as") ?? ""
            let groups = try strings(body["as-groups"], "\(entry): as-groups")
            let uid = try string(body["as-uid"], "\(entry): as-uid") ?? ""
            var extra: [String: [String]] = [:]
            if let raw = body["as-user-extra"], !raw.isNull {
                guard let map = raw.objectValue else { throw KubeConfigError(file: path, "\(entry): as-user-extra must be a mapping") }
                for (key, values) in map { extra[key] = try strings(values, "\(entry): as-user-extra.\(key)") }
            }
            if user.isEmpty {
                guard groups.isEmpty, uid.isEmpty, extra.isEmpty else {
                    throw KubeConfigError(file: path, "\(entry): as-groups, as-uid or as-user-extra is set without as (the user to impersonate)")
                }
                return nil
            }
            return ImpersonatedUser(user: user, groups: groups, uid: uid.isEmpty ? nil : uid, extra: extra)
        }
        for (name, body) in try namedEntries("users", "user") {
            let entry = "user \"\(name)\""
            config.users[name] = User(
                token: try string(body["token"], "\(entry): token"),
                tokenFile: resolve(try string(body["tokenFile"], "\(entry): tokenFile")),
                clientCertificate: resolve(try string(body["client-certificate"], "\(entry): client-certificate")),
                clientCertificateData: try base64(body["client-certificate-data"], "\(entry): client-certificate-data"),
                clientKey: resolve(try string(body["client-key"], "\(entry): client-key")),
                clientKeyData: try base64(body["client-key-data"], "\(entry): client-key-data"),
                username: try string(body["username"], "\(entry): username"),
                password: try string(body["password"], "\(entry): password"),
                impersonation: try impersonation(body, entry))
        }
        for (name, body) in try namedEntries("contexts", "context") {
            let entry = "context \"\(name)\""
            guard let cluster = try string(body["cluster"], "\(entry): cluster"), !cluster.isEmpty else {
                throw KubeConfigError(file: path, "\(entry) has no cluster")
            }
            config.contexts[name] = Context(
                cluster: cluster,
                user: try string(body["user"], "\(entry): user") ?? "",
                namespace: try string(body["namespace"], "\(entry): namespace"))
        }
        if let current = try string(root["current-context"], "current-context"), !current.isEmpty {
            config.currentContext = current
        }
        return config
    }

    /// Merges configurations as kubectl merges `$KUBECONFIG`: the first file to define a name wins, and so does the first `current-context`.
    public static func merged(_ configs: [KubeConfig]) -> KubeConfig {
        var result = KubeConfig()
        for config in configs {
            result.clusters.merge(config.clusters) { first, _ in first }
            result.users.merge(config.users) { first, _ in first }
            result.contexts.merge(config.contexts) { first, _ in first }
            if result.currentContext == nil { result.currentContext = config.currentContext }
            result.files += config.files
        }
        return result
    }
}
