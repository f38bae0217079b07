/// Writes tar archives in the POSIX ustar format, with PAX extended headers where ustar falls short.
///
/// A name or link target that is not ASCII, or longer than ustar holds (100 bytes, or 155 + 100 split at a `/` for
/// names), a size of 8 GiB or more, and ids or times out of ustar's range go into a PAX `x` header before the
/// member, with keys in sorted order, so that the same entries always give the same bytes.
///
/// The static functions are the low-level API: ``header(for:)`` encodes one member's header blocks, and the caller
/// writes the contents and ``padding(forContentSize:)`` itself (the archiver streams file contents this way).
/// The instance collects a whole archive in memory. Neither validates names: it writes what it is given, which
/// tests use to craft hostile archives.
public struct TarWriter: Sendable {
    /// The size of a tar block.
    public static let blockSize = 512
    /// The end-of-archive marker: two zero blocks.
    public static let endOfArchive = [UInt8](repeating: 0, count: 2 * blockSize)

    /// The archive written so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty archive.
    public init() {}

    /// Appends a member: its header, then `contents` as given, padded to a whole block.
    ///
    /// The header's size is `entry.size`; pass contents of that length for a well-formed archive.
    public mutating func append(_ entry: TarEntry, contents: [UInt8] = []) {
        bytes += Self.header(for: entry)
        bytes += contents
        bytes += [UInt8](repeating: 0, count: Self.padding(forContentSize: Int64(contents.count)))
    }

    /// Appends a regular file whose header size is the length of `contents`.
    public mutating func appendFile(_ name: String, contents: [UInt8], mode: UInt32 = 0o644) {
        append(TarEntry(name: name, kind: .regularFile, mode: mode, size: Int64(contents.count)), contents: contents)
    }

    /// Appends the end-of-archive marker.
    public mutating func finish() {
        bytes += Self.endOfArchive
    }

    /// How many zero bytes follow contents of `size` bytes to fill the last block.
    public static func padding(forContentSize size: Int64) -> Int {
        let remainder = Int(size % Int64(blockSize))
        return remainder == 0 ? 0 : blockSize - remainder
    }

    /// The header blocks of `entry`: a PAX extended header (when needed) followed by the ustar header.
    public static func header(for entry: TarEntry) -> [UInt8] {
        var records: [(key: String, value: String)] = []
        var block = [UInt8](repeating: 0, count: blockSize)

        let name = Array(entry.name.utf8)
        if let (prefix, suffix) = ustarName(name) {
            put(suffix, into: &block, at: 0, width: 100)
            put(prefix, into: &block, at: 345, width: 155)
        } else {
            records.append(("path", entry.name))
            put(Array(name.prefix(100)), into: &block, at: 0, width: 100)
        }
        let link = Array(entry.linkName.utf8)
        if link.count > 100 || !isASCII(link) {
            records.append(("linkpath", entry.linkName))
        }
        put(Array(link.prefix(100)), into: &block, at: 157, width: 100)

        putNumber(Int64(entry.mode & 0o7777777), into: &block, at: 100, width: 8, paxKey: nil, records: &records)
        putNumber(entry.userID, into: &block, at: 108, width: 8, paxKey: "uid", records: &records)
        putNumber(entry.groupID, into: &block, at: 116, width: 8, paxKey: "gid", records: &records)
        putNumber(entry.size, into: &block, at: 124, width: 12, paxKey: "size", records: &records)
        putNumber(entry.modificationTime, into: &block, at: 136, width: 12, paxKey: "mtime", records: &records)
        putNumber(entry.deviceMajor, into: &block, at: 329, width: 8, paxKey: nil, records: &records)
        putNumber(entry.deviceMinor, into: &block, at: 337, width: 8, paxKey: nil, records: &records)
        block[156] = entry.kind.typeFlag
        put(Array("ustar\0".utf8), into: &block, at: 257, width: 6)
        put(Array("00".utf8), into: &block, at: 263, width: 2)
        for (key, value, offset) in [("uname", entry.userName, 265), ("gname", entry.groupName, 297)] {
            let bytes = Array(value.utf8)
            if bytes.count > 32 || !isASCII(bytes) { records.append((key, value)) }
            put(Array(bytes.prefix(32)), into: &block, at: offset, width: 32)
        }
        setChecksum(&block)

        guard !records.isEmpty else { return block }
        let body = paxRecords(records.sorted { $0.key < $1.key })
        var paxHeader = [UInt8](repeating: 0, count: blockSize)
        put(Array(paxHeaderName(entry.name).prefix(100)), into: &paxHeader, at: 0, width: 100)
        var ignored: [(key: String, value: String)] = []
        putNumber(0o644, into: &paxHeader, at: 100, width: 8, paxKey: nil, records: &ignored)
        putNumber(0, into: &paxHeader, at: 108, width: 8, paxKey: nil, records: &ignored)
        putNumber(0, into: &paxHeader, at: 116, width: 8, paxKey: nil, records: &ignored)
        putNumber(Int64(body.count), into: &paxHeader, at: 124, width: 12, paxKey: nil, records: &ignored)
        putNumber(0, into: &paxHeader, at: 136, width: 12, paxKey: nil, records: &ignored)
        paxHeader[156] = UInt8(ascii: "x")
        put(Array("ustar\0".utf8), into: &paxHeader, at: 257, width: 6)
        put(Array("00".utf8), into: &paxHeader, at: 263, width: 2)
        setChecksum(&paxHeader)
        return paxHeader + body + [UInt8](repeating: 0, count: padding(forContentSize: Int64(body.count))) + block
    }

    // MARK: - Encoding helpers

    /// The ustar (prefix, name) fields for an ASCII name that fits, splitting at the last `/` that makes it fit.
    static func ustarName(_ name: [UInt8]) -> (prefix: [UInt8], name: [UInt8])? {
        guard isASCII(name), !name.contains(0) else { return nil }
        if name.count <= 100 { return ([], name) }
        // The prefix is at most 155 bytes; the slash between prefix and name is not stored.
        var end = min(name.count, 156)
        if end == name.count && name[end - 1] == UInt8(ascii: "/") { end -= 1 }
        guard let slash = name[..<end].lastIndex(of: UInt8(ascii: "/")), slash > 0 else { return nil }
        let suffixCount = name.count - slash - 1
        guard suffixCount > 0, suffixCount <= 100, slash <= 155 else { return nil }
        return (Array(name[..<slash]), Array(name[(slash + 1)...]))
    }

    /// The PAX extended records `len key=value\n`, where `len` counts the whole record including itself.
    static func paxRecords(_ records: [(key: String, value: String)]) -> [UInt8] {
        var body: [UInt8] = []
        for (key, value) in records {
            let payload = " \(key)=\(value)\n".utf8.count
            var length = payload + String(payload).count
            if String(length).count + payload != length { length = payload + String(length).count }
            body += Array("\(length) \(key)=\(value)\n".utf8)
        }
        return body
    }

    /// The name of the PAX header member for `name`, as Go writes it: `dir/PaxHeaders.0/base`.
    private static func paxHeaderName(_ name: String) -> [UInt8] {
        var elements = name.split(separator: "/", omittingEmptySubsequences: true)
        let base = elements.popLast().map(String.init) ?? ""
        return Array((elements.map(String.init) + ["PaxHeaders.0", base]).joined(separator: "/").utf8)
    }

    private static func isASCII(_ bytes: [UInt8]) -> Bool { bytes.allSatisfy { $0 < 0x80 } }

    private static func put(_ bytes: [UInt8], into block: inout [UInt8], at offset: Int, width: Int) {
        for (index, byte) in bytes.prefix(width).enumerated() { block[offset + index] = byte }
    }

    /// Writes `value` as zero-padded octal with a NUL terminator; a value that does not fit becomes a PAX record
    /// (when the field has one) and the field holds 0.
    private static func putNumber(
        _ value: Int64, into block: inout [UInt8], at offset: Int, width: Int, paxKey: String?,
        records: inout [(key: String, value: String)]
    ) {
        let limit: Int64 = (1 << (3 * Int64(width - 1))) - 1
        var stored = value
        if value < 0 || value > limit {
            if let paxKey { records.append((paxKey, String(value))) }
            stored = 0
        }
        let digits = Array(String(stored, radix: 8).utf8)
        let padded = [UInt8](repeating: UInt8(ascii: "0"), count: width - 1 - digits.count) + digits
        put(padded, into: &block, at: offset, width: width - 1)
        block[offset + width - 1] = 0
    }

    /// Fills the checksum field: the unsigned sum of the header bytes with the field as spaces, as `%06o\0 `.
    private static func setChecksum(_ block: inout [UInt8]) {
        for index in 148..<156 { block[index] = UInt8(ascii: " ") }
        let sum = block.reduce(0) { $0 + Int($1) }
        let digits = Array(String(sum, radix: 8).utf8)
        let padded = [UInt8](repeating: UInt8(ascii: "0"), count: 6 - digits.count) + digits
        put(padded, into: &block, at: 148, width: 6)
        block[154] = 0
        block[155] = UInt8(ascii: " ")
    }
}
