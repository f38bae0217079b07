import Foundation
import SluiceCore

/// An RFC 6901 JSON pointer: `/`-separated reference tokens with `~1` for `/` and `~0` for `~`.
struct JSONPointer: CustomStringConvertible {
    /// The unescaped reference tokens; empty for the whole document.
    let tokens: [String]
    /// The pointer as written, for messages.
    let description: String

    init(_ text: String) throws(PatchError) {
        description = text
        if text.isEmpty {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else {
            throw PatchError("invalid JSON pointer \"\(text)\": it must be empty or start with \"/\"")
        }
        // Splitting keeps empty tokens: "/a//b" names the key "" under "a".
        tokens = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            // ~1 first, so that "~01" becomes "~1" and not "/".
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// Whether this pointer names `other` or something inside it.
    func isInside(_ other: JSONPointer) -> Bool {
        tokens.count >= other.tokens.count && Array(tokens.prefix(other.tokens.count)) == other.tokens
    }

    /// The array index a token names, for reading or replacing: digits without leading zeros, within bounds.
    static func index(_ token: String, count: Int, allowEnd: Bool) -> Int? {
        if allowEnd && token == "-" { return count }
        guard !token.isEmpty, token.allSatisfy(\.isASCII), token.allSatisfy(\.isNumber),
              token == "0" || !token.hasPrefix("0"), let index = Int(token)
        else { return nil }
        return index <= (allowEnd ? count : count - 1) ? index : nil
    }
}
