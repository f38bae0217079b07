import Foundation
import SluiceCore

/// Everything the client needs to reach one API server: where, how to trust it, who we are, and how fast to go.
public struct ClientConfiguration: Sendable {
    /// The API server URL (`https://…`, or `http://…` for a server without TLS); shown in messages only as ``displayServer``.
    public var server: String
    /// The CA bundle to trust (PEM); `nil` uses the system roots.
    public var certificateAuthorityPEM: [UInt8]?
    /// The client certificate chain (PEM).
    public var clientCertificatePEM: [UInt8]?
    /// The client private key (PEM).
    public var clientKeyPEM: [UInt8]?
    /// Skip verifying the server's certificate.
    public var insecureSkipTLSVerify: Bool
    /// The name the server's certificate is issued for, when it differs from the URL's host.
    public var tlsServerName: String?
    /// How requests are authorised.
    public var credentials: Credentials
    /// Whom every request impersonates (the kubeconfig user's `as`…), if anyone.
    public var impersonation: ImpersonatedUser?
    /// The namespace of the context (or of the service account), `default` when none is set.
    public var namespace: String
    /// Sustained requests per second (token-bucket refill); `0` or less disables the limit.
    public var qps: Double
    /// Burst size of the token bucket.
    public var burst: Int
    /// The `User-Agent` header.
    public var userAgent: String
    /// Where this configuration came from, for messages (`kubeconfig /path, context x` or `in-cluster`).
    public var source: String

    /// A configuration for `server` with Flux's default rate limits (50 QPS, burst 300).
    public init(server: String, certificateAuthorityPEM: [UInt8]? = nil, clientCertificatePEM: [UInt8]? = nil,
                clientKeyPEM: [UInt8]? = nil, insecureSkipTLSVerify: Bool = false, tlsServerName: String? = nil,
                credentials: Credentials = .none, namespace: String = "default", qps: Double = 50, burst: Int = 300,
                userAgent: String = "sluice/\(SluiceVersion.current)", source: String = "explicit")
    {
        self.server = server
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName
        self.credentials = credentials
        self.namespace = namespace
        self.qps = qps
        self.burst = burst
        self.userAgent = userAgent
        self.source = source
    }

    /// The files and directories configuration is looked up in; injectable for tests.
    public struct Environment: Sendable {
        /// Environment variables (`KUBECONFIG`, `KUBERNETES_SERVICE_HOST`, `KUBERNETES_SERVICE_PORT`, `HOME`).
        public var variables: [String: String]
        /// The root under which `/var/run/secrets/kubernetes.io/serviceaccount` is found.
        public var inClusterRoot: String
        /// The home directory holding `.kube/config`; `nil` uses `HOME`.
        public var homeDirectory: String?

        /// The process's environment.
        public static var process: Environment {
            Environment(variables: ProcessInfo.processInfo.environment, inClusterRoot: "/", homeDirectory: nil)
        }

        /// An environment.
        public init(variables: [String: String], inClusterRoot: String = "/", homeDirectory: String? = nil) {
            self.variables = variables
            self.inClusterRoot = inClusterRoot
            self.homeDirectory = homeDirectory
        }
    }

    /// Finds the configuration as kubectl and controller-runtime do.
    ///
    /// Precedence: an explicit `--kubeconfig` path; then `$KUBECONFIG` (its
    /// colon-separated files merged, missing ones skipped); then the in-cluster
    /// service account; then `~/.kube/config`.
    ///
    /// - Parameters:
    ///   - kubeconfig: The `--kubeconfig` path, when given.
    ///   - context: The `--context` override, when given.
    ///   - environment: Where to look.
    public static func load(kubeconfig: String? = nil, context: String? = nil,
                            environment: Environment = .process) throws(KubeConfigError) -> ClientConfiguration
    {
        if let kubeconfig, !kubeconfig.isEmpty {
            return try fromKubeConfig(KubeConfig.load(path: kubeconfig), context: context)
        }
        if let list = environment.variables["KUBECONFIG"], !list.isEmpty {
            let paths = list.split(separator: ":").map(String.init).filter { !$0.isEmpty }
            let existing = paths.filter { FileManager.default.fileExists(atPath: $0) }
            guard !existing.isEmpty else {
                throw KubeConfigError(file: nil, "none of the files in KUBECONFIG exist: \(list)")
            }
            var configs: [KubeConfig] = []
            for path in existing { configs.append(try KubeConfig.load(path: path)) }
            return try fromKubeConfig(KubeConfig.merged(configs), context: context)
        }
        if environment.variables["KUBERNETES_SERVICE_HOST"] != nil,
           FileManager.default.fileExists(atPath: serviceAccountDirectory(root: environment.inClusterRoot) + "/token")
        {
            return try inCluster(environment: environment)
        }
        let home = environment.homeDirectory ?? environment.variables["HOME"] ?? NSHomeDirectory()
        let defaultPath = (home as NSString).appendingPathComponent(".kube/config")
        if FileManager.default.fileExists(atPath: defaultPath) {
            return try fromKubeConfig(KubeConfig.load(path: defaultPath), context: context)
        }
        throw KubeConfigError(file: nil, "no configuration: pass --kubeconfig, set KUBECONFIG, run in a cluster, or create \(defaultPath)")
    }

    /// The configuration of a kubeconfig's context (`context`, or its `current-context`).
    public static func fromKubeConfig(_ config: KubeConfig, context: String? = nil) throws(KubeConfigError) -> ClientConfiguration {
        let file = config.files.joined(separator: ":")
        guard let contextName = context ?? config.currentContext else {
            throw KubeConfigError(file: file, "no current-context is set and no --context was given")
        }
        guard let entry = config.contexts[contextName] else {
            throw KubeConfigError(file: file, "context \"\(contextName)\" not found")
        }
        guard let cluster = config.clusters[entry.cluster] else {
            throw KubeConfigError(file: file, "cluster \"\(entry.cluster)\" (of context \"\(contextName)\") not found")
        }
        var user = KubeConfig.User()
        if !entry.user.isEmpty {
            guard let found = config.users[entry.user] else {
                throw KubeConfigError(file: file, "user \"\(entry.user)\" (of context \"\(contextName)\") not found")
            }
            user = found
        }
        func read(_ path: String, _ what: String) throws(KubeConfigError) -> [UInt8] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw KubeConfigError(file: file, "\(what) file \(path) cannot be read")
            }
            return Array(data)
        }
        guard URL(string: cluster.server)?.scheme.map({ ["http", "https"].contains($0) }) == true else {
            throw KubeConfigError(file: file, "cluster \"\(entry.cluster)\": server \"\(Self.displayServer(cluster.server))\" is not an http(s) URL")
        }
        var ca = cluster.certificateAuthorityData
        if ca == nil, let path = cluster.certificateAuthority {
            ca = try read(path, "cluster \"\(entry.cluster)\": certificate-authority")
        }
        var cert = user.clientCertificateData
        if cert == nil, let path = user.clientCertificate {
            cert = try read(path, "user \"\(entry.user)\": client-certificate")
        }
        var key = user.clientKeyData
        if key == nil, let path = user.clientKey {
            key = try read(path, "user \"\(entry.user)\": client-key")
        }
        if (cert == nil) != (key == nil) {
            throw KubeConfigError(file: file, "user \"\(entry.user)\": client-certificate and client-key must be given together")
        }
        if cluster.proxyURL != nil {
            throw KubeConfigError(file: file, "cluster \"\(entry.cluster)\": proxy-url is not supported; Sluice connects to the server directly and will not ignore a proxy the kubeconfig asks for")
        }
        let credentials: Credentials
        if let tokenFile = user.tokenFile {
            credentials = .bearerTokenFile(tokenFile)
        } else if let token = user.token, !token.isEmpty {
            credentials = .bearerToken(token)
        } else if let username = user.username, !username.isEmpty {
            credentials = .basic(username: username, password: user.password ?? "")
        } else {
            credentials = .none
        }
        var configuration = ClientConfiguration(
            server: cluster.server, certificateAuthorityPEM: ca, clientCertificatePEM: cert, clientKeyPEM: key,
            insecureSkipTLSVerify: cluster.insecureSkipTLSVerify, tlsServerName: cluster.tlsServerName,
            credentials: credentials, namespace: entry.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default",
            source: "kubeconfig \(file), context \(contextName)")
        configuration.impersonation = user.impersonation
        return configuration
    }

    /// The in-cluster configuration: the service account's token, CA and namespace, and `KUBERNETES_SERVICE_HOST:PORT`.
    public static func inCluster(environment: Environment = .process) throws(KubeConfigError) -> ClientConfiguration {
        let directory = serviceAccountDirectory(root: environment.inClusterRoot)
        guard let host = environment.variables["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
              let port = environment.variables["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw KubeConfigError(file: nil, "in-cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set")
        }
        let tokenPath = directory + "/token"
        guard FileManager.default.isReadableFile(atPath: tokenPath) else {
            throw KubeConfigError(file: tokenPath, "in-cluster: the service-account token cannot be read")
        }
        let caPath = directory + "/ca.crt"
        guard let ca = FileManager.default.contents(atPath: caPath) else {
            throw KubeConfigError(file: caPath, "in-cluster: the service-account CA cannot be read")
        }
        let namespace = (try? String(contentsOfFile: directory + "/namespace", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return ClientConfiguration(
            server: "https://\(hostPart):\(port)", certificateAuthorityPEM: Array(ca),
            credentials: .bearerTokenFile(tokenPath),
            namespace: namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default", source: "in-cluster")
    }

    static func serviceAccountDirectory(root: String) -> String {
        (root as NSString).appendingPathComponent("var/run/secrets/kubernetes.io/serviceaccount")
    }
}
