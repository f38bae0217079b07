import Foundation
import SluiceGit
import SluiceTestSupport
import Testing

/// Smart HTTP through `git http-backend`: basic auth, bearer tokens, HTTPS with a private CA, and the cost of a
/// fetch where nothing changed.
@Suite("SluiceGit over smart HTTP")
struct HTTPFetchTests {
    static let password = "s3cret-Pa55word"

    @Test func basicAuthRightWrongAndMissing() async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        let sha = try await workspace.fixture.commit(["a.txt": .file("a\n")], message: "first")
        try await workspace.fixture.push()
        let server = try await GitHTTPServer.start(root: workspace.fixture.served, basicAuth: ("flux", Self.password))
        defer { server.stop() }
        let url = server.url(workspace.fixture.repositoryName)
        let client = workspace.client

        let fetched = try await client.fetch(url: url, reference: .branch("main"),
                                             auth: GitAuth(username: "flux", password: Self.password), timeout: .seconds(30))
        #expect(fetched.revision == "main@sha1:\(sha)")
        // Credentials go with the first request: no 401 round trip.
        #expect(!server.requests.contains { $0.hasSuffix(" 401") })

        // Wrong credentials are tried once, not in a loop.
        server.clearRequests()
        let wrongPassword = "not-the-" + Self.password
        let wrong = await gitError {
            try await client.fetch(url: url, reference: .branch("main"), auth: GitAuth(username: "flux", password: wrongPassword),
                                   timeout: .seconds(30))
        }
        #expect(wrong?.kind == .authentication)
        #expect(wrong?.message.contains("rejected") == true)
        #expect(wrong?.message.contains(wrongPassword) == false)
        #expect(server.requests == ["GET /\(workspace.fixture.repositoryName)/info/refs?service=git-upload-pack 401"])

        let missing = await gitError {
            try await client.fetch(url: url, reference: .branch("main"), auth: GitAuth(), timeout: .seconds(30))
        }
        #expect(missing?.kind == .authentication)

        // A password in the URL works and never shows in a message.
        let userinfo = url.replacingOccurrences(of: "http://", with: "http://flux:\(wrongPassword)@")
        let inURL = await gitError {
            try await client.fetch(url: userinfo, reference: .branch("main"), auth: GitAuth(), timeout: .seconds(30))
        }
        #expect(inURL?.kind == .authentication, "\(inURL?.message ?? "")")
        #expect(inURL?.message.contains(wrongPassword) == false)
        let good = url.replacingOccurrences(of: "http://", with: "http://flux:\(Self.password)@")
        #expect(try await client.fetch(url: good, reference: .branch("main"), auth: GitAuth(), timeout: .seconds(30)).revision
                == "main@sha1:\(sha)")
    }

    @Test func bearerToken() async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        let sha = try await workspace.fixture.commit(["a.txt": .file("a\n")], message: "first")
        try await workspace.fixture.push()
        let token = "tok-0123456789"
        let server = try await GitHTTPServer.start(root: workspace.fixture.served, bearerToken: token)
        defer { server.stop() }
        let url = server.url(workspace.fixture.repositoryName)

        let fetched = try await workspace.client.fetch(url: url, reference: .branch("main"), auth: GitAuth(bearerToken: token),
                                                       timeout: .seconds(30))
        #expect(fetched.revision == "main@sha1:\(sha)")
        let wrong = await gitError {
            try await workspace.client.fetch(url: url, reference: .branch("main"), auth: GitAuth(bearerToken: "tok-wrong-token"),
                                             timeout: .seconds(30))
        }
        #expect(wrong?.kind == .authentication)
        #expect(wrong?.message.contains("tok-wrong-token") == false)
    }

    @Test func httpsWithAndWithoutTheCA() async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        let sha = try await workspace.fixture.commit(["a.txt": .file("a\n")], message: "first")
        try await workspace.fixture.push()
        let certificates = try await TLSCertificateFiles.generate(in: workspace.fixture.root.appendingPathComponent("tls"))
        let otherCA = try await TLSCertificateFiles.generate(in: workspace.fixture.root.appendingPathComponent("other-tls"), commonName: "Other CA")
        let server = try await GitHTTPServer.start(root: workspace.fixture.served, basicAuth: ("flux", Self.password), tls: certificates)
        defer { server.stop() }
        let repository = workspace.fixture.repositoryName

        // ca.crt verifies the server by IP address (mbedTLS itself only matches DNS names) and by host name.
        for host in ["127.0.0.1", "localhost"] {
            let fetched = try await workspace.client.fetch(
                url: server.url(repository, host: host), reference: .branch("main"),
                auth: GitAuth(username: "flux", password: Self.password, caCertificate: certificates.caPEM), timeout: .seconds(30))
            #expect(fetched.revision == "main@sha1:\(sha)", "\(host)")
        }

        let withoutCA = await gitError {
            try await workspace.client.fetch(url: server.url(repository), reference: .branch("main"),
                                             auth: GitAuth(username: "flux", password: Self.password), timeout: .seconds(30))
        }
        #expect(withoutCA?.kind == .certificate)
        #expect(withoutCA?.message.contains("no ca.crt") == true)

        let wrongCA = await gitError {
            try await workspace.client.fetch(url: server.url(repository), reference: .branch("main"),
                                             auth: GitAuth(username: "flux", password: Self.password, caCertificate: otherCA.caPEM),
                                             timeout: .seconds(30))
        }
        #expect(wrongCA?.kind == .certificate)

        let garbageCA = await gitError {
            try await workspace.client.fetch(url: server.url(repository), reference: .branch("main"),
                                             auth: GitAuth(username: "flux", password: Self.password, caCertificate: "not a certificate"),
                                             timeout: .seconds(30))
        }
        #expect(garbageCA?.kind == .certificate)
        #expect(garbageCA?.message.contains("ca.crt") == true)
    }

    @Test func aFetchWhereNothingChangedIsOneAdvertisementAndNoPack() async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        try await workspace.fixture.commit(["a.txt": .file("a\n")], message: "first")
        try await workspace.fixture.tag("v1.0.0", message: "release")
        try await workspace.fixture.push()
        let server = try await GitHTTPServer.start(root: workspace.fixture.served)
        defer { server.stop() }
        let url = server.url(workspace.fixture.repositoryName)
        for reference in [GitReference.branch("main"), .tag("v1.0.0")] {
            _ = try await workspace.client.fetch(url: url, reference: reference, auth: GitAuth(), timeout: .seconds(30))
            server.clearRequests()
            let again = try await workspace.client.fetch(url: url, reference: reference, auth: GitAuth(), timeout: .seconds(30))
            #expect(again.transfer == GitTransferStatistics())
            #expect(server.requests == ["GET /\(workspace.fixture.repositoryName)/info/refs?service=git-upload-pack 200"])
        }
    }
}
