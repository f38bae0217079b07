import Foundation

/// Go's RFC 3339 timestamps as SOPS writes `lastmodified` (`time.RFC3339`: seconds, `Z` or `±hh:mm`).
enum RFC3339 {
    /// `text` re-spelled as Go's `Format(time.RFC3339)` spells the time `time.Parse(time.RFC3339, text)` reads:
    /// fractional seconds dropped, a zero offset written `Z`. Nil when it is not RFC 3339.
    static func normalize(_ text: String) -> String? {
        let scalars = Array(text.utf8)
        guard scalars.count >= 20, scalars.count <= 64 else { return nil }
        func digits(_ range: Range<Int>) -> Bool { scalars[range].allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        guard digits(0..<4), scalars[4] == UInt8(ascii: "-"), digits(5..<7), scalars[7] == UInt8(ascii: "-"), digits(8..<10),
              scalars[10] == UInt8(ascii: "T") || scalars[10] == UInt8(ascii: "t"), digits(11..<13), scalars[13] == UInt8(ascii: ":"),
              digits(14..<16), scalars[16] == UInt8(ascii: ":"), digits(17..<19) else { return nil }
        var index = 19
        if scalars[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < scalars.count, scalars[index] >= 0x30, scalars[index] <= 0x39 { index += 1 }
            guard index > start else { return nil }
        }
        let base = String(decoding: scalars[0..<19], as: UTF8.self).replacingOccurrences(of: "t", with: "T")
        let zone = String(decoding: scalars[index...], as: UTF8.self)
        if zone == "Z" || zone == "z" { return base + "Z" }
        let zoneBytes = Array(zone.utf8)
        guard zoneBytes.count == 6, zoneBytes[0] == UInt8(ascii: "+") || zoneBytes[0] == UInt8(ascii: "-"),
              zoneBytes[3] == UInt8(ascii: ":"), zoneBytes[1...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              zoneBytes[4...5].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return zone.dropFirst() == "00:00" ? base + "Z" : base + zone
    }

    /// Now, in UTC, to the second.
    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date())
    }
}
