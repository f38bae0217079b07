/// Writes protobuf's wire format: varints, length-delimited strings and messages, fixed 64-bit doubles.
struct ProtobufWriter {
    /// The bytes written so far.
    private(set) var bytes: [UInt8] = []

    private mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    private mutating func tag(_ field: Int, _ wireType: UInt64) {
        varint(UInt64(field) << 3 | wireType)
    }

    /// A string field; an empty one is left out (proto3's default) unless `always`.
    mutating func string(_ field: Int, _ value: String, always: Bool = false) {
        guard always || !value.isEmpty else { return }
        message(field, Array(value.utf8))
    }

    /// A length-delimited field holding an encoded message (or bytes).
    mutating func message(_ field: Int, _ body: [UInt8]) {
        tag(field, 2)
        varint(UInt64(body.count))
        bytes.append(contentsOf: body)
    }

    /// A Boolean field; false is left out unless `always`.
    mutating func bool(_ field: Int, _ value: Bool, always: Bool = false) {
        guard always || value else { return }
        tag(field, 0)
        varint(value ? 1 : 0)
    }

    /// An int64 field (two's complement varint).
    mutating func int64(_ field: Int, _ value: Int64) {
        tag(field, 0)
        varint(UInt64(bitPattern: value))
    }

    /// A double field (fixed 64 bits, little-endian).
    mutating func double(_ field: Int, _ value: Double) {
        tag(field, 1)
        var bits = value.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }
}
