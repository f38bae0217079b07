import Crypto
import Foundation
import SwiftASN1
import X509

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sprig's certificate functions (`genCA`, `genSelfSignedCert`, `genSignedCert`, their `WithKey` forms and
/// `buildCustomCert`): X.509 v3 certificates laid out as Go's `x509.CreateCertificate` lays out Sprig's template — a
/// random 128-bit serial, the common name alone as subject, valid from now for `days` days, key usage digital signature
/// and key encipherment (plus certificate signing for a CA, critical), extended key usage server and client auth, basic
/// constraints (critical), for a CA a subject key identifier (the first 20 bytes of SHA-256 of the public key, as Go
/// 1.25 and later), an authority key identifier when the issuer has one, and the DNS names and IPs as alternative names.
///
/// The result is a map with `Cert` and `Key` (PEM), which templates use as they use Sprig's `certificate` struct.
enum SprigCertificate {
    /// The value a template receives: Sprig's `certificate{Cert, Key}`.
    static func value(cert: String, key: String) -> GoValue { .dict(["Cert": .string(cert), "Key": .string(key)]) }

    /// The `Cert` and `Key` of a value a template passes where Sprig takes a `certificate`.
    static func fields(_ value: GoValue) throws(FunctionError) -> (cert: String, key: String) {
        guard case .map(let map) = value, case .string(let cert)? = map.entries["Cert"], case .string(let key)? = map.entries["Key"] else {
            throw FunctionError("wrong type for value; expected sprig.certificate; got \(value.typeName)")
        }
        return (cert, key)
    }

    /// Sprig's `getNetIPs`: each element must be a string Go's `net.ParseIP` accepts; IPv4 (and IPv4-mapped IPv6)
    /// addresses are 4 bytes, as Go writes them into the certificate.
    static func ipAddresses(_ value: GoValue) throws(FunctionError) -> [[UInt8]] {
        try interfaceSlice(value).map { element throws(FunctionError) in
            guard case .string(let text) = element else {
                throw FunctionError("error parsing ip: \(GoFormatter.string(element)) is not a string")
            }
            guard let bytes = parseIP(text) else { throw FunctionError("error parsing ip: \(text)") }
            return bytes
        }
    }

    /// Sprig's `getAlternateDNSStrs`.
    static func dnsNames(_ value: GoValue) throws(FunctionError) -> [String] {
        try interfaceSlice(value).map { element throws(FunctionError) in
            guard case .string(let text) = element else {
                throw FunctionError("error processing alternate dns name: \(GoFormatter.string(element)) is not a string")
            }
            return text
        }
    }

    /// The elements of a Go `[]interface{}` argument (nil is empty).
    private static func interfaceSlice(_ value: GoValue) throws(FunctionError) -> [GoValue] {
        switch value {
        case .missing, .null: return []
        case .slice(let elements, .interface): return elements
        default: throw FunctionError("wrong type for value; expected []interface {}; got \(value.typeName)")
        }
    }

    /// Go's `net.ParseIP` followed by `To4` where it applies, through the C library's `inet_pton` (pure: no lookup).
    static func parseIP(_ text: String) -> [UInt8]? {
        guard !text.contains("%") else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF { return Array(bytes[12...]) }
        return bytes
    }

    /// A certificate for `key`, signed by `issuer` (self-signed when nil), as Sprig's `getCertAndKey` makes it.
    static func make(commonName: String, ips: [[UInt8]], dnsNames: [String], days: Int, isCA: Bool, key: SprigPrivateKey,
                     issuer: (certificate: Certificate, key: SprigPrivateKey)?, now: Date) throws(FunctionError) -> GoValue {
        do {
            let subject = try distinguishedName(commonName)
            var randomness = SystemRandomNumberGenerator()
            let serial = Certificate.SerialNumber(bytes: (0..<16).map { _ in UInt8.random(in: 0...255, using: &randomness) })
            // Go: time.Hour * 24 * time.Duration(days), an int64 of nanoseconds that wraps on overflow.
            let validity = Int64(86_400_000_000_000).multipliedReportingOverflow(by: Int64(truncatingIfNeeded: days)).partialValue
            let notAfter = wholeSeconds(now.addingTimeInterval(Double(validity / 1_000_000_000) + Double(validity % 1_000_000_000) / 1e9))
            // Go's UTCTime drops the fraction; rounding it up would make a certificate not valid yet for up to a second.
            let notBefore = wholeSeconds(now)

            var extensions: [Certificate.Extension] = [
                try Certificate.Extension(KeyUsage(digitalSignature: true, keyEncipherment: true, keyCertSign: isCA), critical: true),
                try Certificate.Extension(ExtendedKeyUsage([.serverAuth, .clientAuth]), critical: false),
                try Certificate.Extension(isCA ? BasicConstraints.isCertificateAuthority(maxPathLength: nil) : .notCertificateAuthority, critical: true),
            ]
            if isCA {
                let digest = Array(SHA256.hash(data: key.publicKeyBits)).prefix(20)
                extensions.append(try Certificate.Extension(SubjectKeyIdentifier(keyIdentifier: ArraySlice(digest)), critical: false))
            }
            let issuerName = issuer?.certificate.subject ?? subject
            if let issuer, issuerName != subject, let parentKeyID = try issuer.certificate.extensions.subjectKeyIdentifier?.keyIdentifier, !parentKeyID.isEmpty {
                extensions.append(try Certificate.Extension(AuthorityKeyIdentifier(keyIdentifier: parentKeyID), critical: false))
            }
            if !dnsNames.isEmpty || !ips.isEmpty {
                let names = dnsNames.map { GeneralName.dnsName($0) } + ips.map { GeneralName.ipAddress(ASN1OctetString(contentBytes: $0[...])) }
                // Go marks the alternative names critical when the subject is empty (RFC 5280, 4.2.1.6).
                extensions.append(try Certificate.Extension(SubjectAlternativeNames(names), critical: commonName.isEmpty))
            }
            let signer = issuer?.key ?? key
            if let issuer, issuer.certificate.publicKey != signer.certificateKey.publicKey {
                throw FunctionError("error creating certificate: x509: provided PrivateKey doesn't match parent's PublicKey")
            }
            let certificate = try Certificate(
                version: .v3, serialNumber: serial, publicKey: key.certificateKey.publicKey, notValidBefore: notBefore, notValidAfter: notAfter,
                issuer: issuerName, subject: subject, extensions: Certificate.Extensions(extensions), issuerPrivateKey: signer.certificateKey)
            var serializer = DER.Serializer()
            try serializer.serialize(certificate)
            return value(cert: PEMBlock(type: "CERTIFICATE", bytes: serializer.serializedBytes).encoded, key: key.pem)
        } catch let error as FunctionError {
            throw error
        } catch {
            throw FunctionError("error creating certificate: \(error)")
        }
    }

    /// `date` with its fraction of a second dropped (towards the past).
    private static func wholeSeconds(_ date: Date) -> Date { Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)) }

    /// Go's `pkix.Name{CommonName: cn}`: empty when the name is, a PrintableString when every character allows it (Go
    /// rejects `*` and `&` there), else a UTF8String.
    private static func distinguishedName(_ commonName: String) throws -> DistinguishedName {
        guard !commonName.isEmpty else { return DistinguishedName() }
        let printable = commonName.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
            default: return Array(" '()+,-./:=?".utf8).contains(byte)
            }
        }
        let attribute = printable
            ? try RelativeDistinguishedName.Attribute(type: .RDNAttributeType.commonName, printableString: commonName)
            : RelativeDistinguishedName.Attribute(type: .RDNAttributeType.commonName, utf8String: commonName)
        return DistinguishedName([RelativeDistinguishedName(attribute)])
    }

    /// The certificate in the first PEM block of `text` (Sprig reads a signer's certificate this way).
    static func parse(_ text: String) throws(FunctionError) -> Certificate {
        guard let block = PEMBlock(decoding: text) else { throw FunctionError("unable to decode certificate") }
        do { return try Certificate(derEncoded: block.bytes) } catch {
            throw FunctionError("error parsing certificate: decodedSignerCert.Bytes: x509: malformed certificate")
        }
    }

    /// Sprig's `buildCustomCertificate`: a base64 certificate and key checked and returned as they are.
    static func buildCustom(base64Cert: String, base64Key: String) throws(FunctionError) -> GoValue {
        guard case .success(let cert) = EncodingFunctions.base64Decode(base64Cert) else {
            throw FunctionError("unable to decode base64 certificate")
        }
        guard case .success(let key) = EncodingFunctions.base64Decode(base64Key) else {
            throw FunctionError("unable to decode base64 private key")
        }
        let certText = String(decoding: cert, as: UTF8.self)
        let keyText = String(decoding: key, as: UTF8.self)
        guard let block = PEMBlock(decoding: certText) else { throw FunctionError("unable to decode certificate") }
        guard (try? Certificate(derEncoded: block.bytes)) != nil else {
            throw FunctionError("error parsing certificate: decodedCert.Bytes: x509: malformed certificate")
        }
        do throws(FunctionError) { _ = try SprigPrivateKey(pem: keyText) } catch {
            throw FunctionError("error parsing private key: \(error.message)")
        }
        return value(cert: certText, key: keyText)
    }
}
