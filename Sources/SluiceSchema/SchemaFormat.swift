/// The string formats Kubernetes' schemas name that are simple to check: `byte` (standard base64, as Secret `data`)
/// and `date-time` (RFC 3339, as every `Time`). Others (`int-or-string`, `uri`, …) are accepted as written.
enum SchemaFormat {
    /// What is wrong with `text` for `format`, in Go's words where it has them; nil when it conforms or the format is
    /// not checked.
    static func problem(with text: String, format: String) -> String? {
        switch format {
        case "byte": return base64Problem(text)
        case "date-time": return isDateTime(text) ? nil : "parsing time \"\(text.prefix(64))\" as RFC 3339 failed"
        default: return nil
        }
    }

    /// Go's `base64.StdEncoding` (padding required; CR and LF ignored): the byte offset of the first bad input.
    static func base64Problem(_ text: String) -> String? {
        var count = 0
        var padding = 0
        for (offset, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                continue
            case UInt8(ascii: "="):
                padding += 1
                if padding > 2 { return "illegal base64 data at input byte \(offset)" }
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                if padding > 0 { return "illegal base64 data at input byte \(offset)" }
            default:
                return "illegal base64 data at input byte \(offset)"
            }
            count += 1
        }
        return count % 4 == 0 ? nil : "illegal base64 data at input byte \(text.utf8.count)"
    }

    /// RFC 3339: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    static func isDateTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= bytes.count && range.allSatisfy { bytes[$0] >= UInt8(ascii: "0") && bytes[$0] <= UInt8(ascii: "9") }
        }
        func at(_ index: Int, _ characters: String) -> Bool {
            index < bytes.count && characters.utf8.contains(bytes[index])
        }
        guard digits(0..<4), at(4, "-"), digits(5..<7), at(7, "-"), digits(8..<10), at(10, "Tt"), digits(11..<13),
              at(13, ":"), digits(14..<16), at(16, ":"), digits(17..<19)
        else { return false }
        var index = 19
        if at(index, ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            if index == start { return false }
        }
        if at(index, "Zz") { return index + 1 == bytes.count }
        guard at(index, "+-"), digits(index + 1..<index + 3), at(index + 3, ":"), digits(index + 4..<index + 6) else { return false }
        return index + 6 == bytes.count
    }
}
