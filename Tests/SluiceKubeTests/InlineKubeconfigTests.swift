import Foundation
import SluiceCore
import SluiceTestSupport
import Testing
@testable import SluiceKube

/// Kubeconfigs from Secrets (`spec.kubeConfig`): hostile input that may carry only inline credentials.
@Suite("inline kubeconfigs from Secrets")
struct InlineKubeconfigTests {
    static let source = "Secret 'apps/cluster-b' key 'value'"
    static let token = "sekret-token-4711"
    static let ca = Data("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".utf8).base64EncodedString()

    /// A kubeconfig whose current context uses `cluster` and `user` (mappings' bodies, indented six spaces).
    static func kubeconfig(server: String = "https://spoke.example:6443", cluster: String? = nil, user: String? = nil) -> [UInt8] {
        Array("""
            apiVersion: v1
            kind: Config
            current-context: spoke
            clusters:
            - name: spoke
              cluster:
                server: \(server)
            \(cluster ?? "    certificate-authority-data: \(ca)")
            users:
            - name: admin
              user:
            \(user ?? "    token: \(token)")
            contexts:
            - name: spoke
              context:
                cluster: spoke
                user: admin
                namespace: apps
            """.utf8)
    }

    static func refusal(_ bytes: [UInt8], policy: ClientConfiguration.InlineKubeconfigPolicy = .init()) -> String {
        do {
            let configuration = try ClientConfiguration.fromInlineKubeconfig(bytes, source: source, policy: policy)
            return "accepted: \(configuration)"
        } catch {
            return error.description
        }
    }

    @Test("inline CA and token give the context's server, CA, token and namespace")
    func inlineCredentials() throws {
        let configuration = try ClientConfiguration.fromInlineKubeconfig(Self.kubeconfig(), source: Self.source)
        #expect(configuration.server == "https://spoke.example:6443")
        #expect(configuration.certificateAuthorityPEM == Array(Data(base64Encoded: Self.ca)!))
        #expect(configuration.credentials == .bearerToken(Self.token))
        #expect(configuration.namespace == "apps")
        #expect(configuration.source == "kubeconfig \(Self.source)")
        #expect(!"\(configuration)".contains(Self.token))
    }

    @Test("file paths are refused, naming the field, and never read", arguments: [
        ("cluster", "    certificate-authority: /etc/passwd", "cluster \"spoke\": certificate-authority names a file"),
        ("user", "    client-certificate: /etc/passwd\n    client-key-data: \(ca)", "user \"admin\": client-certificate names a file"),
        ("user", "    client-certificate-data: \(ca)\n    client-key: relative/key.pem", "user \"admin\": client-key names a file"),
        ("user", "    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token", "user \"admin\": tokenFile names a file"),
    ])
    func filePathsAreRefused(place: String, body: String, message: String) {
        let bytes = place == "cluster" ? Self.kubeconfig(cluster: body) : Self.kubeconfig(user: body)
        let refusal = Self.refusal(bytes, policy: .init(allowExec: true, allowInsecureTLS: true))
        #expect(refusal.hasPrefix("kubeconfig \(Self.source): \(message)"), "\(refusal)")
        #expect(refusal.contains("may not do"), "\(refusal)")
    }

    @Test("auth-provider is refused; exec and insecure-skip-tls-verify only by the policy")
    func pluginsAndInsecureTLS() throws {
        let authProvider = Self.refusal(Self.kubeconfig(user: "    auth-provider:\n      name: gcp"), policy: .init(allowExec: true))
        #expect(authProvider == "kubeconfig \(Self.source): user \"admin\": auth-provider plugins are not supported; use a token, a client certificate or exec")

        let exec = Self.kubeconfig(user: """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: /usr/local/bin/get-token
                  args: [--cluster, spoke]
                  env:
                  - name: TOKEN_SECRET
                    value: hidden-value
            """)
        #expect(Self.refusal(exec) == "kubeconfig \(Self.source): user \"admin\": exec credential plugins are refused unless the controller runs with --insecure-kubeconfig-exec")
        let allowed = try ClientConfiguration.fromInlineKubeconfig(exec, source: Self.source, policy: .init(allowExec: true))
        #expect(allowed.credentials == .exec(ExecCredentialCommand(command: "/usr/local/bin/get-token", arguments: ["--cluster", "spoke"],
                                                                  environment: ["TOKEN_SECRET": "hidden-value"])))
        #expect(allowed.credentials.description == "bearer token from exec plugin get-token")
        #expect(!"\(allowed)".contains("hidden-value"))
        let noVersion = Self.refusal(Self.kubeconfig(user: "    exec:\n      command: get-token"), policy: .init(allowExec: true))
        #expect(noVersion.contains("user \"admin\": exec: apiVersion must be one of"), "\(noVersion)")

        let insecure = Self.kubeconfig(cluster: "    insecure-skip-tls-verify: true")
        #expect(Self.refusal(insecure) == "kubeconfig \(Self.source): cluster \"spoke\": insecure-skip-tls-verify is refused unless the controller runs with --insecure-kubeconfig-tls")
        #expect(try ClientConfiguration.fromInlineKubeconfig(insecure, source: Self.source, policy: .init(allowInsecureTLS: true)).insecureSkipTLSVerify)
    }

    @Test("hostile shapes are errors naming the Secret, never a value")
    func hostileShapes() {
        #expect(Self.refusal(Self.kubeconfig(server: "file:///etc/passwd")).contains("is not an http(s) URL"))
        #expect(Self.refusal([UInt8](repeating: 0x61, count: ClientConfiguration.inlineKubeconfigMaxBytes + 1))
            == "kubeconfig \(Self.source): is \(ClientConfiguration.inlineKubeconfigMaxBytes + 1) bytes, more than the limit of \(ClientConfiguration.inlineKubeconfigMaxBytes)")
        #expect(Self.refusal([0xFF, 0xFE, 0x61]) == "kubeconfig \(Self.source): is not UTF-8 text")
        #expect(Self.refusal(Array(" \n".utf8)) == "kubeconfig \(Self.source): is empty")
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...6 { bomb += "\(Character(UnicodeScalar(UInt8(97 + level)))): &\(Character(UnicodeScalar(UInt8(97 + level)))) [" + Array(repeating: "*\(Character(UnicodeScalar(UInt8(96 + level))))", count: 10).joined(separator: ", ") + "]\n" }
        #expect(Self.refusal(Array(bomb.utf8)).contains("invalid YAML"))
        #expect(Self.refusal(Array("[\(Self.token)]".utf8)).hasSuffix("expected a mapping at the top level"))
        let noContext = Self.refusal(Array("clusters: []\nusers:\n- name: u\n  user:\n    token: \(Self.token)\n".utf8))
        #expect(noContext.contains("no current-context"), "\(noContext)")
        for text in [noContext, Self.refusal(Self.kubeconfig(server: "ftp://x"))] { #expect(!text.contains(Self.token)) }
    }

    /// A real exec plugin (a shell script printing an `ExecCredential`) authenticates against `sluice cluster serve`;
    /// a failing one is a 401-style error naming the plugin.
    @Test(.enabled(if: ServerAvailable.sluiceClusterServe)) func execPluginAuthenticatesAgainstARealServer() async throws {
        let server = try await EmbeddedServer.start()
        defer { server.stop() }
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plugin = directory.appendingPathComponent("get-token")
        try """
            #!/bin/sh
            test "$CLUSTER" = spoke || exit 3
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$(cat "$1")"
            """.write(to: plugin, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: plugin.path)
        let tokenFile = directory.appendingPathComponent("token")
        try server.cluster.token.write(to: tokenFile, atomically: true, encoding: .utf8)
        let ca = try Data(contentsOf: server.cluster.caCertificate).base64EncodedString()
        func kubeconfig(cluster: String) -> [UInt8] {
            Self.kubeconfig(server: server.cluster.baseURL, cluster: "    certificate-authority-data: \(ca)", user: """
                    exec:
                      apiVersion: client.authentication.k8s.io/v1
                      command: \(plugin.path)
                      args: [\(tokenFile.path)]
                      env: [{name: CLUSTER, value: \(cluster)}]
                """)
        }
        let configuration = try ClientConfiguration.fromInlineKubeconfig(kubeconfig(cluster: "spoke"), source: Self.source, policy: .init(allowExec: true))
        let client = try KubernetesClient(configuration: configuration)
        let namespace = try await client.get(GroupVersionKind(group: "", version: "v1", kind: "Namespace"), namespace: nil, name: "default")
        #expect(namespace?.name == "default")

        let failing = try KubernetesClient(configuration: ClientConfiguration.fromInlineKubeconfig(
            kubeconfig(cluster: "elsewhere"), source: Self.source, policy: .init(allowExec: true)))
        await #expect(throws: KubernetesError.unauthorized("exec plugin get-token exited with status 3")) {
            _ = try await failing.get(GroupVersionKind(group: "", version: "v1", kind: "Namespace"), namespace: nil, name: "default")
        }
    }
}
