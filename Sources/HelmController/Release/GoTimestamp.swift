/// A `time.Time` as Go's `encoding/json` reads and writes it: RFC 3339 (strictly, as Go 1.20 and later parse it) with up
/// to nine fractional digits, written back as `time.RFC3339Nano` (trailing fractional zeros dropped, a zero offset as `Z`,
/// any other offset kept).
struct GoTimestamp: Sendable, Equatable {
    /// The text Go writes for this time.
    let text: String
    /// Whether this is Go's zero time (`0001-01-01T00:00:00Z`), which `omitzero` and Helm's `omitempty` pointers leave out.
    let isZero: Bool

    /// What Go writes for its zero time, as in a chart's `schemamodtime` when it has none.
    static let zeroText = "0001-01-01T00:00:00Z"

    /// Parses `text`, or returns nil where Go's `time.Time.UnmarshalJSON` fails.
    init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count >= 20 else { return nil }
        func digits(_ range: Range<Int>, max: Int, min: Int = 0) -> Int? {
            var value = 0
            for index in range {
                guard b[index] >= UInt8(ascii: "0"), b[index] <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(b[index] - UInt8(ascii: "0"))
            }
            return value >= min && value <= max ? value : nil
        }
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"),
              b[16] == UInt8(ascii: ":"),
              let year = digits(0..<4, max: 9999), let month = digits(5..<7, max: 12, min: 1),
              let day = digits(8..<10, max: Self.daysIn(month: month, year: year), min: 1),
              let hour = digits(11..<13, max: 23), let minute = digits(14..<16, max: 59), let second = digits(17..<19, max: 59)
        else { return nil }
        var index = 19
        var fraction: [UInt8] = []
        if index + 1 < b.count, b[index] == UInt8(ascii: "."), b[index + 1] >= UInt8(ascii: "0"), b[index + 1] <= UInt8(ascii: "9") {
            index += 1
            while index < b.count, b[index] >= UInt8(ascii: "0"), b[index] <= UInt8(ascii: "9") {
                // Go keeps nine digits (nanoseconds) and drops the rest.
                if fraction.count < 9 { fraction.append(b[index]) }
                index += 1
            }
        }
        var offsetSeconds = 0
        let zone: String
        if b.count - index == 1, b[index] == UInt8(ascii: "Z") {
            zone = "Z"
        } else {
            guard b.count - index == 6, b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-"), b[index + 3] == UInt8(ascii: ":"),
                  let zoneHour = digits((index + 1)..<(index + 3), max: 23), let zoneMinute = digits((index + 4)..<(index + 6), max: 59)
            else { return nil }
            offsetSeconds = (zoneHour * 60 + zoneMinute) * 60 * (b[index] == UInt8(ascii: "-") ? -1 : 1)
            zone = offsetSeconds == 0 ? "Z" : String(decoding: b[index..<(index + 6)], as: UTF8.self)
        }
        while fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
        let fractionText = fraction.isEmpty ? "" : "." + String(decoding: fraction, as: UTF8.self)
        self.text = String(decoding: b[0..<19], as: UTF8.self) + fractionText + zone
        let seconds = Self.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        isZero = fraction.isEmpty && seconds == Self.days(year: 1, month: 1, day: 1) * 86_400
    }

    private static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
