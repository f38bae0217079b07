import Foundation
import Testing
@testable import SluiceGit

/// known_hosts parsing and matching, without a server.
@Suite("KnownHosts")
struct KnownHostsTests {
    /// An ed25519 public key blob (`ssh-ed25519` + 32 bytes) as known_hosts stores it.
    static func blob(_ fill: UInt8) -> (base64: String, bytes: [UInt8]) {
        let type = Array("ssh-ed25519".utf8)
        let bytes = [0, 0, 0, UInt8(type.count)] + type + [0, 0, 0, 32] + [UInt8](repeating: fill, count: 32)
        return (Data(bytes).base64EncodedString(), bytes)
    }

    @Test func plainPortsPatternsAndNegation() {
        let key = Self.blob(1)
        let other = Self.blob(2)
        let hosts = KnownHosts("""
            # a comment

            github.com,140.82.121.4 ssh-ed25519 \(key.base64)
            [git.example.com]:2222 ssh-ed25519 \(key.base64) comment here
            *.corp.example,!bad.corp.example ssh-ed25519 \(key.base64)
            broken line
            ssh-ed25519-only ssh-rsa \(key.base64)
            """)
        #expect(hosts.entries.count == 3)
        #expect(hosts.verify(host: "github.com", port: 22, key: key.bytes) == .trusted)
        #expect(hosts.verify(host: "GitHub.com", port: 22, key: key.bytes) == .trusted)
        #expect(hosts.verify(host: "140.82.121.4", port: 22, key: key.bytes) == .trusted)
        #expect(hosts.verify(host: "github.com", port: 22, key: other.bytes) == .mismatch(knownTypes: ["ssh-ed25519"]))
        #expect(hosts.verify(host: "github.com", port: 2222, key: key.bytes) == .unknownHost)
        #expect(hosts.verify(host: "git.example.com", port: 2222, key: key.bytes) == .trusted)
        #expect(hosts.verify(host: "git.example.com", port: 22, key: key.bytes) == .unknownHost)
        #expect(hosts.verify(host: "a.corp.example", port: 22, key: key.bytes) == .trusted)
        #expect(hosts.verify(host: "bad.corp.example", port: 22, key: key.bytes) == .unknownHost)
    }

    @Test func revokedAndCertAuthority() {
        // Hashed entries are checked against real `ssh-keygen -H` output in the SSH tests.
        let key = Self.blob(3)
        let hosts = KnownHosts("""
            @cert-authority * ssh-ed25519 \(Self.blob(4).base64)
            @revoked revoked.example ssh-ed25519 \(key.base64)
            revoked.example ssh-ed25519 \(key.base64)
            |1|bm90IGJhc2U2NA|broken ssh-ed25519 \(key.base64)
            """)
        #expect(hosts.entries.count == 3)
        #expect(hosts.verify(host: "elsewhere", port: 22, key: Self.blob(4).bytes) == .unknownHost)
        #expect(hosts.verify(host: "revoked.example", port: 22, key: key.bytes) == .revoked)
        #expect(KnownHosts("").isEmpty)
        #expect(KnownHosts.fingerprint(key.bytes).hasPrefix("SHA256:"))
        #expect(!KnownHosts.fingerprint(key.bytes).hasSuffix("="))
    }
}
