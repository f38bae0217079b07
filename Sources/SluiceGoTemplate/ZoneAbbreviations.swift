import Foundation

/// Zone abbreviations as Go's zoneinfo gives them (`JST`, `CET`, `EDT`), read from the system's TZif file of an IANA
/// zone, because Foundation on Linux spells many as `GMT+9`.
///
/// The file is read with every bound checked (a damaged file yields nil, and the caller falls back to Foundation's name).
enum ZoneAbbreviations {
    /// The abbreviation of the zone type `identifier` uses with `offset` seconds east of UTC and daylight saving `isDaylight`.
    static func abbreviation(identifier: String, offset: Int, isDaylight: Bool) -> String? {
        guard !identifier.hasPrefix("/"), !identifier.contains(".."),
              let data = FileManager.default.contents(atPath: "/usr/share/zoneinfo/" + identifier), data.count < 1 << 20 else { return nil }
        let bytes = [UInt8](data)
        guard let first = header(bytes, at: 0) else { return nil }
        var types = first
        // Version 2 and later repeat the data with 64-bit times after the version 1 block; their types are complete.
        if bytes[4] >= 0x32 {
            let v1Size = first.timeCount * 5 + first.typeCount * 6 + first.charCount + first.leapCount * 8 + first.isStdCount + first.isUTCount
            if let second = header(bytes, at: 44 + v1Size, timeSize: 8) { types = second }
        }
        var found: String?
        for index in 0..<types.typeCount {
            let entry = types.typesStart + index * 6
            guard entry + 6 <= bytes.count else { return nil }
            let utoff = Int(Int32(bitPattern: UInt32(bytes[entry]) << 24 | UInt32(bytes[entry + 1]) << 16 | UInt32(bytes[entry + 2]) << 8 | UInt32(bytes[entry + 3])))
            let abbreviationIndex = Int(bytes[entry + 5])
            guard utoff == offset, (bytes[entry + 4] != 0) == isDaylight, abbreviationIndex < types.charCount else { continue }
            let start = types.charsStart + abbreviationIndex
            var end = start
            while end < types.charsStart + types.charCount, end < bytes.count, bytes[end] != 0 { end += 1 }
            // The last matching type is the most recent rule.
            found = String(decoding: bytes[start..<end], as: UTF8.self)
        }
        return found
    }

    private struct Header {
        var isUTCount = 0, isStdCount = 0, leapCount = 0, timeCount = 0, typeCount = 0, charCount = 0
        var typesStart = 0, charsStart = 0
    }

    /// The counts of the TZif header at `offset` and where its types and abbreviations start.
    private static func header(_ bytes: [UInt8], at offset: Int, timeSize: Int = 4) -> Header? {
        guard offset >= 0, offset + 44 <= bytes.count, bytes[offset..<offset + 4].elementsEqual("TZif".utf8) else { return nil }
        func count(_ index: Int) -> Int {
            let at = offset + 20 + index * 4
            return Int(UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3]))
        }
        var h = Header(isUTCount: count(0), isStdCount: count(1), leapCount: count(2), timeCount: count(3), typeCount: count(4), charCount: count(5))
        guard h.timeCount < 1 << 16, h.typeCount < 256, h.charCount < 1 << 12, h.leapCount < 1 << 12 else { return nil }
        h.typesStart = offset + 44 + h.timeCount * (timeSize + 1)
        h.charsStart = h.typesStart + h.typeCount * 6
        guard h.charsStart + h.charCount <= bytes.count else { return nil }
        return h
    }
}
