import Crypto
import _CryptoExtras
import Foundation

/// An SSH key pair as Flux stores it in a Git Secret: the private key as PEM (PKCS#8 for generated keys, as
/// `fluxcd/pkg/ssh` writes them, or the file given, byte for byte) and the public key in `authorized_keys` form.
struct SSHKeyPair {
    /// The private key, PEM or OpenSSH text.
    var privateKey: String
    /// `TYPE BASE64\n`.
    var publicKey: String

    /// The algorithms `--ssh-key-algorithm` accepts.
    enum Algorithm: String, CaseIterable {
        case rsa, ecdsa, ed25519
    }

    /// The curves `--ssh-ecdsa-curve` accepts.
    enum Curve: String, CaseIterable {
        case p256, p384, p521
    }

    /// Makes a new key pair.
    static func generate(_ algorithm: Algorithm, rsaBits: Int, curve: Curve) throws -> SSHKeyPair {
        switch algorithm {
        case .ed25519:
            let key = Curve25519.Signing.PrivateKey()
            // PKCS#8 of an Ed25519 key (RFC 8410): a fixed prefix, then the 32-byte seed.
            let der: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
                + Array(key.rawRepresentation)
            return SSHKeyPair(privateKey: pem("PRIVATE KEY", der),
                              publicKey: authorizedKey(type: "ssh-ed25519", [wireString("ssh-ed25519"), wireString(Array(key.publicKey.rawRepresentation))]))
        case .ecdsa:
            switch curve {
            case .p256:
                let key = P256.Signing.PrivateKey()
                return ecdsa(pemText: key.pemRepresentation, point: Array(key.publicKey.x963Representation), curve: "nistp256")
            case .p384:
                let key = P384.Signing.PrivateKey()
                return ecdsa(pemText: key.pemRepresentation, point: Array(key.publicKey.x963Representation), curve: "nistp384")
            case .p521:
                let key = P521.Signing.PrivateKey()
                return ecdsa(pemText: key.pemRepresentation, point: Array(key.publicKey.x963Representation), curve: "nistp521")
            }
        case .rsa:
            let size = _RSA.Signing.KeySize(bitCount: rsaBits)
            let key = rsaBits >= 2048 ? try _RSA.Signing.PrivateKey(keySize: size) : try _RSA.Signing.PrivateKey(unsafeKeySize: size)
            return try SSHKeyPair(privateKey: normalized(key.pkcs8PEMRepresentation), publicKey: rsaAuthorizedKey(key.publicKey))
        }
    }

    /// Reads a private key file as Flux's `LoadKeyPair` does, deriving its public key: OpenSSH format (the public key
    /// is in its clear header, so a passphrase is not needed for it), or PEM PKCS#8, SEC 1 or PKCS#1.
    ///
    /// - Throws: ``CLIError`` naming the file when it is unreadable, too big, or not a key Sluice can read.
    static func load(path: String) throws -> SSHKeyPair {
        let limit = 64 * 1024
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CLIError("failed to open private key file: \(path): \(String(cString: strerror(errno)))")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        guard data.count <= limit else { throw CLIError("failed to open private key file: \(path) is larger than \(limit) bytes") }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError("private key file \(path) is not text (PEM or OpenSSH format)") }
        do {
            return SSHKeyPair(privateKey: text, publicKey: try publicKey(ofPrivateKey: text))
        } catch let error as SSHKeyError {
            throw CLIError("cannot read the private key in \(path): \(error.message)",
                           hint: "give an unencrypted PEM key or an OpenSSH key (ssh-keygen -t ed25519 -f FILE)")
        }
    }

    /// The `authorized_keys` line of a private key's public half.
    static func publicKey(ofPrivateKey text: String) throws -> String {
        if text.contains("-----BEGIN OPENSSH PRIVATE KEY-----") {
            let der = try pemBody(text, label: "OPENSSH PRIVATE KEY")
            var reader = SSHWireReader(der)
            guard try reader.bytes(count: 15) == Array("openssh-key-v1\0".utf8) else { throw SSHKeyError("not an openssh-key-v1 key") }
            _ = try reader.string() // cipher
            _ = try reader.string() // kdf
            _ = try reader.string() // kdf options
            guard try reader.uint32() >= 1 else { throw SSHKeyError("the file holds no key") }
            let blob = try reader.string()
            var inner = SSHWireReader(blob)
            let type = String(decoding: try inner.string(), as: UTF8.self)
            return "\(type) \(Data(blob).base64EncodedString())\n"
        }
        if text.contains("ENCRYPTED") {
            throw SSHKeyError("password-protected PEM keys are not supported")
        }
        if let key = try? P256.Signing.PrivateKey(pemRepresentation: text) {
            return ecdsa(pemText: "", point: Array(key.publicKey.x963Representation), curve: "nistp256").publicKey
        }
        if let key = try? P384.Signing.PrivateKey(pemRepresentation: text) {
            return ecdsa(pemText: "", point: Array(key.publicKey.x963Representation), curve: "nistp384").publicKey
        }
        if let key = try? P521.Signing.PrivateKey(pemRepresentation: text) {
            return ecdsa(pemText: "", point: Array(key.publicKey.x963Representation), curve: "nistp521").publicKey
        }
        if let key = try? _RSA.Signing.PrivateKey(unsafePEMRepresentation: text) {
            return try rsaAuthorizedKey(key.publicKey)
        }
        if let der = try? pemBody(text, label: "PRIVATE KEY"), der.count == 48,
           der.prefix(16).elementsEqual([0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]),
           let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32))
        {
            return authorizedKey(type: "ssh-ed25519", [wireString("ssh-ed25519"), wireString(Array(key.publicKey.rawRepresentation))])
        }
        throw SSHKeyError("no RSA, ECDSA or Ed25519 private key found")
    }

    private static func ecdsa(pemText: String, point: [UInt8], curve: String) -> SSHKeyPair {
        let type = "ecdsa-sha2-\(curve)"
        return SSHKeyPair(privateKey: normalized(pemText), publicKey: authorizedKey(type: type, [wireString(type), wireString(curve), wireString(point)]))
    }

    private static func rsaAuthorizedKey(_ key: _RSA.Signing.PublicKey) throws -> String {
        let primitives = try key.getKeyPrimitives()
        return authorizedKey(type: "ssh-rsa", [wireString("ssh-rsa"), wireString(mpint(Array(primitives.publicExponent))),
                                               wireString(mpint(Array(primitives.modulus)))])
    }

    private static func authorizedKey(type: String, _ parts: [[UInt8]]) -> String {
        "\(type) \(Data(parts.flatMap { $0 }).base64EncodedString())\n"
    }

    /// An SSH `string`: a 32-bit big-endian length, then the bytes.
    static func wireString(_ bytes: [UInt8]) -> [UInt8] {
        let count = UInt32(bytes.count)
        return [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)] + bytes
    }

    static func wireString(_ text: String) -> [UInt8] { wireString(Array(text.utf8)) }

    /// An unsigned big-endian integer as an SSH `mpint`: no leading zeros, one added when the top bit is set.
    static func mpint(_ bytes: [UInt8]) -> [UInt8] {
        let trimmed = Array(bytes.drop { $0 == 0 })
        guard let first = trimmed.first else { return [] }
        return first & 0x80 != 0 ? [0] + trimmed : trimmed
    }

    /// PEM as Go's `pem.EncodeToMemory` writes it: 64-column base64, ending in a newline.
    static func pem(_ label: String, _ der: [UInt8]) -> String {
        let base64 = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(base64)\n-----END \(label)-----\n"
    }

    private static func normalized(_ pem: String) -> String {
        pem.isEmpty || pem.hasSuffix("\n") ? pem : pem + "\n"
    }

    /// The bytes between a PEM block's armour lines.
    static func pemBody(_ text: String, label: String) throws -> [UInt8] {
        guard let begin = text.range(of: "-----BEGIN \(label)-----"),
              let end = text.range(of: "-----END \(label)-----", range: begin.upperBound..<text.endIndex)
        else { throw SSHKeyError("no \(label) block") }
        let body = text[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: String(body)) else { throw SSHKeyError("the \(label) block is not base64") }
        return Array(data)
    }
}

/// Why a private key could not be read.
struct SSHKeyError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Reads SSH wire types from bytes, bounds checked by subtraction.
struct SSHWireReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func bytes(count: Int) throws -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else { throw SSHKeyError("truncated key data") }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func uint32() throws -> UInt32 {
        try bytes(count: 4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func string() throws -> [UInt8] {
        guard let count = Int(exactly: try uint32()) else { throw SSHKeyError("truncated key data") }
        return try bytes(count: count)
    }
}
