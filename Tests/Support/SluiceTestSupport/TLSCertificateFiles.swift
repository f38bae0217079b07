import Foundation

/// A CA and a server certificate it signed, made by `openssl` for 127.0.0.1 and localhost.
public struct TLSCertificateFiles: Sendable {
    /// The directory holding the files.
    public let directory: URL
    /// The CA certificate (PEM).
    public let caCertificate: URL
    /// The server certificate (PEM), with SANs `IP:127.0.0.1` and `DNS:localhost`.
    public let serverCertificate: URL
    /// The server's private key (PEM).
    public let serverKey: URL

    /// The CA certificate's PEM text (what a Secret's `ca.crt` holds).
    public var caPEM: String { (try? String(contentsOf: caCertificate, encoding: .utf8)) ?? "" }

    /// Generates a fresh CA (EC P-256) and a server certificate in `directory`.
    public static func generate(in directory: URL, commonName: String = "Sluice Test CA") async throws -> TLSCertificateFiles {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        let openssl = "/usr/bin/openssl"
        try await Shell.run(openssl, ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", path("ca.key")])
        try await Shell.run(openssl, ["req", "-x509", "-new", "-key", path("ca.key"), "-sha256", "-days", "2",
                                "-subj", "/CN=\(commonName)", "-out", path("ca.crt")])
        try await Shell.run(openssl, ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", path("server.key")])
        try await Shell.run(openssl, ["req", "-new", "-key", path("server.key"), "-subj", "/CN=localhost", "-out", path("server.csr")])
        try Data("""
            basicConstraints=CA:FALSE
            keyUsage=digitalSignature,keyEncipherment
            extendedKeyUsage=serverAuth
            subjectAltName=IP:127.0.0.1,DNS:localhost

            """.utf8).write(to: directory.appendingPathComponent("server.ext"))
        try await Shell.run(openssl, ["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.crt"), "-CAkey", path("ca.key"),
                                "-CAcreateserial", "-days", "2", "-sha256", "-extfile", path("server.ext"), "-out", path("server.crt")])
        return TLSCertificateFiles(directory: directory, caCertificate: directory.appendingPathComponent("ca.crt"),
                                   serverCertificate: directory.appendingPathComponent("server.crt"),
                                   serverKey: directory.appendingPathComponent("server.key"))
    }
}
