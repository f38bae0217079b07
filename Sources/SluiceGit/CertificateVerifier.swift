import CMbedTLS
import Foundation

/// Verifies an HTTPS server's leaf certificate against a repository's own CA (`ca.crt`) with mbedTLS.
///
/// Used only when libgit2 (system roots) found the certificate invalid. Per repository: nothing process-global
/// changes. libgit2 hands over the leaf only, so the CA must sign the leaf directly or be given with the
/// intermediates in the bundle. mbedTLS 2.28 matches host names against DNS names only; an IP address is
/// matched against the certificate's IP subject alternative names here.
enum CertificateVerifier {
    /// Returns nil when `leaf` (DER) chains to a certificate in `caPEM` and is valid for `host`, else why not.
    static func verify(leaf: UnsafeRawBufferPointer, host: String, caPEM: String) -> String? {
        let ca = UnsafeMutablePointer<mbedtls_x509_crt>.allocate(capacity: 1)
        let certificate = UnsafeMutablePointer<mbedtls_x509_crt>.allocate(capacity: 1)
        mbedtls_x509_crt_init(ca)
        mbedtls_x509_crt_init(certificate)
        defer {
            mbedtls_x509_crt_free(ca)
            mbedtls_x509_crt_free(certificate)
            ca.deallocate()
            certificate.deallocate()
        }
        // PEM input must include its terminating NUL in the length.
        var pem = Array(caPEM.utf8)
        pem.append(0)
        let parsedCA = mbedtls_x509_crt_parse(ca, pem, pem.count)
        if parsedCA < 0 || ca.pointee.version == 0 {
            return "ca.crt holds no valid PEM certificate (\(describe(parsedCA)))"
        }
        guard let base = leaf.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return "the server sent no certificate" }
        let parsedLeaf = mbedtls_x509_crt_parse_der(certificate, base, leaf.count)
        if parsedLeaf != 0 { return "cannot parse the server certificate (\(describe(parsedLeaf)))" }

        let address = ipAddress(host)
        var flags: UInt32 = 0
        let result: Int32 = address == nil
            ? mbedtls_x509_crt_verify(certificate, ca, nil, host, &flags, nil, nil)
            : mbedtls_x509_crt_verify(certificate, ca, nil, nil, &flags, nil, nil)
        if result != 0 {
            var buffer = [CChar](repeating: 0, count: 512)
            mbedtls_x509_crt_verify_info(&buffer, buffer.count, "", flags)
            let info = text(buffer).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .joined(separator: "; ")
            return info.isEmpty ? describe(result) : info
        }
        if let address, !hasIPAddress(certificate, address) {
            return "the certificate is not valid for IP address \(host)"
        }
        return nil
    }

    /// The bytes of an IPv4 or IPv6 literal, nil for a host name.
    private static func ipAddress(_ host: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if inet_pton(AF_INET6, bare, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    /// Whether the certificate's subject alternative names include the IP address (tag `[7]`).
    private static func hasIPAddress(_ certificate: UnsafeMutablePointer<mbedtls_x509_crt>, _ address: [UInt8]) -> Bool {
        let ipTag = Int32(MBEDTLS_ASN1_CONTEXT_SPECIFIC) | 7
        var name: mbedtls_x509_sequence? = certificate.pointee.subject_alt_names
        while let current = name {
            let buffer = current.buf
            if buffer.tag == ipTag, buffer.len == address.count, let bytes = buffer.p,
               Array(UnsafeBufferPointer(start: bytes, count: buffer.len)) == address {
                return true
            }
            name = current.next?.pointee
        }
        return false
    }

    private static func describe(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        mbedtls_strerror(code, &buffer, buffer.count)
        return text(buffer)
    }

    /// The NUL-terminated text in `buffer`.
    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
