/// Reads version text byte by byte; shared by ``SemanticVersion`` and ``VersionConstraint``.
struct VersionScanner {
    private let bytes: [UInt8]
    /// The index of the next unread byte.
    private(set) var position: Int

    init(_ text: String) {
        bytes = Array(text.utf8)
        position = 0
    }

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = Array(bytes)
        position = 0
    }

    var atEnd: Bool { position == bytes.count }

    /// Consumes `byte` when it is next.
    mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// Consumes a run of ASCII digits and returns its value; `nil` when there is none or it overflows 64 bits.
    mutating func number() -> UInt64? {
        let start = position
        while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        guard position > start else { return nil }
        return UInt64(String(decoding: bytes[start..<position], as: UTF8.self))
    }

    /// Consumes `identifier(.identifier)*` with identifiers of `[0-9A-Za-z-]+`; `nil` when there is not at least one.
    mutating func identifiers() -> [String]? {
        var result: [String] = []
        repeat {
            let start = position
            while position < bytes.count, Self.isIdentifierByte(bytes[position]) { position += 1 }
            guard position > start else { return nil }
            result.append(String(decoding: bytes[start..<position], as: UTF8.self))
        } while take(UInt8(ascii: "."))
        return result
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || byte == UInt8(ascii: "-")
    }
}
