import Crypto
import Foundation
import NIOSSL
import SluiceCore
import SwiftASN1
import X509

/// The CA and the serving certificate of one data directory, made once and kept there.
///
/// `DIR/ca.crt` and `DIR/ca.key` are a CA (ECDSA P-256, ten years) made on the first start; the kubeconfig
/// trusts it through `certificate-authority-data`, so a kubeconfig copied elsewhere keeps working across restarts.
/// `DIR/apiserver.crt` and `DIR/apiserver.key` are the server's certificate (one year) for `127.0.0.1`, `::1`,
/// `localhost` and the listen host; it is issued again from the same CA when it was not issued by it, lacks one
/// of these names, or has less than ``renewalMargin`` left. Keys are written `0600`.
struct ServingCertificates: Sendable {
    /// The CA certificate (PEM), what clients trust.
    let caPEM: String
    /// The server's certificate (PEM).
    let certificatePEM: String
    /// The server's private key (PEM, PKCS #8).
    let keyPEM: String

    /// How long a new CA is valid.
    static let caValidity: TimeInterval = 10 * 365 * 24 * 3600
    /// How long a new serving certificate is valid.
    static let certificateValidity: TimeInterval = 365 * 24 * 3600
    /// A certificate with less than this left is replaced at start.
    static let renewalMargin: TimeInterval = 30 * 24 * 3600
    /// Names every serving certificate holds, whatever the listen host.
    static let loopbackNames = ["127.0.0.1", "::1", "localhost"]

    /// Loads the certificates of `directory`, making (or renewing) what is missing, invalid or expiring.
    ///
    /// - Parameters:
    ///   - directory: The data directory (already `0700` and locked).
    ///   - host: The host the server listens on; it becomes a subject alternative name unless it is a wildcard.
    ///   - now: The current time.
    /// - Throws: ``APIServerError`` naming the file when an existing CA cannot be read.
    static func prepare(in directory: DataDirectory, host: String, now: Date = Date()) throws -> ServingCertificates {
        let names = serverNames(host: host)
        let (ca, caKey) = try loadOrMakeAuthority(in: directory, now: now)
        if let existing = try? load(directory.file("apiserver.crt"), key: directory.file("apiserver.key")),
           isUsable(existing.certificate, key: existing.key, issuedBy: ca, names: names, now: now)
        {
            try directory.restrict("apiserver.key", "apiserver.crt")
            return ServingCertificates(caPEM: try ca.serializeAsPEM().pemString,
                                       certificatePEM: try existing.certificate.serializeAsPEM().pemString,
                                       keyPEM: existing.key.pemRepresentation)
        }
        let key = P256.Signing.PrivateKey()
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + certificateValidity,
            issuer: ca.subject, subject: try DistinguishedName { CommonName("sluice-apiserver") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names.map(generalName))
            },
            issuerPrivateKey: .init(caKey))
        let serving = ServingCertificates(caPEM: try ca.serializeAsPEM().pemString,
                                          certificatePEM: try certificate.serializeAsPEM().pemString,
                                          keyPEM: key.pemRepresentation)
        try directory.write(serving.keyPEM, to: "apiserver.key")
        try directory.write(serving.certificatePEM, to: "apiserver.crt")
        return serving
    }

    /// The TLS configuration serving this certificate; with `clientCertificates`, a client may present a
    /// certificate, which must then be signed by the CA (the only trust root) or the handshake fails.
    func tlsConfiguration(clientCertificates: Bool = false) throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        if clientCertificates {
            configuration.certificateVerification = .optionalVerification
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caPEM.utf8)))
            // The CA's name is what the server asks for; a client with no certificate of it sends none.
            configuration.sendCANameList = true
        }
        return configuration
    }

    /// The names the serving certificate is for: loopback, and `host` unless it is a wildcard address.
    static func serverNames(host: String) -> [String] {
        var host = host
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !["0.0.0.0", "::", "*"].contains(host), !loopbackNames.contains(host) else { return loopbackNames }
        return loopbackNames + [host]
    }

    /// An IP address as an `iPAddress` name, anything else as a `dNSName`.
    static func generalName(_ name: String) -> GeneralName {
        if let bytes = ipAddressBytes(name) { return .ipAddress(ASN1OctetString(contentBytes: bytes[...])) }
        return .dnsName(name)
    }

    /// The 4 or 16 bytes of an IPv4 or IPv6 literal, `nil` for a host name.
    static func ipAddressBytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    // MARK: - Files

    private static func loadOrMakeAuthority(in directory: DataDirectory, now: Date) throws -> (Certificate, P256.Signing.PrivateKey) {
        let (certificate, key) = (directory.file("ca.crt"), directory.file("ca.key"))
        if FileManager.default.fileExists(atPath: certificate) || FileManager.default.fileExists(atPath: key) {
            let loaded: (Certificate, P256.Signing.PrivateKey)
            do {
                loaded = try load(certificate, key: key)
            } catch {
                throw APIServerError("cannot use the cluster's CA (\(certificate), \(key)): \(error); "
                    + "remove both files to make a new CA (kubeconfigs copied elsewhere must then be copied again)")
            }
            guard loaded.0.publicKey == Certificate.PublicKey(loaded.1.publicKey) else {
                throw APIServerError("the cluster's CA key \(key) does not belong to \(certificate); "
                    + "remove both files to make a new CA (kubeconfigs copied elsewhere must then be copied again)")
            }
            try directory.restrict("ca.key", "ca.crt")
            if loaded.0.notValidAfter > now + renewalMargin { return loaded }
        }
        let caKey = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("sluice-ca") }
        let ca = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(caKey.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + caValidity,
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
            },
            issuerPrivateKey: .init(caKey))
        try directory.write(caKey.pemRepresentation, to: "ca.key")
        try directory.write(try ca.serializeAsPEM().pemString, to: "ca.crt")
        return (ca, caKey)
    }

    /// The certificate and the P-256 key in the PEM files `certificate` and `key`.
    private static func load(_ certificate: String, key: String) throws -> (certificate: Certificate, key: P256.Signing.PrivateKey) {
        (try Certificate(pemEncoded: try String(contentsOfFile: certificate, encoding: .utf8)),
         try P256.Signing.PrivateKey(pemRepresentation: try String(contentsOfFile: key, encoding: .utf8)))
    }

    private static func isUsable(_ certificate: Certificate, key: P256.Signing.PrivateKey, issuedBy ca: Certificate,
                                 names: [String], now: Date) -> Bool
    {
        guard certificate.publicKey == Certificate.PublicKey(key.publicKey),
              certificate.issuer == ca.subject,
              ca.publicKey.isValidSignature(certificate.signature, for: certificate),
              certificate.notValidBefore <= now, certificate.notValidAfter > now + renewalMargin,
              let present = try? certificate.extensions.subjectAlternativeNames
        else { return false }
        return names.allSatisfy { present.contains(generalName($0)) }
    }
}
