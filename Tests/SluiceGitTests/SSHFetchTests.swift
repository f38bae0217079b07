import Foundation
import SluiceGit
import SluiceTestSupport
import Testing

/// SSH through the real OpenSSH server restricted to git-shell: keys, known_hosts, and every way trust fails.
@Suite("SluiceGit over SSH")
struct SSHFetchTests {
    @Test(arguments: [("ecdsa", "ed25519", false), ("ed25519", "ecdsa", false), ("ecdsa", "rsa", true), ("rsa", "ed25519", false)])
    func keyAndKnownHosts(hostKeyType: String, clientKeyType: String, pem: Bool) async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        let sha = try await workspace.fixture.commit(["a.txt": .file("a\n")], message: "first")
        try await workspace.fixture.push()
        let server = try await GitSSHServer.start(directory: workspace.fixture.root.appendingPathComponent("sshd"),
                                                  hostKeyType: hostKeyType, clientKeyType: clientKeyType, pemClientKey: pem)
        defer { server.stop() }
        let auth = GitAuth(identity: server.clientKey.privateKey, identityPublic: server.clientKey.publicKey,
                           knownHosts: server.knownHostsLine + "\n")
        let fetched = try await workspace.client.fetch(url: server.url(workspace.fixture.bare), reference: .branch("main"),
                                                       auth: auth, timeout: .seconds(30))
        #expect(fetched.revision == "main@sha1:\(sha)", "\(server.log)")
    }

    @Test func trustFailures() async throws {
        let workspace = try await GitWorkspace()
        defer { workspace.cleanUp() }
        let sha = try await workspace.fixture.commit(["a.txt": .file("a\n")], message: "first")
        try await workspace.fixture.push()
        let server = try await GitSSHServer.start(directory: workspace.fixture.root.appendingPathComponent("sshd"))
        defer { server.stop() }
        let url = server.url(workspace.fixture.bare)
        let client = workspace.client
        let key = server.clientKey.privateKey

        // No known_hosts: refused before connecting.
        let none = await gitError { try await client.fetch(url: url, reference: .branch("main"), auth: GitAuth(identity: key), timeout: .seconds(30)) }
        #expect(none?.kind == .hostKey)
        #expect(none?.libgit2Code == nil)

        // A different key for this host: the presented fingerprint is in the message.
        let impostor = try await SSHKeyPair.generate(type: "ecdsa", name: "impostor", in: workspace.fixture.root.appendingPathComponent("keys"))
        let mismatch = await gitError {
            try await client.fetch(url: url, reference: .branch("main"),
                                   auth: GitAuth(identity: key, knownHosts: "[127.0.0.1]:\(server.port) \(impostor.type) \(impostor.base64)"),
                                   timeout: .seconds(30))
        }
        #expect(mismatch?.kind == .hostKey)
        let fingerprint = try await Shell.run("/usr/bin/ssh-keygen", ["-l", "-E", "sha256", "-f", server.hostKey.privateKeyFile.path + ".pub"])
            .split(separator: " ")[1]
        #expect(mismatch?.message.contains(String(fingerprint)) == true, "\(mismatch?.message ?? "")")

        // The right key under another host name or port does not count.
        let otherHost = await gitError {
            try await client.fetch(url: url, reference: .branch("main"),
                                   auth: GitAuth(identity: key, knownHosts: "127.0.0.1 \(server.hostKey.type) \(server.hostKey.base64)"),
                                   timeout: .seconds(30))
        }
        #expect(otherHost?.kind == .hostKey)

        // @revoked wins over a trusting line.
        let revoked = await gitError {
            try await client.fetch(url: url, reference: .branch("main"), auth: GitAuth(identity: key, knownHosts: """
                \(server.knownHostsLine)
                @revoked * \(server.hostKey.type) \(server.hostKey.base64)
                """), timeout: .seconds(30))
        }
        #expect(revoked?.kind == .hostKey)
        #expect(revoked?.message.contains("revoked") == true)

        // A hashed entry (ssh-keygen -H) is understood.
        let knownHostsFile = workspace.fixture.root.appendingPathComponent("known_hosts")
        try Data((server.knownHostsLine + "\n").utf8).write(to: knownHostsFile)
        try await Shell.run("/usr/bin/ssh-keygen", ["-H", "-f", knownHostsFile.path])
        let hashed = try String(contentsOf: knownHostsFile, encoding: .utf8)
        #expect(hashed.hasPrefix("|1|"))
        let viaHashed = try await client.fetch(url: url, reference: .branch("main"), auth: GitAuth(identity: key, knownHosts: hashed),
                                               timeout: .seconds(30))
        #expect(viaHashed.commit.sha == sha)

        // A key the server does not authorise: authentication, once.
        let stranger = try await SSHKeyPair.generate(type: "ed25519", name: "stranger", in: workspace.fixture.root.appendingPathComponent("keys"))
        let wrongKey = await gitError {
            try await client.fetch(url: url, reference: .branch("main"),
                                   auth: GitAuth(identity: stranger.privateKey, knownHosts: server.knownHostsLine), timeout: .seconds(30))
        }
        #expect(wrongKey?.kind == .authentication)
        #expect(wrongKey?.message.contains("PRIVATE KEY") == false)

        // No key at all.
        let noKey = await gitError {
            try await client.fetch(url: url, reference: .branch("main"), auth: GitAuth(knownHosts: server.knownHostsLine), timeout: .seconds(30))
        }
        #expect(noKey?.kind == .authentication)
    }
}
