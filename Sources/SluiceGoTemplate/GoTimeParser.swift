import Foundation
import SluiceCore

/// Go's `time.ParseInLocation` for the layouts ``GoTimeLayout`` reads, with Go's error wording
/// (`parsing time "VALUE" as "LAYOUT": cannot parse "REST" as "ELEMENT"`).
struct GoTimeParser {
    let layout: String
    let value: String
    /// The location of a time that names no zone, and whose offset a parsed offset is matched against.
    let location: GoLocation

    /// The time `value` spells in `layout`.
    func parse() throws(FunctionError) -> GoTime {
        var year: Int64 = 0, month = -1, day = -1, yearDay = -1, hour = 0, minute = 0, second = 0
        var nanosecond: Int64 = 0
        var pmSet = false, amSet = false
        var zoneOffset: Int?
        var zoneName: String?
        var rest = Substring(layout)
        var text = Substring(value)
        while true {
            guard let (prefix, element, elementText, remainder) = GoTimeLayout.nextChunk(rest) else {
                guard text.hasPrefix(rest) else { throw cannotParse(text, as: rest) }
                text = text.dropFirst(rest.count)
                guard text.isEmpty else { throw FunctionError("parsing time \(GoQuote.quote(value)): extra text: \(GoQuote.quote(String(text)))") }
                break
            }
            guard text.hasPrefix(prefix) else { throw cannotParse(text, as: prefix) }
            text = text.dropFirst(prefix.count)
            rest = remainder
            let before = text
            var ok = true
            switch element {
            case .longYear:
                if let n = digits(&text, min: 4, max: 4) { year = Int64(n) } else { ok = false }
            case .year:
                if let n = digits(&text, min: 2, max: 2) { year = Int64(n >= 69 ? n + 1900 : n + 2000) } else { ok = false }
            case .longMonth, .month:
                let names = GoTimeLayout.longMonthNames.map { element == .month ? String($0.prefix(3)) : $0 }
                if let index = lookup(names, &text) { month = index + 1 } else { ok = false }
            case .numMonth, .zeroMonth:
                if let n = digits(&text, min: element == .zeroMonth ? 2 : 1, max: 2), (1...12).contains(n) { month = n } else { ok = false }
            case .longWeekDay, .weekDay:
                let names = GoTimeLayout.longDayNames.map { element == .weekDay ? String($0.prefix(3)) : $0 }
                if lookup(names, &text) == nil { ok = false }
            case .day, .underDay, .zeroDay:
                if element == .underDay, text.first == " " { text = text.dropFirst() }
                if let n = digits(&text, min: element == .zeroDay ? 2 : 1, max: 2) { day = n } else { ok = false }
            case .underYearDay, .zeroYearDay:
                if element == .underYearDay { while text.first == " " { text = text.dropFirst() } }
                if let n = digits(&text, min: element == .zeroYearDay ? 3 : 1, max: 3), (1...366).contains(n) { yearDay = n } else { ok = false }
            case .hour:
                if let n = digits(&text, min: 1, max: 2), n < 24 { hour = n } else { ok = false }
            case .hour12, .zeroHour12:
                if let n = digits(&text, min: element == .zeroHour12 ? 2 : 1, max: 2), n <= 12 { hour = n } else { ok = false }
            case .minute, .zeroMinute:
                if let n = digits(&text, min: element == .zeroMinute ? 2 : 1, max: 2), n < 60 { minute = n } else { ok = false }
            case .second, .zeroSecond:
                if let n = digits(&text, min: element == .zeroSecond ? 2 : 1, max: 2), n < 60 {
                    second = n
                    // Go reads a fraction the layout does not mention when the layout does not continue with one.
                    if let separator = text.first, separator == "." || separator == ",",
                       text.dropFirst().first?.isASCII == true, text.dropFirst().first?.isNumber == true,
                       GoTimeLayout.nextChunk(rest).map({ if case .fraction = $0.element { return $0.prefix.isEmpty } else { return false } }) != true {
                        text = text.dropFirst()
                        nanosecond = fraction(&text)
                    }
                } else { ok = false }
            case .upperPM, .lowerPM:
                let am = element == .upperPM ? "AM" : "am", pm = element == .upperPM ? "PM" : "pm"
                if text.hasPrefix(pm) { pmSet = true } else if text.hasPrefix(am) { amSet = true } else { ok = false }
                if ok { text = text.dropFirst(2) }
            case .numericZone(let z, let colon, let fields):
                if z, text.first == "Z" {
                    text = text.dropFirst()
                    zoneOffset = 0
                    zoneName = "UTC"
                } else if let offset = numericOffset(&text, colon: colon, fields: fields) {
                    zoneOffset = offset
                } else { ok = false }
            case .zoneName:
                let letters = text.prefix { $0.isASCII && $0.isUppercase }
                if letters == "UTC" || (letters.count >= 3 && letters.count <= 5) {
                    zoneName = String(letters)
                    text = text.dropFirst(letters.count)
                } else { ok = false }
            case .fraction(_, let count, let zeros):
                if zeros {
                    guard let separator = text.first, separator == "." || separator == ",",
                          text.dropFirst().prefix(count).count == count, text.dropFirst().prefix(count).allSatisfy({ $0.isASCII && $0.isNumber }) else {
                        ok = false
                        break
                    }
                    text = text.dropFirst()
                    var digitsText = text.prefix(count)
                    text = text.dropFirst(count)
                    nanosecond = fraction(&digitsText)
                } else if let separator = text.first, separator == "." || separator == ",",
                          text.dropFirst().first?.isASCII == true, text.dropFirst().first?.isNumber == true {
                    text = text.dropFirst()
                    nanosecond = fraction(&text)
                }
            }
            guard ok else { throw cannotParse(before, as: elementText) }
        }
        if pmSet, hour < 12 { hour += 12 } else if amSet, hour == 12 { hour = 0 }
        if yearDay >= 0 {
            var m = 1, d = yearDay
            while m <= 12, d > GoCivilTime.daysIn(month: m, year: year) { d -= GoCivilTime.daysIn(month: m, year: year); m += 1 }
            if m > 12 || (month >= 0 && month != m) || (day >= 0 && day != d) { throw outOfRange("day-of-year") }
            month = m
            day = d
        }
        if month < 0 { month = 1 }
        if day < 0 { day = 1 }
        if day > GoCivilTime.daysIn(month: month, year: year) { throw outOfRange("day") }
        let civilSeconds = GoCivilTime.days(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        if let zoneOffset {
            let unix = civilSeconds - Int64(zoneOffset)
            if zoneName == "UTC" && zoneOffset == 0 { return GoTime(unixSeconds: unix, nanosecond: nanosecond, location: .utc) }
            // An offset the given location has at that instant keeps the location, as Go does.
            if location.zone(at: unix).offset == zoneOffset { return GoTime(unixSeconds: unix, nanosecond: nanosecond, location: location) }
            return GoTime(unixSeconds: unix, nanosecond: nanosecond, location: .fixed(zoneName ?? "", offset: zoneOffset))
        }
        if let zoneName {
            if zoneName == "UTC" { return GoTime(unixSeconds: civilSeconds, nanosecond: nanosecond, location: .utc) }
            // A known abbreviation of the location means its offset; any other gets offset zero, as in Go.
            let local = inLocation(civilSeconds)
            if local.location.zone(at: local.unixSeconds).abbreviation == zoneName { return GoTime(unixSeconds: local.unixSeconds, nanosecond: nanosecond, location: location) }
            return GoTime(unixSeconds: civilSeconds, nanosecond: nanosecond, location: .fixed(zoneName, offset: 0))
        }
        let local = inLocation(civilSeconds)
        return GoTime(unixSeconds: local.unixSeconds, nanosecond: nanosecond, location: location)
    }

    /// The instant whose wall clock in ``location`` reads `civilSeconds` (Go's `Date`: the offset in force then).
    private func inLocation(_ civilSeconds: Int64) -> GoTime {
        var unix = civilSeconds - Int64(location.zone(at: civilSeconds).offset)
        let offset = location.zone(at: unix).offset
        if civilSeconds - Int64(offset) != unix { unix = civilSeconds - Int64(offset) }
        return GoTime(unixSeconds: unix, location: location)
    }

    private func cannotParse(_ text: Substring, as element: Substring) -> FunctionError {
        FunctionError("parsing time \(GoQuote.quote(value)) as \(GoQuote.quote(layout)): cannot parse \(GoQuote.quote(String(text))) as \(GoQuote.quote(String(element)))")
    }

    private func outOfRange(_ what: String) -> FunctionError {
        FunctionError("parsing time \(GoQuote.quote(value)): \(what) out of range")
    }

    /// Between `min` and `max` ASCII digits.
    private func digits(_ text: inout Substring, min: Int, max: Int) -> Int? {
        let run = text.prefix(max).prefix { $0.isASCII && $0.isNumber }
        guard run.count >= min, let n = Int(run) else { return nil }
        text = text.dropFirst(run.count)
        return n
    }

    /// Digits after a decimal separator as nanoseconds (digits past the ninth ignored).
    private func fraction(_ text: inout Substring) -> Int64 {
        let run = text.prefix { $0.isASCII && $0.isNumber }
        text = text.dropFirst(run.count)
        let nine = String(run.prefix(9))
        return (Int64(nine) ?? 0) * Int64(pow(10, Double(9 - nine.count)))
    }

    /// The index of the name `text` starts with, compared ignoring ASCII case, as Go's `lookup` does.
    private func lookup(_ names: [String], _ text: inout Substring) -> Int? {
        for (index, name) in names.enumerated() where text.prefix(name.count).lowercased() == name.lowercased() {
            text = text.dropFirst(name.count)
            return index
        }
        return nil
    }

    /// `+hh`, `+hhmm`, `+hh:mm`, `+hh:mm:ss`, … as seconds east of UTC.
    private func numericOffset(_ text: inout Substring, colon: Bool, fields: Int) -> Int? {
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        var cursor = text.dropFirst()
        var parts: [Int] = []
        for index in 0..<fields {
            if index > 0 && colon {
                guard cursor.first == ":" else { return nil }
                cursor = cursor.dropFirst()
            }
            let pair = cursor.prefix(2)
            guard pair.count == 2, pair.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(pair) else { return nil }
            parts.append(n)
            cursor = cursor.dropFirst(2)
        }
        guard parts[0] <= 24, parts.count < 2 || parts[1] < 60, parts.count < 3 || parts[2] < 60 else { return nil }
        text = cursor
        let seconds = parts[0] * 3600 + (parts.count > 1 ? parts[1] * 60 : 0) + (parts.count > 2 ? parts[2] : 0)
        return sign == "-" ? -seconds : seconds
    }
}
