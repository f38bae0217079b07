import Foundation
import NIOSSL
import SluiceCore
import Testing
@testable import SluiceKube

@Suite("TLS: CA trust, client certificates, insecure-skip-tls-verify")
struct TLSTests {
    /// An HTTPS fake server that requires a client certificate signed by the test CA.
    static func start(_ certs: TestCertificates) async throws -> FakeAPIServer {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certs.serverCert.path).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: certs.serverKey.path, format: .pem)))
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certs.caCert.path))
        tls.certificateVerification = .noHostnameVerification
        return try await FakeAPIServer.start(tls: tls) { request in
            Discovery.respond(request.path) ?? .json(Fixtures.configMapJSON("tls-ok"))
        }
    }

    static func bytes(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }

    @Test func kubeconfigWithCAAndClientCertificateConnects() async throws {
        let certs = try await TestCertificates.generate()
        let server = try await Self.start(certs)
        defer { server.stop() }
        // Relative paths, resolved against the kubeconfig's directory.
        let kubeconfig = """
            current-context: tls
            clusters: [{name: c, cluster: {server: "\(server.httpsURL)", certificate-authority: ca.crt}}]
            users: [{name: u, user: {client-certificate: client.crt, client-key: client.key}}]
            contexts: [{name: tls, context: {cluster: c, user: u}}]
            """
        let path = certs.directory.appendingPathComponent("kubeconfig").path
        try Data(kubeconfig.utf8).write(to: URL(fileURLWithPath: path))
        let client = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: path, environment: .init(variables: [:])))
        let object = try await client.get(Fixtures.configMap, namespace: "default", name: "tls-ok")
        #expect(object?.name == "tls-ok")
    }

    @Test func certificateDataInlineAndInsecureSkipVerify() async throws {
        let certs = try await TestCertificates.generate()
        let server = try await Self.start(certs)
        defer { server.stop() }
        let b64 = { (url: URL) in try Data(contentsOf: url).base64EncodedString() }
        let kubeconfig = """
            current-context: inline
            clusters:
            - {name: c, cluster: {server: "\(server.httpsURL)", certificate-authority-data: \(try b64(certs.caCert))}}
            - {name: skip, cluster: {server: "\(server.httpsURL)", insecure-skip-tls-verify: true}}
            users: [{name: u, user: {client-certificate-data: \(try b64(certs.clientCert)), client-key-data: \(try b64(certs.clientKey))}}]
            contexts:
            - {name: inline, context: {cluster: c, user: u}}
            - {name: skip, context: {cluster: skip, user: u}}
            """
        let config = try KubeConfig.parse(kubeconfig, path: "/nowhere/config")
        for context in ["inline", "skip"] {
            let client = try KubernetesClient(configuration: ClientConfiguration.fromKubeConfig(config, context: context))
            #expect(try await client.get(Fixtures.configMap, namespace: "default", name: "tls-ok")?.name == "tls-ok")
        }
    }

    @Test func serverIsRejectedWithoutTheCAAndClientWithoutACertificate() async throws {
        let certs = try await TestCertificates.generate()
        let server = try await Self.start(certs)
        defer { server.stop() }
        // The system roots do not know the test CA.
        let untrusted = try KubernetesClient(configuration: ClientConfiguration(
            server: server.httpsURL, clientCertificatePEM: try Self.bytes(certs.clientCert), clientKeyPEM: try Self.bytes(certs.clientKey)))
        await #expect(throws: (any Error).self) { _ = try await untrusted.get(Fixtures.configMap, namespace: "default", name: "x") }
        // Trusting the server is not enough: it demands a client certificate.
        let anonymous = try KubernetesClient(configuration: ClientConfiguration(server: server.httpsURL, certificateAuthorityPEM: try Self.bytes(certs.caCert)))
        await #expect(throws: (any Error).self) { _ = try await anonymous.get(Fixtures.configMap, namespace: "default", name: "x") }
        #expect(await server.log.requests.isEmpty)
        // Garbage PEM is a configuration error, found before any request.
        #expect(throws: KubeConfigError.self) {
            try KubernetesClient(configuration: ClientConfiguration(server: server.httpsURL, certificateAuthorityPEM: Array("not a pem".utf8)))
        }
    }
}
