import Crypto
import Foundation
import NIOCore
import NIOSSL
import SwiftASN1
import X509

/// Client certificates signed by the data directory's CA: Kubernetes' x509 authenticator.
///
/// The TLS listener asks for an optional client certificate and verifies one presented against the CA only
/// (`.optionalVerification`, the CA as the only trust root), so a certificate from another CA fails the handshake.
/// Once a request comes in, ``user(on:now:)`` checks the leaf again here (issued by the CA, signature, validity, the
/// `clientAuth` usage) and makes the user: the subject's common name, its organizations as groups, plus
/// `system:authenticated`, and `authentication.kubernetes.io/credential-id` = `X509SHA256=…` as Kubernetes 1.32.
struct ClientCertificates: Sendable {
    /// The CA that signs client certificates.
    let ca: Certificate

    /// The CA in PEM.
    init(caPEM: String) throws { ca = try Certificate(pemEncoded: caPEM) }

    /// The user of the verified client certificate of `channel`'s TLS connection, `nil` when it presented none
    /// (or one this check refuses).
    func user(on channel: any Channel, now: Date = Date()) async -> UserInfo? {
        guard let presented = try? await channel.nioSSL_peerCertificate().get(), let der = try? presented.toDERBytes() else { return nil }
        return user(der: der, now: now)
    }

    /// The user of the certificate `der`, `nil` unless the CA issued it for client authentication and it is valid at `now`.
    func user(der: [UInt8], now: Date = Date()) -> UserInfo? {
        guard let certificate = try? Certificate(derEncoded: der),
              certificate.issuer == ca.subject,
              ca.publicKey.isValidSignature(certificate.signature, for: certificate),
              certificate.notValidBefore <= now, now < certificate.notValidAfter,
              let usage = try? certificate.extensions.extendedKeyUsage, usage.contains(.clientAuth)
        else { return nil }
        var name = ""
        var groups: [String] = []
        for relative in certificate.subject {
            for attribute in relative {
                guard let value = String(attribute.value) else { continue }
                if attribute.type == .RDNAttributeType.commonName { name = value }
                if attribute.type == .RDNAttributeType.organizationName { groups.append(value) }
            }
        }
        guard !name.isEmpty else { return nil }
        let digest = SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined()
        return UserInfo(name: name, groups: groups + [UserInfo.authenticatedGroup],
                        extra: [UserInfo.credentialIDKey: ["X509SHA256=" + digest]])
    }

    // MARK: - Issuing

    /// A new client certificate and its P-256 key (both PEM) for `user` in `groups`, signed by `caKey`, valid
    /// `validity` seconds from `now`.
    static func issue(user: String, groups: [String], ca: Certificate, caKey: P256.Signing.PrivateKey, validity: TimeInterval,
                      now: Date = Date()) throws -> (certificatePEM: String, keyPEM: String)
    {
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName {
            for group in groups { OrganizationName(group) }
            CommonName(user)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now - 300, notValidAfter: now + validity,
            issuer: ca.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.clientAuth])
            },
            issuerPrivateKey: .init(caKey))
        return (try certificate.serializeAsPEM().pemString, key.pemRepresentation)
    }
}
