import Foundation
import SluiceCore
import Testing
@testable import SluiceKube

@Suite("kubeconfig parsing, contexts and precedence")
struct KubeConfigTests {
    static let sample = """
        apiVersion: v1
        kind: Config
        current-context: dev
        clusters:
        - name: dev-cluster
          cluster:
            server: https://dev.example:6443
            certificate-authority: certs/ca.pem
            tls-server-name: api.dev.example
        - name: prod-cluster
          cluster:
            server: https://prod.example
            certificate-authority-data: \(Data("PEM-CA".utf8).base64EncodedString())
            insecure-skip-tls-verify: true
        users:
        - name: dev-user
          user:
            tokenFile: token
            client-certificate: /abs/client.crt
            client-key: keys/client.key
        - name: prod-user
          user:
            token: 12345
        - name: basic-user
          user:
            username: alice
            password: s3cret
        contexts:
        - name: dev
          context:
            cluster: dev-cluster
            user: dev-user
            namespace: team-a
        - name: prod
          context:
            cluster: prod-cluster
            user: prod-user
        - name: basic
          context:
            cluster: prod-cluster
            user: basic-user
        """

    @Test func parsesEntriesAndResolvesRelativePathsAgainstTheFile() throws {
        let config = try KubeConfig.parse(Self.sample, path: "/home/me/.kube/config")
        #expect(config.currentContext == "dev")
        let dev = try #require(config.clusters["dev-cluster"])
        #expect(dev.server == "https://dev.example:6443")
        #expect(dev.certificateAuthority == "/home/me/.kube/certs/ca.pem")
        #expect(dev.tlsServerName == "api.dev.example")
        let prod = try #require(config.clusters["prod-cluster"])
        #expect(prod.certificateAuthorityData == Array("PEM-CA".utf8))
        #expect(prod.insecureSkipTLSVerify)
        let user = try #require(config.users["dev-user"])
        #expect(user.tokenFile == "/home/me/.kube/token")
        #expect(user.clientCertificate == "/abs/client.crt")
        #expect(user.clientKey == "/home/me/.kube/keys/client.key")
        // A token YAML reads as a number is still a token.
        #expect(config.users["prod-user"]?.token == "12345")
        #expect(config.contexts["dev"] == KubeConfig.Context(cluster: "dev-cluster", user: "dev-user", namespace: "team-a"))
    }

    @Test func contextOverrideAndCredentials() throws {
        let config = try KubeConfig.parse(Self.sample, path: "/k/config")
        let prod = try ClientConfiguration.fromKubeConfig(config, context: "prod")
        #expect(prod.server == "https://prod.example")
        #expect(prod.credentials == .bearerToken("12345"))
        #expect(prod.insecureSkipTLSVerify)
        #expect(prod.namespace == "default")
        #expect(prod.certificateAuthorityPEM == Array("PEM-CA".utf8))
        let basic = try ClientConfiguration.fromKubeConfig(config, context: "basic")
        #expect(basic.credentials == .basic(username: "alice", password: "s3cret"))
        #expect(!basic.credentials.description.contains("s3cret"))
    }

    @Test func errorsNameTheFileAndTheEntry() throws {
        let config = try KubeConfig.parse(Self.sample, path: "/k/config")
        #expect(throws: KubeConfigError(file: "/k/config", "context \"nope\" not found")) {
            try ClientConfiguration.fromKubeConfig(config, context: "nope")
        }
        // The dev context's CA file does not exist.
        let error = #expect(throws: KubeConfigError.self) { try ClientConfiguration.fromKubeConfig(config) }
        #expect(error?.description.contains("kubeconfig /k/config") == true)
        #expect(error?.description.contains("cluster \"dev-cluster\": certificate-authority") == true)

        let missingCluster = """
            current-context: x
            contexts:
            - name: x
              context: {cluster: gone, user: ""}
            """
        #expect(throws: KubeConfigError(file: "/m", "cluster \"gone\" (of context \"x\") not found")) {
            try ClientConfiguration.fromKubeConfig(KubeConfig.parse(missingCluster, path: "/m"))
        }
        #expect(throws: KubeConfigError(file: "/b", "cluster \"c\" has no server")) {
            try KubeConfig.parse("clusters:\n- name: c\n  cluster: {}\n", path: "/b")
        }
        #expect(throws: KubeConfigError(file: "/d", "cluster \"c\": certificate-authority-data is not valid base64")) {
            try KubeConfig.parse("clusters:\n- name: c\n  cluster: {server: 'https://x', certificate-authority-data: '!!!'}\n", path: "/d")
        }
        #expect(throws: KubeConfigError(file: "/n", "no current-context is set and no --context was given")) {
            try ClientConfiguration.fromKubeConfig(KubeConfig.parse("clusters: []\n", path: "/n"))
        }
    }

    @Test func readsFilesRelativeToTheKubeconfig() throws {
        let dir = try Fixtures.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("certs"), withIntermediateDirectories: true)
        try Data("CA-BYTES".utf8).write(to: dir.appendingPathComponent("certs/ca.pem"))
        try Data("tok\n".utf8).write(to: dir.appendingPathComponent("token"))
        let text = """
            current-context: c
            clusters: [{name: k, cluster: {server: "https://k:6443", certificate-authority: certs/ca.pem}}]
            users: [{name: u, user: {tokenFile: token}}]
            contexts: [{name: c, context: {cluster: k, user: u, namespace: ns1}}]
            """
        let path = dir.appendingPathComponent("config").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let configuration = try ClientConfiguration.load(kubeconfig: path, environment: .init(variables: [:]))
        #expect(configuration.certificateAuthorityPEM == Array("CA-BYTES".utf8))
        #expect(configuration.credentials == .bearerTokenFile(dir.appendingPathComponent("token").path))
        #expect(configuration.namespace == "ns1")
        #expect(configuration.source.contains(path))
    }

    static func write(_ text: String, to dir: URL, _ name: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    static func simpleConfig(server: String, context: String = "c", namespace: String = "default") -> String {
        """
        current-context: \(context)
        clusters: [{name: k-\(context), cluster: {server: "\(server)"}}]
        contexts: [{name: \(context), context: {cluster: k-\(context), user: "", namespace: \(namespace)}}]
        """
    }

    /// Writes an in-cluster service-account directory under `root`.
    static func writeServiceAccount(root: URL, namespace: String = "flux-system") throws {
        let dir = root.appendingPathComponent("var/run/secrets/kubernetes.io/serviceaccount")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("sa-token".utf8).write(to: dir.appendingPathComponent("token"))
        try Data("SA-CA".utf8).write(to: dir.appendingPathComponent("ca.crt"))
        try Data("\(namespace)\n".utf8).write(to: dir.appendingPathComponent("namespace"))
    }

    @Test func precedenceExplicitThenKUBECONFIGThenInClusterThenHome() throws {
        let dir = try Fixtures.temporaryDirectory()
        let explicit = try Self.write(Self.simpleConfig(server: "https://explicit"), to: dir, "explicit")
        let fromEnv = try Self.write(Self.simpleConfig(server: "https://env"), to: dir, "env")
        let home = dir.appendingPathComponent("home")
        _ = try Self.write(Self.simpleConfig(server: "https://home"), to: home, ".kube/config")
        let root = dir.appendingPathComponent("root")
        try Self.writeServiceAccount(root: root)
        let inCluster = ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"]

        func load(_ explicitPath: String?, _ variables: [String: String]) throws -> ClientConfiguration {
            try ClientConfiguration.load(kubeconfig: explicitPath,
                                         environment: .init(variables: variables, inClusterRoot: root.path, homeDirectory: home.path))
        }
        var all = inCluster
        all["KUBECONFIG"] = fromEnv
        #expect(try load(explicit, all).server == "https://explicit")
        #expect(try load(nil, all).server == "https://env")
        let cluster = try load(nil, inCluster)
        #expect(cluster.server == "https://10.0.0.1:443")
        #expect(cluster.source == "in-cluster")
        #expect(cluster.namespace == "flux-system")
        #expect(cluster.certificateAuthorityPEM == Array("SA-CA".utf8))
        #expect(try load(nil, [:]).server == "https://home")

        let empty = try Fixtures.temporaryDirectory()
        #expect(throws: KubeConfigError.self) {
            try ClientConfiguration.load(environment: .init(variables: [:], inClusterRoot: empty.path, homeDirectory: empty.path))
        }
    }

    @Test func kubeconfigListIsMergedFirstWins() throws {
        let dir = try Fixtures.temporaryDirectory()
        let a = try Self.write(Self.simpleConfig(server: "https://a", context: "a"), to: dir, "a")
        let b = try Self.write(Self.simpleConfig(server: "https://b", context: "b", namespace: "nb"), to: dir, "b")
        let variables = ["KUBECONFIG": "\(dir.path)/missing:\(a):\(b)"]
        let environment = ClientConfiguration.Environment(variables: variables, inClusterRoot: dir.path, homeDirectory: dir.path)
        // current-context comes from the first file that sets one; contexts of later files are usable.
        #expect(try ClientConfiguration.load(environment: environment).server == "https://a")
        let other = try ClientConfiguration.load(context: "b", environment: environment)
        #expect(other.server == "https://b")
        #expect(other.namespace == "nb")
    }

    @Test func inClusterWithIPv6HostAndMissingEnvironment() throws {
        let root = try Fixtures.temporaryDirectory()
        try Self.writeServiceAccount(root: root, namespace: "")
        let config = try ClientConfiguration.inCluster(environment: .init(
            variables: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "6443"], inClusterRoot: root.path))
        #expect(config.server == "https://[fd00::1]:6443")
        #expect(config.namespace == "default")
        #expect(config.credentials == .bearerTokenFile(root.path + "/var/run/secrets/kubernetes.io/serviceaccount/token"))
        #expect(throws: KubeConfigError.self) {
            try ClientConfiguration.inCluster(environment: .init(variables: [:], inClusterRoot: root.path))
        }
    }
}

@Suite("secrets stay out of descriptions")
struct RedactionTests {
    @Test func descriptionsNeverShowSecrets() throws {
        let config = ClientConfiguration(server: "https://k", clientCertificatePEM: Array("CERT".utf8), clientKeyPEM: Array("PRIVATE-KEY".utf8),
                                         credentials: .bearerToken("super-secret-token"))
        let basic = ClientConfiguration(server: "https://k", credentials: .basic(username: "alice", password: "hunter2"))
        let user = KubeConfig.User(token: "super-secret-token", clientKeyData: Array("PRIVATE-KEY".utf8), username: "alice", password: "hunter2")
        var dumped = ""
        dump(config, to: &dumped)
        dump(user, to: &dumped)
        for text in [String(describing: config), String(reflecting: config), String(describing: basic), String(reflecting: user), dumped,
                     "\(KubeConfigError(file: "/k", "user \"u\": client-key file /x cannot be read"))"]
        {
            #expect(!text.contains("super-secret-token"))
            #expect(!text.contains("hunter2"))
            #expect(!text.contains("PRIVATE-KEY") && !text.contains("80, 82, 73"))
        }
        #expect(String(describing: config).contains("server: https://k"))
    }
}
