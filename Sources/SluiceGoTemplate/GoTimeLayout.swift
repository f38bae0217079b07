/// Go's `time.Format` and `time.ParseInLocation` layouts: elements of the reference time
/// `Mon Jan 2 15:04:05 MST 2006` (`2006`, `01`, `Jan`, `_2`, `15`, `PM`, `-07:00`, `Z07:00`, `.000`, `.999`, …) stand for
/// the fields of the time; everything else is literal text.
enum GoTimeLayout {
    /// One layout element (Go's `std*` constants); fractions carry their separator and digit count.
    enum Element: Equatable {
        case longMonth, month, numMonth, zeroMonth
        case longWeekDay, weekDay
        case day, underDay, zeroDay, underYearDay, zeroYearDay
        case hour, hour12, zeroHour12, minute, zeroMinute, second, zeroSecond
        case longYear, year, upperPM, lowerPM, zoneName
        /// `Z0700`-style (`Z` for UTC) when `z`; `-0700`-style otherwise. `colon` puts `:` between fields; `fields` is 1 to 3.
        case numericZone(z: Bool, colon: Bool, fields: Int)
        /// `.000` (`zeros`) or `.999` (trailing zeros dropped), `digits` long.
        case fraction(separator: Character, digits: Int, zeros: Bool)
    }

    /// Go's `nextStdChunk`: the literal text before the next element, the element and its layout text, and the rest.
    static func nextChunk(_ layout: Substring) -> (prefix: Substring, element: Element, text: Substring, rest: Substring)? {
        var i = layout.startIndex
        func has(_ s: String, at index: String.Index) -> Bool { layout[index...].hasPrefix(s) }
        func startsLower(_ index: String.Index) -> Bool { index < layout.endIndex && layout[index].isLowercase && layout[index].isASCII }
        func chunk(_ element: Element, length: Int, from start: String.Index? = nil) -> (Substring, Element, Substring, Substring) {
            let begin = start ?? i
            let end = layout.index(begin, offsetBy: length)
            return (layout[..<begin], element, layout[begin..<end], layout[end...])
        }
        while i < layout.endIndex {
            let c = layout[i]
            let next = layout.index(after: i)
            switch c {
            case "J":
                if has("January", at: i) { return chunk(.longMonth, length: 7) }
                if has("Jan", at: i), !startsLower(layout.index(i, offsetBy: 3)) { return chunk(.month, length: 3) }
            case "M":
                if has("Monday", at: i) { return chunk(.longWeekDay, length: 6) }
                if has("Mon", at: i), !startsLower(layout.index(i, offsetBy: 3)) { return chunk(.weekDay, length: 3) }
                if has("MST", at: i) { return chunk(.zoneName, length: 3) }
            case "0":
                if next < layout.endIndex, let digit = layout[next].wholeNumberValue, (1...6).contains(digit) {
                    let elements: [Element] = [.zeroMonth, .zeroDay, .zeroHour12, .zeroMinute, .zeroSecond, .year]
                    return chunk(elements[digit - 1], length: 2)
                }
                if has("002", at: i) { return chunk(.zeroYearDay, length: 3) }
            case "1":
                if has("15", at: i) { return chunk(.hour, length: 2) }
                return chunk(.numMonth, length: 1)
            case "2":
                if has("2006", at: i) { return chunk(.longYear, length: 4) }
                return chunk(.day, length: 1)
            case "_":
                if has("_2", at: i) {
                    // "_2006" is a literal underscore and a year.
                    if has("_2006", at: i) { return chunk(.longYear, length: 4, from: next) }
                    return chunk(.underDay, length: 2)
                }
                if has("__2", at: i) { return chunk(.underYearDay, length: 3) }
            case "3": return chunk(.hour12, length: 1)
            case "4": return chunk(.minute, length: 1)
            case "5": return chunk(.second, length: 1)
            case "P": if has("PM", at: i) { return chunk(.upperPM, length: 2) }
            case "p": if has("pm", at: i) { return chunk(.lowerPM, length: 2) }
            case "-", "Z":
                let z = c == "Z"
                for (text, colon, fields) in [("07:00:00", true, 3), ("070000", false, 3), ("07:00", true, 2), ("0700", false, 2), ("07", false, 1)]
                where has(text, at: next) {
                    return chunk(.numericZone(z: z, colon: colon, fields: fields), length: text.count + 1)
                }
            case ".", ",":
                if next < layout.endIndex, layout[next] == "0" || layout[next] == "9" {
                    let digit = layout[next]
                    var j = next
                    while j < layout.endIndex, layout[j] == digit { j = layout.index(after: j) }
                    if j == layout.endIndex || !layout[j].isASCII || !layout[j].isNumber {
                        let count = layout.distance(from: next, to: j)
                        return chunk(.fraction(separator: c, digits: count, zeros: digit == "0"), length: count + 1)
                    }
                }
            default: break
            }
            i = next
        }
        return nil
    }

    /// Go's `time.RFC3339Nano`, the layout `time.Time` marshals to JSON with.
    static let rfc3339Nano = "2006-01-02T15:04:05.999999999Z07:00"

    static let longMonthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    static let longDayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// Go's `Time.Format`.
    static func format(_ time: GoTime, layout: String) -> String {
        let t = time.civil
        var out = ""
        var rest = Substring(layout)
        while let (prefix, element, _, remainder) = nextChunk(rest) {
            out += prefix
            rest = remainder
            switch element {
            case .longMonth: out += longMonthNames[t.month - 1]
            case .month: out += longMonthNames[t.month - 1].prefix(3)
            case .numMonth: out += String(t.month)
            case .zeroMonth: out += padded(Int64(t.month), 2)
            case .longWeekDay: out += longDayNames[t.weekday]
            case .weekDay: out += longDayNames[t.weekday].prefix(3)
            case .day: out += String(t.day)
            case .underDay: out += (t.day < 10 ? " " : "") + String(t.day)
            case .zeroDay: out += padded(Int64(t.day), 2)
            case .underYearDay: out += String(repeating: " ", count: 3 - String(t.yearDay).count) + String(t.yearDay)
            case .zeroYearDay: out += padded(Int64(t.yearDay), 3)
            case .hour: out += padded(Int64(t.hour), 2)
            case .hour12: out += String(t.hour % 12 == 0 ? 12 : t.hour % 12)
            case .zeroHour12: out += padded(Int64(t.hour % 12 == 0 ? 12 : t.hour % 12), 2)
            case .minute: out += String(t.minute)
            case .zeroMinute: out += padded(Int64(t.minute), 2)
            case .second: out += String(t.second)
            case .zeroSecond: out += padded(Int64(t.second), 2)
            case .longYear: out += padded(t.year, 4)
            case .year: out += padded(t.year.floorMod(100), 2)
            case .upperPM: out += t.hour >= 12 ? "PM" : "AM"
            case .lowerPM: out += t.hour >= 12 ? "pm" : "am"
            case .zoneName: out += t.abbreviation.isEmpty ? numericZone(t.offset) : t.abbreviation
            case .numericZone(let z, let colon, let fields):
                if z && t.offset == 0 {
                    out += "Z"
                } else {
                    out += zone(t.offset, colon: colon, fields: fields)
                }
            case .fraction(let separator, let digits, let zeros):
                let all = padded(t.nanosecond, 9).prefix(digits)
                if zeros {
                    out += String(separator) + all
                } else {
                    let trimmed = all.reversed().drop { $0 == "0" }.reversed()
                    if !trimmed.isEmpty { out += String(separator) + String(trimmed) }
                }
            }
        }
        return out + rest
    }

    /// An offset as Go's `MST` element writes a zone without a name: `+0100`.
    static func numericZone(_ offset: Int) -> String { zone(offset, colon: false, fields: 2) }

    private static func zone(_ offset: Int, colon: Bool, fields: Int) -> String {
        let magnitude = abs(offset)
        var out = (offset < 0 ? "-" : "+") + padded(Int64(magnitude / 3600), 2)
        if fields >= 2 { out += (colon ? ":" : "") + padded(Int64(magnitude / 60 % 60), 2) }
        if fields >= 3 { out += (colon ? ":" : "") + padded(Int64(magnitude % 60), 2) }
        return out
    }

    /// Go's `appendInt` with a width: zero-padded, the sign before the zeros.
    private static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        return (value < 0 ? "-" : "") + String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    }
}
