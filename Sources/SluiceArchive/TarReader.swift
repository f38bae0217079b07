/// Reads tar archives: ustar, PAX extended headers (`x`; global `g` headers are read and ignored), GNU long names
/// and link names (`L`, `K`), GNU base-256 numbers, and old V7 headers.
///
/// Call ``next()`` for each member's header, then read its contents with ``readContents(into:)`` (or let the next
/// call to ``next()`` skip them). Headers with a bad checksum, malformed PAX records and input that ends inside a
/// member are errors; the archive ends at two zero blocks (or one followed by the end of the input), or at the end of
/// the input between members.
public struct TarReader<Source: ByteSource> {
    /// Where the archive is read from; after the end marker it holds whatever follows.
    public private(set) var source: Source
    /// The most bytes a PAX header or GNU long name may hold; more is treated as a corrupt (or hostile) archive.
    public let maxMetadataSize: Int

    private var remainingContents: Int64 = 0
    private var remainingPadding = 0
    private var currentName = ""
    private var finished = false
    private var entryIndex = 0

    /// A reader of the archive in `source`.
    public init(_ source: Source, maxMetadataSize: Int = 1 << 20) {
        self.source = source
        self.maxMetadataSize = maxMetadataSize
    }

    /// The next member's header, or nil at the end of the archive.
    public mutating func next() throws -> TarEntry? {
        if finished { return nil }
        try skipRest()
        var pax: [String: String] = [:]
        var longName: String?
        var longLink: String?
        while true {
            guard let block = try readHeaderBlock() else {
                finished = true
                if !pax.isEmpty || longName != nil || longLink != nil {
                    throw corrupt("the archive ends after an extended header, before the member it describes")
                }
                return nil
            }
            if block.allSatisfy({ $0 == 0 }) {
                // End of archive: a second zero block, or the end of the input.
                var second = [UInt8](repeating: 0, count: TarWriter.blockSize)
                let count = try readFully(&second)
                if count != 0 && count != TarWriter.blockSize {
                    throw corrupt("the archive is truncated after its first end-of-archive block")
                }
                finished = true
                return nil
            }
            try verifyChecksum(block)
            let flag = block[156]
            let size = try number(block, 124, 12, field: "size")
            guard size >= 0 else { throw corrupt("a header has a negative size") }
            switch flag {
            case UInt8(ascii: "x"), UInt8(ascii: "g"):
                let body = try readMetadata(size: size, what: "PAX header")
                let records = try parsePAX(body)
                if flag == UInt8(ascii: "x") { pax.merge(records) { $1 } }
                continue
            case UInt8(ascii: "L"):
                longName = cString(try readMetadata(size: size, what: "GNU long name"))
                continue
            case UInt8(ascii: "K"):
                longLink = cString(try readMetadata(size: size, what: "GNU long link name"))
                continue
            default:
                break
            }
            var entry = try parseHeader(block)
            if let longName { entry.name = longName }
            if let longLink { entry.linkName = longLink }
            try apply(pax, to: &entry)
            if entry.kind == .regularFile && entry.name.hasSuffix("/") { entry.kind = .directory }
            entryIndex += 1
            currentName = entry.name
            // Only regular files (and unknown types) carry contents; links and directories never do.
            switch entry.kind {
            case .hardLink, .symbolicLink, .characterDevice, .blockDevice, .directory, .fifo:
                remainingContents = 0
            case .regularFile, .other:
                remainingContents = entry.size
            }
            remainingPadding = TarWriter.padding(forContentSize: remainingContents)
            return entry
        }
    }

    /// Reads the current member's contents into `buffer`; returns how many bytes, 0 once they are all read.
    public mutating func readContents(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard remainingContents > 0, buffer.count > 0 else { return 0 }
        let wanted = Int(min(Int64(buffer.count), remainingContents))
        let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]))
        if count == 0 {
            throw corrupt("the archive is truncated inside '\(currentName)' (\(remainingContents) bytes missing)")
        }
        remainingContents -= Int64(count)
        return count
    }

    /// The current member's remaining contents, read into memory.
    public mutating func readContents() throws -> [UInt8] {
        var contents = [UInt8](repeating: 0, count: Int(remainingContents))
        var filled = 0
        while filled < contents.count {
            let count = try contents.withUnsafeMutableBytes { buffer in
                try readContents(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            }
            filled += count
        }
        return contents
    }

    // MARK: - Reading

    /// Skips the current member's unread contents and padding.
    private mutating func skipRest() throws {
        if remainingContents > 0 {
            var scratch = [UInt8](repeating: 0, count: Int(min(remainingContents, 64 * 1024)))
            while remainingContents > 0 {
                _ = try scratch.withUnsafeMutableBytes { try readContents(into: $0) }
            }
        }
        if remainingPadding > 0 {
            var padding = [UInt8](repeating: 0, count: remainingPadding)
            guard try readFully(&padding) == remainingPadding else {
                throw corrupt("the archive is truncated after '\(currentName)'")
            }
            remainingPadding = 0
        }
    }

    /// The next header block, or nil at the end of the input.
    private mutating func readHeaderBlock() throws -> [UInt8]? {
        var block = [UInt8](repeating: 0, count: TarWriter.blockSize)
        let count = try readFully(&block)
        if count == 0 { return nil }
        guard count == TarWriter.blockSize else {
            throw corrupt("the archive is truncated inside a header (after member \(entryIndex))")
        }
        return block
    }

    /// Reads until `buffer` is full or the input ends; returns how many bytes were read.
    private mutating func readFully(_ buffer: inout [UInt8]) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let count = try buffer.withUnsafeMutableBytes { bytes in
                try source.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[filled...]))
            }
            if count == 0 { break }
            filled += count
        }
        return filled
    }

    /// The contents of a metadata member (PAX header, GNU long name), bounded by ``maxMetadataSize``.
    private mutating func readMetadata(size: Int64, what: String) throws -> [UInt8] {
        guard size <= Int64(maxMetadataSize) else {
            throw corrupt("a \(what) of \(size) bytes is larger than the limit of \(maxMetadataSize) bytes")
        }
        var body = [UInt8](repeating: 0, count: Int(size))
        guard try readFully(&body) == body.count else { throw corrupt("the archive is truncated inside a \(what)") }
        var padding = [UInt8](repeating: 0, count: TarWriter.padding(forContentSize: size))
        guard try readFully(&padding) == padding.count else { throw corrupt("the archive is truncated after a \(what)") }
        return body
    }

    // MARK: - Parsing

    private func parseHeader(_ block: [UInt8]) throws -> TarEntry {
        let magic = Array(block[257..<263])
        let isPOSIX = magic == Array("ustar\0".utf8)
        var name = cString(Array(block[0..<100]))
        if isPOSIX {
            let prefix = cString(Array(block[345..<500]))
            if !prefix.isEmpty { name = prefix + "/" + name }
        }
        return TarEntry(
            name: name,
            kind: TarEntry.Kind(typeFlag: block[156]),
            mode: UInt32(truncatingIfNeeded: try number(block, 100, 8, field: "mode")),
            size: try number(block, 124, 12, field: "size"),
            linkName: cString(Array(block[157..<257])),
            userID: try number(block, 108, 8, field: "uid"),
            groupID: try number(block, 116, 8, field: "gid"),
            modificationTime: try number(block, 136, 12, field: "mtime"),
            userName: cString(Array(block[265..<297])),
            groupName: cString(Array(block[297..<329])),
            deviceMajor: magic.starts(with: Array("ustar".utf8)) ? try number(block, 329, 8, field: "devmajor") : 0,
            deviceMinor: magic.starts(with: Array("ustar".utf8)) ? try number(block, 337, 8, field: "devminor") : 0)
    }

    /// Applies the PAX records Sluice understands; unknown keys are ignored, as POSIX allows.
    private func apply(_ records: [String: String], to entry: inout TarEntry) throws {
        for (key, value) in records {
            switch key {
            case "path": entry.name = value
            case "linkpath": entry.linkName = value
            case "uname": entry.userName = value
            case "gname": entry.groupName = value
            case "size", "uid", "gid":
                guard let number = Int64(value), number >= 0 else {
                    throw corrupt("the PAX record \(key)=\(value) is not a non-negative number")
                }
                if key == "size" { entry.size = number } else if key == "uid" { entry.userID = number } else { entry.groupID = number }
            case "mtime":
                let whole = value.split(separator: ".", maxSplits: 1).first.map(String.init) ?? ""
                guard let seconds = Int64(whole) else { throw corrupt("the PAX record mtime=\(value) is not a time") }
                entry.modificationTime = seconds
            default:
                continue
            }
        }
    }

    /// Parses `len key=value\n` records.
    private func parsePAX(_ body: [UInt8]) throws -> [String: String] {
        var records: [String: String] = [:]
        var index = 0
        while index < body.count {
            // Some writers pad the body with NULs.
            if body[index] == 0 { break }
            guard let space = body[index...].firstIndex(of: UInt8(ascii: " ")),
                let length = Int(String(decoding: body[index..<space], as: UTF8.self)), length > space - index + 1,
                length <= body.count - index,  // by subtraction: the length is the archive's to choose, up to Int.max body[index + length - 1] == UInt8(ascii: "\n"),
                let equals = body[(space + 1)..<(index + length)].firstIndex(of: UInt8(ascii: "="))
            else {
                throw corrupt("a PAX header has a malformed record")
            }
            let key = String(decoding: body[(space + 1)..<equals], as: UTF8.self)
            let value = String(decoding: body[(equals + 1)..<(index + length - 1)], as: UTF8.self)
            records[key] = value
            index += length
        }
        return records
    }

    /// A numeric field: octal (space or NUL padded) or GNU base-256 (high bit of the first byte set).
    private func number(_ block: [UInt8], _ offset: Int, _ width: Int, field: String) throws -> Int64 {
        let bytes = block[offset..<offset + width]
        if let first = bytes.first, first & 0x80 != 0 {
            // Base-256, big-endian two's complement; the top bit of the first byte is the marker.
            let invert: UInt8 = first & 0x40 != 0 ? 0xFF : 0
            var value: UInt64 = 0
            for (index, byte) in bytes.enumerated() {
                var digit = byte ^ invert
                if index == 0 { digit &= 0x7F }
                guard value >> 56 == 0 else { throw corrupt("the \(field) field of a header is out of range") }
                value = value << 8 | UInt64(digit)
            }
            guard value >> 63 == 0 else { throw corrupt("the \(field) field of a header is out of range") }
            return invert == 0xFF ? ~Int64(value) : Int64(value)
        }
        var value: Int64 = 0
        var seenDigit = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                guard value <= (Int64.max >> 3) else { throw corrupt("the \(field) field of a header is out of range") }
                value = value << 3 | Int64(byte - UInt8(ascii: "0"))
                seenDigit = true
            case UInt8(ascii: " "), 0:
                if seenDigit { return value }
            default:
                throw corrupt("the \(field) field of a header is not an octal number")
            }
        }
        return value
    }

    /// Checks the header checksum, accepting the unsigned sum (POSIX) and the signed one (some old writers).
    private func verifyChecksum(_ block: [UInt8]) throws {
        let stored = try number(block, 148, 8, field: "checksum")
        var unsigned: Int64 = 0
        var signed: Int64 = 0
        for (index, byte) in block.enumerated() {
            let value = (148..<156).contains(index) ? UInt8(ascii: " ") : byte
            unsigned += Int64(value)
            signed += Int64(Int8(bitPattern: value))
        }
        guard stored == unsigned || stored == signed else {
            throw corrupt("a tar header has a bad checksum (after member \(entryIndex)); the archive is corrupt")
        }
    }

    /// The bytes up to the first NUL, as UTF-8 (invalid sequences replaced).
    private func cString(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    private func corrupt(_ message: String) -> ArchiveError {
        ArchiveError(.corrupt, "invalid tar archive: \(message)")
    }
}
