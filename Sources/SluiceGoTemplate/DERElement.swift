/// One DER element (tag, contents) — just enough ASN.1 to read PKCS#8 wrappers and write SEC1 and PKCS#8 keys the way
/// Go's `crypto/x509` lays them out. Reading is bounds-checked and never traps on hostile bytes.
struct DERElement: Equatable {
    var tag: UInt8
    var contents: [UInt8]

    static func sequence(_ children: [DERElement]) -> DERElement { DERElement(tag: 0x30, contents: children.flatMap(\.encoded)) }
    static func integer(_ value: UInt8) -> DERElement { DERElement(tag: 0x02, contents: [value]) }
    static func octetString(_ bytes: [UInt8]) -> DERElement { DERElement(tag: 0x04, contents: bytes) }
    static func objectIdentifier(_ encoded: [UInt8]) -> DERElement { DERElement(tag: 0x06, contents: encoded) }
    /// A BIT STRING of whole bytes.
    static func bitString(_ bytes: [UInt8]) -> DERElement { DERElement(tag: 0x03, contents: [0] + bytes) }
    /// An explicit context-specific tag `[n]` around `inner`.
    static func explicit(_ n: UInt8, _ inner: DERElement) -> DERElement { DERElement(tag: 0xA0 | n, contents: inner.encoded) }

    /// Tag, definite length and contents.
    var encoded: [UInt8] {
        var length: [UInt8] = []
        if contents.count < 0x80 {
            length = [UInt8(contents.count)]
        } else {
            var n = contents.count
            while n > 0 {
                length.insert(UInt8(n & 0xFF), at: 0)
                n >>= 8
            }
            length.insert(0x80 | UInt8(length.count), at: 0)
        }
        return [tag] + length + contents
    }

    /// The elements that make up `bytes` exactly, or nil when they are not well-formed DER (single-byte tags only).
    static func parseAll(_ bytes: ArraySlice<UInt8>) -> [DERElement]? {
        var elements: [DERElement] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let tag = bytes[index]
            index += 1
            guard index < bytes.endIndex else { return nil }
            let first = bytes[index]
            index += 1
            var length = 0
            if first < 0x80 {
                length = Int(first)
            } else {
                let count = Int(first & 0x7F)
                guard count >= 1, count <= 4, bytes.endIndex - index >= count else { return nil }
                for byte in bytes[index..<index + count] { length = length << 8 | Int(byte) }
                index += count
            }
            guard length <= bytes.endIndex - index else { return nil }
            elements.append(DERElement(tag: tag, contents: Array(bytes[index..<index + length])))
            index += length
        }
        return elements
    }

    /// The children of this constructed element, or nil.
    var children: [DERElement]? { tag & 0x20 != 0 ? Self.parseAll(contents[...]) : nil }
}
