import Foundation
import X509

/// Sprig's crypto functions as Helm 4 exposes them (Sprig v3.3.0): keys (`genPrivateKey`), certificates (`genCA`,
/// `genCAWithKey`, `genSelfSignedCert`, `genSelfSignedCertWithKey`, `genSignedCert`, `genSignedCertWithKey`,
/// `buildCustomCert`), AES (`encryptAES`, `decryptAES`), password hashes (`bcrypt`, `htpasswd`, `derivePassword`) and
/// `getHostByName`, which resolves only through ``TemplateSet/hostResolver`` (Helm's default, DNS disabled, is "").
enum CryptoFunctions {
    /// RSA keys Sprig makes for certificates.
    static let certificateKeyBits = 2048

    static func register(in table: inout FunctionTable) {
        table.add("genPrivateKey", [.string]) { _, args in .string(SprigPrivateKey.generatePEM(args[0].stringValue!)) }
        table.add("genCA", [.string, .int]) { executor, args throws(FunctionError) in
            try SprigCertificate.make(commonName: args[0].stringValue!, ips: [], dnsNames: [], days: StringFunctions.intArg(args[1]), isCA: true,
                                      key: try .rsa(bits: certificateKeyBits), issuer: nil, now: executor.set.now())
        }
        table.add("genCAWithKey", [.string, .int, .string]) { executor, args throws(FunctionError) in
            try SprigCertificate.make(commonName: args[0].stringValue!, ips: [], dnsNames: [], days: StringFunctions.intArg(args[1]), isCA: true,
                                      key: try pemKey(args[2]), issuer: nil, now: executor.set.now())
        }
        table.add("genSelfSignedCert", [.string, .any, .any, .int]) { executor, args throws(FunctionError) in
            try SprigCertificate.make(commonName: args[0].stringValue!, ips: try SprigCertificate.ipAddresses(args[1]),
                                      dnsNames: try SprigCertificate.dnsNames(args[2]), days: StringFunctions.intArg(args[3]), isCA: false,
                                      key: try .rsa(bits: certificateKeyBits), issuer: nil, now: executor.set.now())
        }
        table.add("genSelfSignedCertWithKey", [.string, .any, .any, .int, .string]) { executor, args throws(FunctionError) in
            try SprigCertificate.make(commonName: args[0].stringValue!, ips: try SprigCertificate.ipAddresses(args[1]),
                                      dnsNames: try SprigCertificate.dnsNames(args[2]), days: StringFunctions.intArg(args[3]), isCA: false,
                                      key: try pemKey(args[4]), issuer: nil, now: executor.set.now())
        }
        table.add("genSignedCert", [.string, .any, .any, .int, .any]) { executor, args throws(FunctionError) in
            let issuer = try signer(args[4])
            return try SprigCertificate.make(commonName: args[0].stringValue!, ips: try SprigCertificate.ipAddresses(args[1]),
                                             dnsNames: try SprigCertificate.dnsNames(args[2]), days: StringFunctions.intArg(args[3]), isCA: false,
                                             key: try .rsa(bits: certificateKeyBits), issuer: issuer, now: executor.set.now())
        }
        table.add("genSignedCertWithKey", [.string, .any, .any, .int, .any, .string]) { executor, args throws(FunctionError) in
            let key = try pemKey(args[5])
            let issuer = try signer(args[4])
            return try SprigCertificate.make(commonName: args[0].stringValue!, ips: try SprigCertificate.ipAddresses(args[1]),
                                             dnsNames: try SprigCertificate.dnsNames(args[2]), days: StringFunctions.intArg(args[3]), isCA: false,
                                             key: key, issuer: issuer, now: executor.set.now())
        }
        table.add("buildCustomCert", [.string, .string]) { _, args throws(FunctionError) in
            try SprigCertificate.buildCustom(base64Cert: args[0].stringValue!, base64Key: args[1].stringValue!)
        }
        table.add("encryptAES", [.string, .string]) { _, args throws(FunctionError) in
            .string(try SprigAES.encrypt(password: args[0].stringValue!, plaintext: args[1].stringValue!))
        }
        table.add("decryptAES", [.string, .string]) { _, args throws(FunctionError) in
            .string(try SprigAES.decrypt(password: args[0].stringValue!, base64: args[1].stringValue!))
        }
        table.add("bcrypt", [.string]) { _, args in .string(bcrypt(args[0].stringValue!)) }
        table.add("htpasswd", [.string, .string]) { _, args in
            let user = args[0].stringValue!
            if user.contains(":") { return .string("invalid username: \(user)") }
            return .string("\(user):\(bcrypt(args[1].stringValue!))")
        }
        table.add("derivePassword", [.any, .string, .string, .string, .string]) { _, args throws(FunctionError) in
            guard case .int(let counter) = args[0], let counter32 = UInt32(exactly: counter) else {
                throw FunctionError("wrong type for value; expected uint32; got \(args[0].typeName)")
            }
            return .string(MasterPassword.derive(counter: counter32, type: args[1].stringValue!, password: args[2].stringValue!,
                                                 user: args[3].stringValue!, site: args[4].stringValue!))
        }
        table.add("getHostByName", [.string]) { executor, args throws(FunctionError) in
            guard let resolve = executor.set.hostResolver else { return .string("") }
            let addresses = resolve(args[0].stringValue!)
            // Sprig picks one at random, and panics (rand.Intn(0)) when there is none.
            guard let address = addresses.randomElement() else { throw FunctionError("invalid argument to Intn") }
            return .string(address)
        }
    }

    /// Sprig's `bcrypt`: the hash at Go's default cost, or Sprig's failure text as the result.
    static func bcrypt(_ password: String) -> String {
        do throws(BCrypt.Failure) { return try BCrypt.hash(Array(password.utf8)) } catch {
            return "failed to encrypt string with bcrypt: \(error.message)"
        }
    }

    /// A PEM key argument of a `WithKey` function, with Sprig's `parsing private key:` prefix on failure.
    private static func pemKey(_ value: GoValue) throws(FunctionError) -> SprigPrivateKey {
        do throws(FunctionError) { return try SprigPrivateKey(pem: value.stringValue!) } catch {
            throw FunctionError("parsing private key: \(error.message)")
        }
    }

    /// The certificate and key of a signing CA passed as Sprig's `certificate`.
    private static func signer(_ value: GoValue) throws(FunctionError) -> (certificate: Certificate, key: SprigPrivateKey) {
        let (cert, key) = try SprigCertificate.fields(value)
        let certificate = try SprigCertificate.parse(cert)
        do throws(FunctionError) { return (certificate, try SprigPrivateKey(pem: key)) } catch {
            throw FunctionError("error parsing private key: \(error.message)")
        }
    }
}
