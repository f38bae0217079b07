import Crypto
import _CryptoExtras
import X509

/// A private key of a kind Sprig's crypto functions generate or accept, written back the way Go's `crypto/x509`
/// writes it (Sprig's `pemBlockForKey`): RSA as PKCS#1 `RSA PRIVATE KEY`, ECDSA as SEC1 `EC PRIVATE KEY`, Ed25519 as
/// PKCS#8 `PRIVATE KEY`. DSA is not supported (no DSA in swift-crypto; Go itself deprecates it).
enum SprigPrivateKey {
    case rsa(_RSA.Signing.PrivateKey)
    case p256(P256.Signing.PrivateKey)
    case p384(P384.Signing.PrivateKey)
    case p521(P521.Signing.PrivateKey)
    case ed25519(Curve25519.Signing.PrivateKey)

    /// A new RSA key of `bits` bits.
    static func rsa(bits: Int) throws(FunctionError) -> SprigPrivateKey {
        do { return .rsa(try _RSA.Signing.PrivateKey(keySize: .init(bitCount: bits))) } catch {
            throw FunctionError("error generating rsa key: \(error)")
        }
    }

    /// Sprig's `genPrivateKey`: the PEM of a new key of `type` ("" and "rsa": RSA 4096; "ecdsa": P-256; "ed25519"),
    /// or Sprig's text for a type it does not know. Sprig returns its failures as the function's result, not as errors.
    static func generatePEM(_ type: String) -> String {
        let key: SprigPrivateKey
        switch type {
        case "", "rsa":
            do { key = try rsa(bits: 4096) } catch { return "failed to generate private key: \(error.message)" }
        case "ecdsa": key = .p256(P256.Signing.PrivateKey())
        case "ed25519": key = .ed25519(Curve25519.Signing.PrivateKey())
        case "dsa": return "failed to generate dsa params: dsa keys are not supported by Sluice"
        default: return "Unknown type " + type
        }
        return key.pem
    }

    /// Sprig's `parsePrivateKeyPEM`, with its error texts.
    init(pem text: String) throws(FunctionError) {
        guard let block = PEMBlock(decoding: text) else { throw FunctionError("no PEM data in input") }
        if block.type == "PRIVATE KEY" {
            guard let key = Self.pkcs8(block.bytes) else {
                throw FunctionError("decoding PEM as PKCS#8: x509: failed to parse private key")
            }
            self = key
            return
        }
        guard block.type.hasSuffix(" PRIVATE KEY") else {
            throw FunctionError("no private key data in PEM block of type \(block.type)")
        }
        switch block.type.dropLast(12) {
        case "RSA":
            guard let key = try? _RSA.Signing.PrivateKey(unsafeDERRepresentation: block.bytes) else {
                throw FunctionError("parsing RSA private key from PEM: x509: failed to parse private key")
            }
            self = .rsa(key)
        case "EC":
            guard let key = Self.ec(block.bytes) else {
                throw FunctionError("parsing EC private key from PEM: x509: failed to parse EC private key")
            }
            self = key
        case "DSA":
            throw FunctionError("parsing DSA private key from PEM: dsa keys are not supported by Sluice")
        default:
            throw FunctionError("invalid private key type \(block.type)")
        }
    }

    /// An ECDSA key in SEC1 or PKCS#8 DER, on any of the curves Go supports for certificates.
    private static func ec(_ der: [UInt8]) -> SprigPrivateKey? {
        if let key = try? P256.Signing.PrivateKey(derRepresentation: der) { return .p256(key) }
        if let key = try? P384.Signing.PrivateKey(derRepresentation: der) { return .p384(key) }
        if let key = try? P521.Signing.PrivateKey(derRepresentation: der) { return .p521(key) }
        return nil
    }

    /// A PKCS#8 key: RSA, ECDSA or Ed25519 (what Go's `ParsePKCS8PrivateKey` takes, less X25519 and ECDH).
    private static func pkcs8(_ der: [UInt8]) -> SprigPrivateKey? {
        guard let outer = DERElement.parseAll(der[...]), outer.count == 1, let fields = outer[0].children, fields.count >= 3,
              let algorithm = fields[1].children, let oid = algorithm.first, oid.tag == 0x06, fields[2].tag == 0x04 else { return nil }
        switch oid.contents {
        case rsaEncryption:
            return (try? _RSA.Signing.PrivateKey(unsafeDERRepresentation: fields[2].contents)).map { .rsa($0) }
        case ecPublicKey:
            return ec(der)
        case ed25519OID:
            guard let inner = DERElement.parseAll(fields[2].contents[...]), inner.count == 1, inner[0].tag == 0x04,
                  let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: inner[0].contents) else { return nil }
            return .ed25519(key)
        default:
            return nil
        }
    }

    private static let rsaEncryption: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]
    private static let ecPublicKey: [UInt8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]
    private static let ed25519OID: [UInt8] = [0x2B, 0x65, 0x70]
    private static let p256OID: [UInt8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]
    private static let p384OID: [UInt8] = [0x2B, 0x81, 0x04, 0x00, 0x22]
    private static let p521OID: [UInt8] = [0x2B, 0x81, 0x04, 0x00, 0x23]

    /// The PEM block Go's `pemBlockForKey` makes.
    var pemBlock: PEMBlock {
        switch self {
        case .rsa(let key): return PEMBlock(type: "RSA PRIVATE KEY", bytes: Array(key.derRepresentation))
        case .p256(let key): return Self.sec1(Array(key.rawRepresentation), Array(key.publicKey.x963Representation), curve: Self.p256OID)
        case .p384(let key): return Self.sec1(Array(key.rawRepresentation), Array(key.publicKey.x963Representation), curve: Self.p384OID)
        case .p521(let key): return Self.sec1(Array(key.rawRepresentation), Array(key.publicKey.x963Representation), curve: Self.p521OID)
        case .ed25519(let key):
            let der = DERElement.sequence([
                .integer(0), .sequence([.objectIdentifier(Self.ed25519OID)]), .octetString(DERElement.octetString(Array(key.rawRepresentation)).encoded),
            ]).encoded
            return PEMBlock(type: "PRIVATE KEY", bytes: der)
        }
    }

    /// Go's `MarshalECPrivateKey`: version 1, the private scalar, the named curve and the public point.
    private static func sec1(_ scalar: [UInt8], _ point: [UInt8], curve: [UInt8]) -> PEMBlock {
        let der = DERElement.sequence([
            .integer(1), .octetString(scalar), .explicit(0, .objectIdentifier(curve)), .explicit(1, .bitString(point)),
        ]).encoded
        return PEMBlock(type: "EC PRIVATE KEY", bytes: der)
    }

    /// The key as PEM text.
    var pem: String { pemBlock.encoded }

    /// The key as swift-certificates signs with it.
    var certificateKey: Certificate.PrivateKey {
        switch self {
        case .rsa(let key): return Certificate.PrivateKey(key)
        case .p256(let key): return Certificate.PrivateKey(key)
        case .p384(let key): return Certificate.PrivateKey(key)
        case .p521(let key): return Certificate.PrivateKey(key)
        case .ed25519(let key): return Certificate.PrivateKey(key)
        }
    }

    /// The subjectPublicKey bits (what Go hashes for a subject key identifier).
    var publicKeyBits: [UInt8] {
        switch self {
        case .rsa(let key): return Array(key.publicKey.pkcs1DERRepresentation)
        case .p256(let key): return Array(key.publicKey.x963Representation)
        case .p384(let key): return Array(key.publicKey.x963Representation)
        case .p521(let key): return Array(key.publicKey.x963Representation)
        case .ed25519(let key): return Array(key.publicKey.rawRepresentation)
        }
    }
}
