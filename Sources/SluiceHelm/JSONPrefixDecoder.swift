import Foundation
import SluiceCore

/// Reads the JSON value at the start of a text and says how much of it was used, as Go's `json.Decoder` reads one
/// value from a stream (for `--set-json a={"x":1},b=2`).
enum JSONPrefixDecoder {
    /// The value at the start of `text` (after white space) and the number of characters it took, or nil.
    static func decode(_ text: String) -> (JSONValue, Int)? {
        let characters = Array(text)
        var index = 0
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        guard index < characters.count else { return nil }
        let start = index
        var depth = 0
        var inString = false
        var escaped = false
        scan: while index < characters.count {
            let c = characters[index]
            index += 1
            if inString {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" {
                    inString = false
                    if depth == 0 { break scan }
                }
                continue
            }
            switch c {
            case "\"": inString = true
            case "{", "[": depth += 1
            case "}", "]":
                depth -= 1
                if depth <= 0 { break scan }
            case ",", " ", "\t", "\n", "\r":
                if depth == 0 { index -= 1; break scan }
            default: break
            }
        }
        let prefix = String(characters[start..<index])
        guard let value = try? JSONParser().parse(prefix) else { return nil }
        return (value, index)
    }
}
