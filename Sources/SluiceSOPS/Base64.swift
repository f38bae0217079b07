import Foundation

/// Standard base64 (RFC 4648 §4), padded as SOPS writes it or unpadded as age writes it; decoding never traps.
enum Base64 {
    /// The padded encoding of `bytes`.
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }

    /// The unpadded encoding of `bytes` (age's header).
    static func encodeUnpadded(_ bytes: [UInt8]) -> String {
        var text = encode(bytes)
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// The bytes of padded base64 `text`, or nil when it is not canonical base64.
    static func decode(_ text: Substring) -> [UInt8]? {
        guard text.utf8.allSatisfy(isAlphabetOrPadding), let data = Data(base64Encoded: String(text)) else { return nil }
        return [UInt8](data)
    }

    /// The bytes of unpadded base64 `text` (age's canonical form), or nil when it is padded or not base64.
    static func decodeUnpadded(_ text: Substring) -> [UInt8]? {
        guard !text.contains("="), text.utf8.count % 4 != 1 else { return nil }
        let padding = String(repeating: "=", count: (4 - text.utf8.count % 4) % 4)
        guard let bytes = decode(Substring(String(text) + padding)) else { return nil }
        // Canonical: re-encoding gives the same text (no stray low bits in the last character).
        return encodeUnpadded(bytes) == text ? bytes : nil
    }

    private static func isAlphabetOrPadding(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="):
            return true
        default:
            return false
        }
    }
}
