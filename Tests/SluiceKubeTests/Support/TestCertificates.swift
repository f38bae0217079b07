import Foundation
import SluiceTestSupport

/// A throwaway CA with a server certificate (for 127.0.0.1) and a client certificate, made with the `openssl` CLI.
struct TestCertificates {
    let directory: URL

    var caCert: URL { directory.appendingPathComponent("ca.crt") }
    var serverCert: URL { directory.appendingPathComponent("server.crt") }
    var serverKey: URL { directory.appendingPathComponent("server.key") }
    var clientCert: URL { directory.appendingPathComponent("client.crt") }
    var clientKey: URL { directory.appendingPathComponent("client.key") }

    static func generate() async throws -> TestCertificates {
        let dir = try Fixtures.temporaryDirectory()
        let certs = TestCertificates(directory: dir)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try await run(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=sluice-test-ca",
                 "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], in: dir)
        try Data("subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n".utf8).write(to: dir.appendingPathComponent("server.ext"))
        try Data("extendedKeyUsage=clientAuth\n".utf8).write(to: dir.appendingPathComponent("client.ext"))
        for (name, subject) in [("server", "/CN=127.0.0.1"), ("client", "/O=system:masters/CN=admin")] {
            try await run(["req"] + ec + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", subject], in: dir)
            try await run(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                     "-out", "\(name).crt", "-days", "2", "-extfile", "\(name).ext"], in: dir)
        }
        return certs
    }

    private static func run(_ arguments: [String], in directory: URL) async throws {
        let result = try await Shell.execute("openssl", arguments, in: directory)
        guard result.status == 0 else {
            throw CertificateError(message: "openssl \(arguments.joined(separator: " ")) exited \(result.status)")
        }
    }

    struct CertificateError: Error { var message: String }
}
