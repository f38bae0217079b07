/// Writes a ``JSONValue`` as JSON text in key order.
public struct JSONSerializer: Sendable {
    /// Whether to indent with two spaces and break lines.
    public var pretty: Bool

    /// A serializer; compact unless `pretty`.
    public init(pretty: Bool = false) { self.pretty = pretty }

    /// The JSON text of `value` as UTF-8 bytes.
    public func bytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out, indent: 0)
        return out
    }

    /// The JSON text of `value`.
    public func string(_ value: JSONValue) -> String { String(decoding: bytes(value), as: UTF8.self) }

    private func write(_ value: JSONValue, into out: inout [UInt8], indent: Int) {
        switch value {
        case .null: out.append(contentsOf: Array("null".utf8))
        case .bool(let b): out.append(contentsOf: Array((b ? "true" : "false").utf8))
        case .int(let i): out.append(contentsOf: Array(String(i).utf8))
        case .double(let d): out.append(contentsOf: Array(Self.format(d).utf8))
        case .string(let s): Self.writeString(s, into: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                newline(into: &out, indent: indent + 1)
                write(element, into: &out, indent: indent + 1)
            }
            if !elements.isEmpty { newline(into: &out, indent: indent) }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (offset, member) in object.members.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                newline(into: &out, indent: indent + 1)
                Self.writeString(member.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                write(member.value, into: &out, indent: indent + 1)
            }
            if !object.isEmpty { newline(into: &out, indent: indent) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private func newline(into out: inout [UInt8], indent: Int) {
        guard pretty else { return }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent * 2))
    }

    /// Formats a float as Go's encoding/json does for the common cases: integral values without a fraction.
    static func format(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if let integer = Int64(exactly: d) { return String(integer) }
        // Integral but beyond Int64 (`Int64(d)` would trap): Go's 'f' format, the shortest digits then zeros.
        if d.rounded() == d, abs(d) < 1e21 { return integralDigits(d) }
        return String(d)
    }

    /// An integral `d` of up to 21 digits written out in full, as Go writes it: `12345678901234567000`, not `1.2345678901234567e+19`.
    static func integralDigits(_ d: Double) -> String {
        let text = String(d.magnitude)
        let sign = d < 0 ? "-" : ""
        guard let e = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: e)...]) else {
            return sign + (text.hasSuffix(".0") ? String(text.dropLast(2)) : text)
        }
        let digits = text[..<e].filter { $0 != "." }
        return sign + digits + String(repeating: "0", count: max(0, exponent + 1 - digits.count))
    }

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
