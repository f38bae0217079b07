/// Parses JSON text into a ``JSONValue``, keeping key order and telling integers from floats.
///
/// Foundation's `JSONSerialization` loses both, so objects read from the API
/// server or from manifests would not round-trip.
public struct JSONParser {
    /// How deep arrays and objects may nest before the input is refused.
    public var maxDepth: Int

    /// A parser that refuses nesting deeper than `maxDepth`.
    public init(maxDepth: Int = 512) { self.maxDepth = maxDepth }

    /// Parses one JSON value from `bytes`; only white space may follow it.
    public func parse<C: Collection>(_ bytes: C) throws(JSONParseError) -> JSONValue where C.Element == UInt8 {
        let array = Array(bytes)
        var reader = Reader(bytes: array, maxDepth: maxDepth)
        reader.skipWhitespace()
        let value = try reader.readValue(depth: 0)
        reader.skipWhitespace()
        guard reader.index == array.count else { throw reader.error("unexpected data after the JSON value") }
        return value
    }

    /// Parses one JSON value from a string.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue { try parse(Array(text.utf8)) }

    private struct Reader {
        let bytes: [UInt8]
        let maxDepth: Int
        var index = 0

        init(bytes: [UInt8], maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
        }

        func error(_ message: String) -> JSONParseError {
            var line = 1
            var column = 1
            for byte in bytes[..<min(index, bytes.count)] {
                if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
            }
            return JSONParseError(message: message, offset: index, line: line, column: column)
        }

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        mutating func readValue(depth: Int) throws(JSONParseError) -> JSONValue {
            guard index < bytes.count else { throw error("unexpected end of input") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try readObject(depth: depth + 1)
            case UInt8(ascii: "["): return try readArray(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try readString())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
            default: throw error("unexpected character '\(Character(Unicode.Scalar(bytes[index])))'")
            }
        }

        mutating func expect(_ word: StaticString) throws(JSONParseError) {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw error("unexpected end of input") }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
                throw error("invalid literal")
            }
            index += count
        }

        mutating func readObject(depth: Int) throws(JSONParseError) -> JSONValue {
            guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
            index += 1
            var object = JSONObject()
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(object) }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                let key = try readString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
                index += 1
                skipWhitespace()
                object[key] = try readValue(depth: depth)
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input in object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(object) }
                throw error("expected ',' or '}'")
            }
        }

        mutating func readArray(depth: Int) throws(JSONParseError) -> JSONValue {
            guard depth <= maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
            while true {
                skipWhitespace()
                elements.append(try readValue(depth: depth))
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input in array") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
                throw error("expected ',' or ']'")
            }
        }

        mutating func readNumber() throws(JSONParseError) -> JSONValue {
            let start = index
            var isFloat = false
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): index += 1
                case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                    isFloat = true
                    index += 1
                default:
                    return try number(from: start, isFloat: isFloat)
                }
            }
            return try number(from: start, isFloat: isFloat)
        }

        func number(from start: Int, isFloat: Bool) throws(JSONParseError) -> JSONValue {
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if !isFloat, let int = Int64(text) { return .int(int) }
            guard let double = Double(text), text != "-" else { throw error("invalid number '\(text)'") }
            return .double(double)
        }

        mutating func readString() throws(JSONParseError) -> String {
            index += 1
            var buffer: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return String(decoding: buffer, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    index += 1
                    guard index < bytes.count else { throw error("unterminated escape") }
                    let escaped = bytes[index]
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escaped)
                    case UInt8(ascii: "b"): buffer.append(0x08)
                    case UInt8(ascii: "f"): buffer.append(0x0C)
                    case UInt8(ascii: "n"): buffer.append(0x0A)
                    case UInt8(ascii: "r"): buffer.append(0x0D)
                    case UInt8(ascii: "t"): buffer.append(0x09)
                    case UInt8(ascii: "u"):
                        let scalar = try readHex4()
                        // A high surrogate pairs only with a following low one (checked before subtracting:
                        // `\uD800\u0041` must not underflow); anything unpaired becomes U+FFFD, as Go decodes it.
                        if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.count,
                            bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                        {
                            index += 2
                            let low = try readHex4()
                            if (0xDC00..<0xE000).contains(low) {
                                append(Unicode.Scalar(0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)), to: &buffer)
                            } else {
                                append(nil, to: &buffer)
                                index -= 6  // the second escape stands on its own
                            }
                        } else {
                            append(Unicode.Scalar(scalar), to: &buffer)
                        }
                    default: throw error("invalid escape '\\\(Character(Unicode.Scalar(escaped)))'")
                    }
                case 0..<0x20:
                    throw error("control character in string")
                default:
                    buffer.append(byte)
                    index += 1
                }
            }
            throw error("unterminated string")
        }

        /// Appends `scalar` as UTF-8, or U+FFFD when it is not a scalar (a lone surrogate).
        func append(_ scalar: Unicode.Scalar?, to buffer: inout [UInt8]) {
            buffer.append(contentsOf: Array(String(scalar ?? "\u{FFFD}").utf8))
        }

        mutating func readHex4() throws(JSONParseError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw error("short \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw error("invalid \\u escape")
                }
                value = value * 16 + digit
                index += 1
            }
            return value
        }
    }
}

/// Why JSON text could not be parsed, and where.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public var message: String
    /// The byte offset where parsing stopped.
    public var offset: Int
    /// The 1-based line of `offset`.
    public var line: Int
    /// The 1-based column of `offset`.
    public var column: Int

    public var description: String { "invalid JSON at line \(line), column \(column): \(message)" }
}
