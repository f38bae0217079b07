import Foundation
import Testing
@testable import SluiceAPIServer

/// The CA and serving certificate of a data directory, and the bearer-token check, without a server.
struct ServingCertificatesTests {
    static func directory() throws -> DataDirectory {
        try DataDirectory(preparing: FileManager.default.temporaryDirectory.appendingPathComponent("sluice-pki-\(UUID().uuidString)").path)
    }

    @Test func madeOnceThenReusedRenewedOnlyWhenNeeded() throws {
        let data = try Self.directory()
        defer { try? FileManager.default.removeItem(atPath: data.path) }
        let now = Date()
        let first = try ServingCertificates.prepare(in: data, host: "127.0.0.1", now: now)
        _ = try first.tlsConfiguration()
        // A restart reuses both.
        let again = try ServingCertificates.prepare(in: data, host: "localhost", now: now + 60)
        #expect(again.caPEM == first.caPEM && again.certificatePEM == first.certificatePEM && again.keyPEM == first.keyPEM)
        // A new listen host, or a certificate near its end, gets a new serving certificate from the same CA.
        let otherHost = try ServingCertificates.prepare(in: data, host: "10.1.2.3", now: now + 60)
        #expect(otherHost.caPEM == first.caPEM && otherHost.certificatePEM != first.certificatePEM)
        let late = try ServingCertificates.prepare(in: data, host: "10.1.2.3", now: now + 340 * 24 * 3600)
        #expect(late.caPEM == first.caPEM && late.certificatePEM != otherHost.certificatePEM)
        // A damaged CA is refused with the file named, never silently replaced.
        try "garbage".write(toFile: data.file("ca.key"), atomically: true, encoding: .utf8)
        #expect { try ServingCertificates.prepare(in: data, host: "127.0.0.1") } throws: { error in
            "\(error)".contains(data.file("ca.key"))
        }
    }

    @Test func serverNamesAndURLs() {
        #expect(ServingCertificates.serverNames(host: "0.0.0.0") == ["127.0.0.1", "::1", "localhost"])
        #expect(ServingCertificates.serverNames(host: "[fd00::1]") == ["127.0.0.1", "::1", "localhost", "fd00::1"])
        #expect(ServingCertificates.ipAddressBytes("::1")?.count == 16)
        #expect(ServingCertificates.ipAddressBytes("10.1.2.3") == [10, 1, 2, 3])
        #expect(ServingCertificates.ipAddressBytes("sluice.example") == nil)
        #expect(Kubeconfig.serverURL(host: "0.0.0.0", port: 6443) == "https://127.0.0.1:6443")
        #expect(Kubeconfig.serverURL(host: "::", port: 1) == "https://[::1]:1")
        #expect(Kubeconfig.serverURL(host: "::1", port: 2) == "https://[::1]:2")
    }

    @Test func bearerTokenIsParsedAsKubernetesDoes() {
        let token = BearerToken("s3cret")
        #expect(token.isPresented(in: "Bearer s3cret"))
        #expect(token.isPresented(in: "bearer s3cret"))
        #expect(token.isPresented(in: "  Bearer s3cret \r\n"))
        for wrong in [nil, "", "Bearer", "Bearer ", "Bearer s3cre", "Bearer s3cret2", "Basic s3cret", "s3cret", "Bearer  s3cret"] {
            #expect(!token.isPresented(in: wrong), "\(wrong ?? "nil")")
        }
    }
}
