import Foundation
import SluiceCore
@testable import SluiceGoTemplate
import SluiceTestSupport
import Testing

/// Sprig's crypto functions checked with real tools: OpenSSL reads and verifies the keys and certificates, decrypts
/// `encryptAES` and encrypts for `decryptAES`; Apache's `htpasswd` verifies `htpasswd`'s bcrypt; published bcrypt and
/// Master Password vectors pin the algorithms.
@Suite struct CryptoFunctionTests {
    static func render(_ text: String, _ set: TemplateSet = TemplateSet()) throws -> String {
        var set = set
        try set.parse(name: "t", text: text)
        return try set.render("t", data: .null)
    }

    static func error(_ text: String, _ set: TemplateSet = TemplateSet()) -> String? {
        do {
            _ = try render(text, set)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// A fresh directory holding `files`.
    static func directory(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-crypto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: root.appendingPathComponent(name)) }
        return root
    }

    static func openssl(_ arguments: [String], in directory: URL, input: Data? = nil) async throws -> String {
        try await Shell.run("openssl", arguments, in: directory, input: input)
    }

    /// The public key of a certificate and of a private key, as OpenSSL writes them, must be the same.
    static func expectKeyMatches(cert: String, key: String, in directory: URL) async throws {
        let fromCert = try await openssl(["x509", "-noout", "-pubkey", "-in", cert], in: directory)
        let fromKey = try await openssl(["pkey", "-pubout", "-in", key], in: directory)
        #expect(fromCert == fromKey)
    }

    // MARK: Keys

    @Test func generatedKeysAreWhatOpenSSLReadsInGoLayouts() async throws {
        let rsa = try Self.render(#"{{ genPrivateKey "rsa" }}"#)
        let ecdsa = try Self.render(#"{{ genPrivateKey "ecdsa" }}"#)
        let ed25519 = try Self.render(#"{{ genPrivateKey "ed25519" }}"#)
        #expect(rsa.hasPrefix("-----BEGIN RSA PRIVATE KEY-----\n") && rsa.hasSuffix("-----END RSA PRIVATE KEY-----\n"))
        #expect(ecdsa.hasPrefix("-----BEGIN EC PRIVATE KEY-----\n") && ecdsa.hasSuffix("-----END EC PRIVATE KEY-----\n"))
        #expect(ed25519.hasPrefix("-----BEGIN PRIVATE KEY-----\n") && ed25519.hasSuffix("-----END PRIVATE KEY-----\n"))
        // Go's pem.Encode: lines of 64.
        #expect(rsa.split(separator: "\n").dropFirst().dropLast().dropLast().allSatisfy { $0.count == 64 })
        let dir = try Self.directory(["rsa.pem": rsa, "ec.pem": ecdsa, "ed.pem": ed25519])
        defer { try? FileManager.default.removeItem(at: dir) }
        let rsaText = try await Self.openssl(["rsa", "-check", "-noout", "-text", "-in", "rsa.pem"], in: dir)
        #expect(rsaText.contains("Private-Key: (4096 bit, 2 primes)"))
        #expect(rsaText.contains("RSA key ok"))
        let ecText = try await Self.openssl(["ec", "-check", "-noout", "-text", "-in", "ec.pem"], in: dir)
        #expect(ecText.contains("ASN1 OID: prime256v1"))
        let edText = try await Self.openssl(["pkey", "-noout", "-text", "-in", "ed.pem"], in: dir)
        #expect(edText.contains("ED25519 Private-Key"))
        // The key files are exactly what OpenSSL writes for the same keys in these formats (PKCS#1, SEC1 with the
        // curve and public point, PKCS#8).
        #expect(try await Self.openssl(["rsa", "-traditional", "-in", "rsa.pem"], in: dir) == rsa)
        #expect(try await Self.openssl(["ec", "-in", "ec.pem"], in: dir) == ecdsa)
        #expect(try await Self.openssl(["pkey", "-in", "ed.pem"], in: dir) == ed25519)
        #expect(try Self.render(#"{{ genPrivateKey "rsa2" }}"#) == "Unknown type rsa2")
        #expect(try Self.render(#"{{ genPrivateKey "dsa" }}"#).hasPrefix("failed to generate dsa params: "))
    }

    // MARK: Certificates

    @Test func signedCertificateVerifiesAgainstItsCA() async throws {
        let text = #"""
        {{- $ca := genCA "sluice-ca" 365 -}}
        {{- $cert := genSignedCert "web.example.com" (list "10.0.0.1" "::1" "::ffff:192.168.1.2") (list "web.example.com" "*.web.example.com") 30 $ca -}}
        {{ $ca.Cert }}|{{ $ca.Key }}|{{ $cert.Cert }}|{{ $cert.Key }}
        """#
        let parts = try Self.render(text).split(separator: "|").map(String.init)
        #expect(parts.count == 4)
        let dir = try Self.directory(["ca.pem": parts[0], "ca.key": parts[1], "cert.pem": parts[2], "cert.key": parts[3]])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try await Self.openssl(["verify", "-CAfile", "ca.pem", "cert.pem"], in: dir) == "cert.pem: OK\n")
        try await Self.expectKeyMatches(cert: "ca.pem", key: "ca.key", in: dir)
        try await Self.expectKeyMatches(cert: "cert.pem", key: "cert.key", in: dir)
        #expect(parts[1].hasPrefix("-----BEGIN RSA PRIVATE KEY-----"))

        let ca = try await Self.openssl(["x509", "-noout", "-text", "-in", "ca.pem"], in: dir)
        #expect(ca.contains("Version: 3 (0x2)"))
        #expect(ca.contains("Issuer: CN = sluice-ca") && ca.contains("Subject: CN = sluice-ca"))
        #expect(ca.contains("Public-Key: (2048 bit)"))
        #expect(ca.contains("Signature Algorithm: sha256WithRSAEncryption"))
        #expect(ca.contains("X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment, Certificate Sign"))
        #expect(ca.contains("X509v3 Extended Key Usage: \n                TLS Web Server Authentication, TLS Web Client Authentication"))
        #expect(ca.contains("X509v3 Basic Constraints: critical\n                CA:TRUE\n"))
        #expect(ca.contains("X509v3 Subject Key Identifier"))
        #expect(!ca.contains("Authority Key Identifier"))

        let cert = try await Self.openssl(["x509", "-noout", "-text", "-in", "cert.pem"], in: dir)
        #expect(cert.contains("Issuer: CN = sluice-ca") && cert.contains("Subject: CN = web.example.com"))
        #expect(cert.contains("X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment\n"))
        #expect(cert.contains("X509v3 Basic Constraints: critical\n                CA:FALSE"))
        #expect(cert.contains("DNS:web.example.com, DNS:*.web.example.com, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:192.168.1.2"))
        #expect(cert.contains("X509v3 Authority Key Identifier"))
        #expect(!cert.contains("Subject Key Identifier"))
        // The CA's subject key identifier is the authority key identifier of what it signs.
        let caKeyID = try await Self.openssl(["x509", "-noout", "-ext", "subjectKeyIdentifier", "-in", "ca.pem"], in: dir)
        let certAuthority = try await Self.openssl(["x509", "-noout", "-ext", "authorityKeyIdentifier", "-in", "cert.pem"], in: dir)
        let keyID = caKeyID.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "none"
        #expect(certAuthority.contains(keyID))

        // Validity: 30 days from now (checkend counts seconds).
        _ = try await Self.openssl(["x509", "-noout", "-checkend", String(29 * 86400), "-in", "cert.pem"], in: dir)
        let expired = try await Shell.execute("openssl", ["x509", "-noout", "-checkend", String(31 * 86400), "-in", "cert.pem"], in: dir)
        #expect(expired.status == 1)
        // A random 128-bit serial: at most 16 bytes (17 with a leading zero that keeps it positive).
        let serial = try await Self.openssl(["x509", "-noout", "-serial", "-in", "cert.pem"], in: dir)
        #expect(serial.hasPrefix("serial=") && (serial.count - 8) <= 34)
    }

    @Test func certificatesWithGivenKeysKeepThoseKeys() async throws {
        let text = #"""
        {{- $caKey := genPrivateKey "ecdsa" -}}
        {{- $leafKey := genPrivateKey "ed25519" -}}
        {{- $ca := genCAWithKey "ec-ca" 10 $caKey -}}
        {{- $leaf := genSignedCertWithKey "leaf" nil (list "leaf.local") 10 $ca $leafKey -}}
        {{- $self := genSelfSignedCertWithKey "self" (list "127.0.0.1") nil 10 $caKey -}}
        {{ $ca.Cert }}|{{ $leaf.Cert }}|{{ $self.Cert }}|{{ eq $ca.Key $caKey }}|{{ eq $leaf.Key $leafKey }}|{{ eq $self.Key $caKey }}|{{ $caKey }}|{{ $leafKey }}
        """#
        let parts = try Self.render(text).split(separator: "|").map(String.init)
        #expect(parts[3...5] == ["true", "true", "true"])
        let dir = try Self.directory(["ca.pem": parts[0], "leaf.pem": parts[1], "self.pem": parts[2], "ca.key": parts[6], "leaf.key": parts[7]])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try await Self.openssl(["verify", "-CAfile", "ca.pem", "leaf.pem"], in: dir) == "leaf.pem: OK\n")
        try await Self.expectKeyMatches(cert: "ca.pem", key: "ca.key", in: dir)
        try await Self.expectKeyMatches(cert: "leaf.pem", key: "leaf.key", in: dir)
        try await Self.expectKeyMatches(cert: "self.pem", key: "ca.key", in: dir)
        let leaf = try await Self.openssl(["x509", "-noout", "-text", "-in", "leaf.pem"], in: dir)
        #expect(leaf.contains("Signature Algorithm: ecdsa-with-SHA256"))
        #expect(leaf.contains("Public Key Algorithm: ED25519"))
        let selfSigned = try await Self.openssl(["x509", "-noout", "-text", "-in", "self.pem"], in: dir)
        #expect(selfSigned.contains("IP Address:127.0.0.1"))
        #expect(selfSigned.contains("Issuer: CN = self"))
        // A self-signed leaf is its own issuer: OpenSSL accepts it as the trust anchor.
        #expect(try await Self.openssl(["verify", "-CAfile", "self.pem", "self.pem"], in: dir) == "self.pem: OK\n")
    }

    @Test func keysOpenSSLWroteAreAcceptedAndRewrittenAsGoWritesThem() async throws {
        let dir = try Self.directory([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try await Self.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "p384.pem"], in: dir)
        _ = try await Self.openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa8.pem"], in: dir)
        for file in ["p384.pem", "rsa8.pem"] {
            let key = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            #expect(key.hasPrefix("-----BEGIN PRIVATE KEY-----"))
            var set = TemplateSet()
            try set.parse(name: "t", text: #"{{ $c := genSelfSignedCertWithKey "x" nil nil 1 .key }}{{ $c.Cert }}|{{ $c.Key }}"#)
            let parts = try set.render("t", data: .object(["key": .string(key)])).split(separator: "|").map(String.init)
            #expect(parts[1].hasPrefix(file == "p384.pem" ? "-----BEGIN EC PRIVATE KEY-----" : "-----BEGIN RSA PRIVATE KEY-----"))
            try Data(parts[0].utf8).write(to: dir.appendingPathComponent("c.pem"))
            try Data(parts[1].utf8).write(to: dir.appendingPathComponent("c.key"))
            try await Self.expectKeyMatches(cert: "c.pem", key: file, in: dir)
            try await Self.expectKeyMatches(cert: "c.pem", key: "c.key", in: dir)
        }
    }

    @Test func buildCustomCertReturnsItsInputsAfterChecking() throws {
        let text = #"""
        {{- $ca := genCA "x" 1 -}}
        {{- $c := buildCustomCert ($ca.Cert | b64enc) ($ca.Key | b64enc) -}}
        {{ eq $c.Cert $ca.Cert }} {{ eq $c.Key $ca.Key }}
        """#
        #expect(try Self.render(text) == "true true")
        #expect(Self.error(#"{{ buildCustomCert "%%" "" }}"#)?.contains("error calling buildCustomCert: unable to decode base64 certificate") == true)
        #expect(Self.error(#"{{ buildCustomCert "" "%%" }}"#)?.contains("unable to decode base64 private key") == true)
        #expect(Self.error(#"{{ buildCustomCert ("hello" | b64enc) "" }}"#)?.contains("unable to decode certificate") == true)
        let badKey = #"{{ $ca := genCA "x" 1 }}{{ buildCustomCert ($ca.Cert | b64enc) ("-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n" | b64enc) }}"#
        #expect(Self.error(badKey)?.contains("error parsing private key: no private key data in PEM block of type FOO") == true)
    }

    @Test func certificateArgumentErrorsAsSprigWordsThem() {
        #expect(Self.error(#"{{ genSelfSignedCert "x" (list 1) nil 1 }}"#)?.contains("error calling genSelfSignedCert: error parsing ip: 1 is not a string") == true)
        #expect(Self.error(#"{{ genSelfSignedCert "x" (list "300.1.1.1") nil 1 }}"#)?.contains("error parsing ip: 300.1.1.1") == true)
        #expect(Self.error(#"{{ genSelfSignedCert "x" (list "010.1.1.1") nil 1 }}"#)?.contains("error parsing ip: 010.1.1.1") == true)
        #expect(Self.error(#"{{ genSelfSignedCert "x" nil (list true) 1 }}"#)?.contains("error processing alternate dns name: true is not a string") == true)
        #expect(Self.error(#"{{ genSelfSignedCert "x" "1.2.3.4" nil 1 }}"#)?.contains("expected []interface {}; got string") == true)
        #expect(Self.error(#"{{ genCAWithKey "x" 1 "nope" }}"#)?.contains("error calling genCAWithKey: parsing private key: no PEM data in input") == true)
        #expect(Self.error(#"{{ genSignedCert "x" nil nil 1 (dict "Cert" "" "Key" "") }}"#)?.contains("unable to decode certificate") == true)
        #expect(Self.error(#"{{ genSignedCert "x" nil nil 1 "ca" }}"#)?.contains("expected sprig.certificate; got string") == true)
        let mismatched = #"{{ $a := genCA "a" 1 }}{{ $b := genCA "b" 1 }}{{ genSignedCert "x" nil nil 1 (dict "Cert" $a.Cert "Key" $b.Key) }}"#
        #expect(Self.error(mismatched)?.contains("x509: provided PrivateKey doesn't match parent's PublicKey") == true)
    }

    @Test func validityComesFromTheClockWithTheFractionDropped() async throws {
        // 2021-03-04T05:06:07.9Z: rounding would start the certificate a second in the future; Go truncates.
        let set = TemplateSet(now: { Date(timeIntervalSince1970: 1_614_834_367.9) })
        let pem = try Self.render(#"{{ (genSelfSignedCertWithKey "x" nil nil 1 (genPrivateKey "ecdsa")).Cert }}"#, set)
        let dir = try Self.directory(["c.pem": pem])
        defer { try? FileManager.default.removeItem(at: dir) }
        let dates = try await Self.openssl(["x509", "-noout", "-startdate", "-enddate", "-in", "c.pem"], in: dir)
        #expect(dates == "notBefore=Mar  4 05:06:07 2021 GMT\nnotAfter=Mar  5 05:06:07 2021 GMT\n")
    }

    @Test func hostileDaysNeverTrap() async throws {
        // Go wraps 24h × days in an int64 of nanoseconds; the certificate is still made.
        for days in ["9223372036854775807", "-9223372036854775808", "-1", "0", "106751"] {
            let pem = try Self.render(#"{{ (genSelfSignedCertWithKey "x" nil nil "# + days + #" (genPrivateKey "ecdsa")).Cert }}"#)
            let dir = try Self.directory(["c.pem": pem])
            defer { try? FileManager.default.removeItem(at: dir) }
            _ = try await Self.openssl(["x509", "-noout", "-in", "c.pem"], in: dir)
        }
    }

    // MARK: AES

    @Test func encryptAESIsWhatOpenSSLDecryptsAndTheReverse() async throws {
        let password = "secret-password"
        let keyHex = Array(password.utf8).map { String(format: "%02x", $0) }.joined() + String(repeating: "00", count: 32 - password.utf8.count)
        let plaintext = "Sluice says hello, with a tail of seventeen+ bytes"
        let encrypted = try Self.render(#"{{ encryptAES "secret-password" "\#(plaintext)" }}"#)
        let bytes = try #require(Data(base64Encoded: encrypted))
        #expect(bytes.count == 16 + 64)
        let iv = bytes.prefix(16).map { String(format: "%02x", $0) }.joined()
        let dir = try Self.directory([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let decrypted = try await Self.openssl(["enc", "-d", "-aes-256-cbc", "-K", keyHex, "-iv", iv], in: dir, input: bytes.dropFirst(16))
        #expect(decrypted == plaintext)

        let theirIV = "000102030405060708090a0b0c0d0e0f"
        // The ciphertext is binary: OpenSSL writes it to a file.
        let raw = try await Self.encryptWithOpenSSL("from openssl", keyHex: keyHex, ivHex: theirIV, in: dir)
        let base64 = (Data((0..<16).map { UInt8($0) }) + raw).base64EncodedString()
        #expect(try Self.render(#"{{ decryptAES "secret-password" "\#(base64)" }}"#) == "from openssl")
        #expect(try Self.render(#"{{ encryptAES "k" "" }}|{{ decryptAES "k" "" }}"#) == "|")
        #expect(try Self.render(#"{{ encryptAES "k" "round trip" | decryptAES "k" }}"#) == "round trip")
    }

    static func encryptWithOpenSSL(_ text: String, keyHex: String, ivHex: String, in dir: URL) async throws -> Data {
        try Data(text.utf8).write(to: dir.appendingPathComponent("plain"))
        _ = try await openssl(["enc", "-aes-256-cbc", "-K", keyHex, "-iv", ivHex, "-in", "plain", "-out", "cipher"], in: dir)
        return try Data(contentsOf: dir.appendingPathComponent("cipher"))
    }

    @Test func decryptAESReportsGoPanicsAsErrors() {
        #expect(Self.error(#"{{ decryptAES "k" "YWJj" }}"#)?.contains("error calling decryptAES: runtime error: slice bounds out of range [:16] with capacity 3") == true)
        // 15 bytes with newlines in their base64: Go's buffer holds 18, so crypt[:16] works and crypt[16:] panics.
        let fifteen = Data(repeating: 7, count: 15).base64EncodedString()
        let wrapped = String(fifteen.prefix(5)) + #"\n\n"# + String(fifteen.dropFirst(5).prefix(5)) + #"\n\n"# + String(fifteen.dropFirst(10))
        #expect(Self.error(#"{{ decryptAES "k" "\#(wrapped)" }}"#)?.contains("runtime error: slice bounds out of range [16:15]") == true)
        #expect(Self.error(#"{{ decryptAES "k" "%%%%" }}"#)?.contains("illegal base64 data at input byte 0") == true)
        let ragged = Data(repeating: 1, count: 20).base64EncodedString()
        #expect(Self.error(#"{{ decryptAES "k" "\#(ragged)" }}"#)?.contains("crypto/cipher: input not full blocks") == true)
        let ivOnly = Data(repeating: 1, count: 16).base64EncodedString()
        #expect(Self.error(#"{{ decryptAES "k" "\#(ivOnly)" }}"#)?.contains("runtime error: index out of range [-1]") == true)
    }

    // MARK: bcrypt

    @Test func bcryptMatchesPublishedVectors() throws {
        // OpenBSD / Openwall crypt_blowfish test vectors.
        let vectors: [(String, String)] = [
            ("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"),
            ("U*U*", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK"),
            ("", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy"),
        ]
        for (password, expected) in vectors {
            let salt = try #require(BCrypt.decode(String(expected.dropFirst(7).prefix(22))))
            #expect(try BCrypt.hash(Array(password.utf8), cost: 5, salt: Array(salt.prefix(16))) == expected)
        }
    }

    @Test func bcryptMatchesApacheHtpasswd() async throws {
        let dir = try Self.directory([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        let line = try await Shell.run("htpasswd", ["-nbB", "-C", "5", "user", "pa$$ word"], in: dir)
        let hash = try #require(line.split(separator: "\n").first?.split(separator: ":").last.map(String.init))
        let salt = try #require(BCrypt.decode(String(hash.dropFirst(7).prefix(22))))
        let ours = try BCrypt.hash(Array("pa$$ word".utf8), cost: 5, salt: Array(salt.prefix(16)))
        #expect(ours.dropFirst(4) == hash.dropFirst(4))

        let entry = try Self.render(#"{{ htpasswd "admin" "s3cret!" }}"#)
        #expect(entry.hasPrefix("admin:$2a$10$") && entry.count == "admin:".count + 60)
        try Data((entry + "\n").utf8).write(to: dir.appendingPathComponent("passwords"))
        _ = try await Shell.run("htpasswd", ["-vb", "passwords", "admin", "s3cret!"], in: dir)
        let wrong = try await Shell.execute("htpasswd", ["-vb", "passwords", "admin", "wrong"], in: dir)
        #expect(wrong.status != 0)
        let plain = try Self.render(#"{{ bcrypt "abc" }}"#)
        try Data("u:\(plain)\n".utf8).write(to: dir.appendingPathComponent("plain"))
        _ = try await Shell.run("htpasswd", ["-vb", "plain", "u", "abc"], in: dir)
    }

    @Test func bcryptFailuresAreSprigsTexts() throws {
        #expect(try Self.render(#"{{ htpasswd "a:b" "x" }}"#) == "invalid username: a:b")
        let long = String(repeating: "x", count: 73)
        #expect(try Self.render(#"{{ bcrypt "\#(long)" }}"#) == "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes")
        #expect(Self.error(#"{{ htpasswd "a" }}"#)?.contains("wrong number of args for htpasswd: want 2 got 1") == true)
    }

    // MARK: derivePassword

    @Test func derivePasswordMatchesPublishedVectors() throws {
        // Sprig's own test vectors (crypto_test.go), made by Go's implementation of Master Password v3.
        let cases: [(String, String)] = [
            (#"1 "long" "password" "user" "example.com""#, "ZedaFaxcZaso9*"),
            (#"2 "long" "password" "user" "example.com""#, "Fovi2@JifpTupx"),
            (#"1 "maximum" "password" "user" "example.com""#, "pf4zS1LjCg&LjhsZ7T2~"),
            (#"1 "medium" "password" "user" "example.com""#, "ZedJuz8$"),
            (#"1 "basic" "password" "user" "example.com""#, "pIS54PLs"),
            (#"1 "short" "password" "user" "example.com""#, "Zed5"),
            (#"1 "pin" "password" "user" "example.com""#, "6685"),
        ]
        for (arguments, expected) in cases {
            #expect(try Self.render("{{ derivePassword \(arguments) }}") == expected)
        }
        #expect(try Self.render(#"{{ derivePassword 1 "nope" "p" "u" "s" }}"#) == "cannot find password template nope")
        #expect(Self.error(#"{{ derivePassword "1" "long" "p" "u" "s" }}"#)?.contains("expected uint32; got string") == true)
        #expect(Self.error(#"{{ derivePassword -1 "long" "p" "u" "s" }}"#)?.contains("expected uint32") == true)
    }

    // MARK: getHostByName, randBytes

    @Test func getHostByNameResolvesOnlyThroughTheHook() throws {
        #expect(try Self.render(#"{{ getHostByName "example.com" }}"#) == "")
        var set = TemplateSet()
        set.hostResolver = { name in name == "db.local" ? ["10.1.2.3", "10.1.2.4"] : [] }
        #expect(["10.1.2.3", "10.1.2.4"].contains(try Self.render(#"{{ getHostByName "db.local" }}"#, set)))
        #expect(Self.error(#"{{ getHostByName "nowhere" }}"#, set)?.contains("error calling getHostByName: invalid argument to Intn") == true)
    }

    @Test func randBytesIsBounded() throws {
        #expect(try Data(base64Encoded: Self.render("{{ randBytes 24 }}"))?.count == 24)
        #expect(try Self.render("{{ randBytes 0 }}") == "")
        #expect(Self.error("{{ randBytes -1 }}")?.contains("runtime error: makeslice: len out of range") == true)
        #expect(Self.error("{{ randBytes 9223372036854775807 }}")?.contains("error calling randBytes") == true)
    }
}
