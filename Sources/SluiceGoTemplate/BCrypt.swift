/// bcrypt password hashing (`$2a$`), as Go's `golang.org/x/crypto/bcrypt` produces it for Sprig's `bcrypt` and
/// `htpasswd`: the password with its trailing NUL as key, a 16-byte salt, 2^cost rounds of EksBlowfishSetup, and
/// "OrpheanBeholderScryDoubt" encrypted 64 times, of which 23 bytes are kept.
enum BCrypt {
    /// Go's `bcrypt.DefaultCost`.
    static let defaultCost = 10
    /// The longest password bcrypt takes (Go refuses longer ones rather than truncating).
    static let maxPasswordLength = 72

    /// Why a password cannot be hashed, in Go's words.
    enum Failure: Error, Equatable {
        case passwordTooLong
        case invalidCost(Int)

        var message: String {
            switch self {
            case .passwordTooLong: return "bcrypt: password length exceeds 72 bytes"
            case .invalidCost(let cost): return "crypto/bcrypt: cost \(cost) is outside allowed inclusive range 4..31"
            }
        }
    }

    /// The modular-crypt string `$2a$CC$<22 salt chars><31 hash chars>` of `password`.
    static func hash(_ password: [UInt8], cost: Int = defaultCost, salt: [UInt8]) throws(Failure) -> String {
        guard password.count <= maxPasswordLength else { throw .passwordTooLong }
        guard (4...31).contains(cost) else { throw .invalidCost(cost) }
        precondition(salt.count == 16, "bcrypt salts are 16 bytes")
        let key = password + [0]
        var cipher = Blowfish()
        cipher.expand(key: key, salt: salt)
        for _ in 0..<(1 << cost) {
            cipher.expand(key: key)
            cipher.expand(key: salt)
        }
        var words: [UInt32] = [0x4F72_7068, 0x6561_6E42, 0x6568_6F6C, 0x6465_7253, 0x6372_7944, 0x6F75_6274]  // "OrpheanBeholderScryDoubt"
        for block in stride(from: 0, to: 6, by: 2) {
            for _ in 0..<64 { (words[block], words[block + 1]) = cipher.encrypt(words[block], words[block + 1]) }
        }
        let bytes = words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) } }
        let costText = cost < 10 ? "0\(cost)" : "\(cost)"
        return "$2a$\(costText)$" + encode(salt) + encode(Array(bytes.prefix(23)))
    }

    /// The hash of `password` with a fresh random salt.
    static func hash(_ password: [UInt8], cost: Int = defaultCost) throws(Failure) -> String {
        var generator = SystemRandomNumberGenerator()
        return try hash(password, cost: cost, salt: (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    private static let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// bcrypt's base64: its own alphabet, no padding.
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8 | Int(byte)) & 0xFFFF
            bits += 8
            while bits >= 6 {
                bits -= 6
                out.append(alphabet[(buffer >> bits) & 63])
            }
        }
        if bits > 0 { out.append(alphabet[(buffer << (6 - bits)) & 63]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of bcrypt's base64 `text` (for salts read back from a hash), or nil when it is not that alphabet.
    static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer = 0
        var bits = 0
        for char in text.utf8 {
            guard let value = alphabet.firstIndex(of: char) else { return nil }
            buffer = (buffer << 6 | value) & 0xFFFF
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> bits) & 0xFF))
            }
        }
        return out
    }
}
