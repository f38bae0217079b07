import Crypto
import Foundation
import SluiceCore

/// Sprig's encodings and digests: `b64enc`, `b64dec`, `b32enc`, `b32dec`, `sha1sum`, `sha256sum`, `sha512sum`, `adler32sum`,
/// and the random `uuidv4` and `randBytes`.
enum EncodingFunctions {
    static func register(in table: inout FunctionTable) {
        func string(_ name: String, _ transform: @escaping @Sendable (String) -> String) {
            table.add(name, [.string]) { _, args in .string(transform(args[0].stringValue!)) }
        }
        string("b64enc") { Data($0.utf8).base64EncodedString() }
        string("b64dec") { text in
            switch base64Decode(text) {
            case .success(let bytes): return String(decoding: bytes, as: UTF8.self)
            case .failure(let offset): return "illegal base64 data at input byte \(offset)"
            }
        }
        string("b32enc") { base32Encode(Array($0.utf8)) }
        string("b32dec") { text in
            switch base32Decode(text) {
            case .success(let bytes): return String(decoding: bytes, as: UTF8.self)
            case .failure(let offset): return "illegal base32 data at input byte \(offset)"
            }
        }
        string("sha1sum") { hex(Insecure.SHA1.hash(data: Data($0.utf8))) }
        string("sha256sum") { hex(SHA256.hash(data: Data($0.utf8))) }
        string("sha512sum") { hex(SHA512.hash(data: Data($0.utf8))) }
        string("adler32sum") { String(adler32(Array($0.utf8))) }
        table.add("uuidv4", []) { _, _ in .string(UUID().uuidString.lowercased()) }
        table.add("randBytes", [.int]) { _, args throws(FunctionError) in
            let count = StringFunctions.intArg(args[0])
            // Go's make([]byte, n) panics on a negative length; a huge one is refused rather than exhausting memory.
            guard count >= 0 else { throw FunctionError("runtime error: makeslice: len out of range") }
            guard count <= StringFunctions.maxGeneratedSize else {
                throw FunctionError("randBytes: \(count) bytes exceeds \(StringFunctions.maxGeneratedSize)")
            }
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            return .string(Data(bytes).base64EncodedString())
        }
    }

    private static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { GoQuote.hex(UInt32($0), width: 2) }.joined()
    }

    /// Adler-32 of `bytes`.
    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return (b << 16) | a
    }

    /// An error offset in the input, as Go's `CorruptInputError`.
    enum Decoded {
        case success([UInt8])
        case failure(Int)
    }

    private static let base64Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let base32Alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Go's `base64.StdEncoding.DecodeString` (padding required; newlines ignored).
    static func base64Decode(_ text: String) -> Decoded {
        decode(text, alphabet: base64Alphabet, bitsPerChar: 6, quantum: 4)
    }

    /// Go's `base32.StdEncoding.DecodeString`.
    static func base32Decode(_ text: String) -> Decoded {
        decode(text, alphabet: base32Alphabet, bitsPerChar: 5, quantum: 8)
    }

    private static func decode(_ text: String, alphabet: [UInt8], bitsPerChar: Int, quantum: Int) -> Decoded {
        var lookup = [Int](repeating: -1, count: 256)
        for (index, char) in alphabet.enumerated() { lookup[Int(char)] = index }
        let input = Array(text.utf8).enumerated().filter { $0.element != 0x0A && $0.element != 0x0D }
        var output: [UInt8] = []
        var buffer = 0
        var bits = 0
        var index = 0
        while index < input.count {
            let (offset, char) = input[index]
            if char == UInt8(ascii: "=") {
                // Padding must complete the quantum and end the input.
                let position = index % quantum
                let padding = input[index...].prefix { $0.element == UInt8(ascii: "=") }.count
                if position < 2 || (position + padding) % quantum != 0 || index + padding != input.count { return .failure(offset) }
                return .success(output)
            }
            let value = lookup[Int(char)]
            if value < 0 { return .failure(offset) }
            buffer = (buffer << bitsPerChar) | value
            bits += bitsPerChar
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((buffer >> bits) & 0xFF))
            }
            index += 1
        }
        // An incomplete last quantum is reported at its start, as Go does.
        if input.count % quantum != 0 { return .failure(input[input.count - input.count % quantum].offset) }
        return .success(output)
    }

    /// Go's `base32.StdEncoding.EncodeToString`.
    static func base32Encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(base32Alphabet[(buffer >> bits) & 31])
            }
        }
        if bits > 0 { out.append(base32Alphabet[(buffer << (5 - bits)) & 31]) }
        while out.count % 8 != 0 { out.append(UInt8(ascii: "=")) }
        return String(decoding: out, as: UTF8.self)
    }
}
