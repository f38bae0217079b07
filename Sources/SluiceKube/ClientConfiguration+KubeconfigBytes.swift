import Foundation
import SluiceCore

extension ClientConfiguration {
    /// What a kubeconfig that came from outside the process (a Secret's value) may ask for beyond inline credentials.
    public struct InlineKubeconfigPolicy: Sendable, Hashable {
        /// Allow `users[].user.exec` credential plugins (`--insecure-kubeconfig-exec`): the kubeconfig names a program
        /// the controller runs.
        public var allowExec: Bool
        /// Allow `insecure-skip-tls-verify: true` (`--insecure-kubeconfig-tls`).
        public var allowInsecureTLS: Bool

        /// A policy; both off, as Flux's defaults.
        public init(allowExec: Bool = false, allowInsecureTLS: Bool = false) {
            self.allowExec = allowExec
            self.allowInsecureTLS = allowInsecureTLS
        }
    }

    /// The largest inline kubeconfig read, in bytes (a Secret holds at most 1 MiB).
    public static let inlineKubeconfigMaxBytes = 1 << 20

    /// The configuration of the current context of a kubeconfig held in memory (Flux's `spec.kubeConfig` Secrets).
    ///
    /// The kubeconfig is hostile input: its size and YAML are bounded, and it may only carry inline credentials. A
    /// file path (`certificate-authority`, `client-certificate`, `client-key`, `tokenFile`) would make the process
    /// read its own files, so it is refused, as is `auth-provider`; `exec` and `insecure-skip-tls-verify` only under
    /// `policy`. Errors name `source` and the entry, never a value.
    ///
    /// - Parameters:
    ///   - bytes: The kubeconfig's YAML.
    ///   - source: What it is, for errors and ``source`` (`Secret 'ns/name' key 'value'`).
    ///   - policy: What beyond inline credentials is allowed.
    public static func fromInlineKubeconfig(_ bytes: [UInt8], source: String,
                                            policy: InlineKubeconfigPolicy = .init()) throws(KubeConfigError) -> ClientConfiguration
    {
        guard bytes.count <= inlineKubeconfigMaxBytes else {
            throw KubeConfigError(file: source, "is \(bytes.count) bytes, more than the limit of \(inlineKubeconfigMaxBytes)")
        }
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            throw KubeConfigError(file: source, "is empty")
        }
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw KubeConfigError(file: source, "is not UTF-8 text")
        }
        let root: JSONValue?
        do {
            // A kubeconfig is small: far lower limits than a manifest stream's.
            root = try YAMLReader(maxNodes: 100_000, maxDepth: 64).documents(text, source: source).first?.value
        } catch {
            throw KubeConfigError(file: source, "invalid YAML: \(error)")
        }
        let config = try KubeConfig.parse(root: root, path: source)
        guard let contextName = config.currentContext, let context = config.contexts[contextName] else {
            // Let the ordinary lookup explain what is missing.
            return try fromKubeConfig(config)
        }
        if let cluster = config.clusters[context.cluster] {
            let entry = "cluster \"\(context.cluster)\""
            if cluster.certificateAuthority != nil {
                throw KubeConfigError(file: source, "\(entry): certificate-authority names a file, which a kubeconfig from a Secret may not do; use certificate-authority-data")
            }
            if cluster.insecureSkipTLSVerify, !policy.allowInsecureTLS {
                throw KubeConfigError(file: source, "\(entry): insecure-skip-tls-verify is refused unless the controller runs with --insecure-kubeconfig-tls")
            }
        }
        if !context.user.isEmpty, let user = config.users[context.user] {
            let entry = "user \"\(context.user)\""
            for (field, path, inline) in [("client-certificate", user.clientCertificate, "client-certificate-data"),
                                          ("client-key", user.clientKey, "client-key-data"), ("tokenFile", user.tokenFile, "token")]
                where path != nil
            {
                throw KubeConfigError(file: source, "\(entry): \(field) names a file, which a kubeconfig from a Secret may not do; use \(inline)")
            }
            let raw = rawUser(named: context.user, in: root)
            if let provider = raw?["auth-provider"], !provider.isNull {
                throw KubeConfigError(file: source, "\(entry): auth-provider plugins are not supported; use a token, a client certificate or exec")
            }
            if let exec = raw?["exec"], !exec.isNull {
                guard policy.allowExec else {
                    throw KubeConfigError(file: source, "\(entry): exec credential plugins are refused unless the controller runs with --insecure-kubeconfig-exec")
                }
                var configuration = try fromKubeConfig(config)
                configuration.credentials = .exec(try ExecCredentialCommand(exec, entry: entry, source: source))
                configuration.source = "kubeconfig \(source)"
                return configuration
            }
        }
        var configuration = try fromKubeConfig(config)
        configuration.source = "kubeconfig \(source)"
        return configuration
    }

    /// The raw `user` mapping of the last `users[]` entry named `name` (the one ``KubeConfig`` keeps).
    private static func rawUser(named name: String, in root: JSONValue?) -> JSONValue? {
        guard let users = root?["users"]?.arrayValue else { return nil }
        return users.last { $0["name"]?.stringValue == name }?["user"]
    }
}
