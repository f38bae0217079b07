import Foundation
import SluiceCore

/// Sprig's date functions: `now`, `date`, `dateInZone` (`date_in_zone`), `htmlDate`, `htmlDateInZone`, `toDate`,
/// `mustToDate`, `unixEpoch`, `dateModify` (`date_modify`), `mustDateModify` (`must_date_modify`), `ago`, `duration`
/// and `durationRound`, with Go's layouts and Sprig's leniency (an unknown zone is UTC, a bad layout the zero time).
///
/// The clock and the local zone come from the ``TemplateSet`` (``TemplateSet/now`` and ``TemplateSet/localTimeZone``),
/// so a render is reproducible when they are fixed.
enum DateFunctions {
    /// A second in nanoseconds.
    static let second: Int64 = 1_000_000_000

    static func register(in table: inout FunctionTable) {
        table.add("now", []) { executor, _ in .time(now(executor)) }
        table.add("date", [.string, .any]) { executor, args in
            .string(format(args[0].stringValue!, args[1], zone: "Local", executor))
        }
        let dateInZone: GoFunction = GoFunction([.string, .any, .string]) { executor, args in
            .string(format(args[0].stringValue!, args[1], zone: args[2].stringValue!, executor))
        }
        table.add("dateInZone", dateInZone)
        table.add("date_in_zone", dateInZone)
        table.add("htmlDate", [.any]) { executor, args in .string(format("2006-01-02", args[0], zone: "Local", executor)) }
        table.add("htmlDateInZone", [.any, .string]) { executor, args in
            .string(format("2006-01-02", args[0], zone: args[1].stringValue!, executor))
        }
        table.add("toDate", [.string, .string]) { executor, args in
            .time((try? parse(args[0].stringValue!, args[1].stringValue!, executor)) ?? .zero)
        }
        table.add("mustToDate", [.string, .string]) { executor, args throws(FunctionError) in
            .time(try parse(args[0].stringValue!, args[1].stringValue!, executor))
        }
        table.add("unixEpoch", [.time]) { _, args in
            guard case .time(let time) = args[0] else { return .string("") }
            return .string(String(time.unixSeconds))
        }
        let dateModify = GoFunction([.string, .time]) { _, args in
            guard case .time(let time) = args[1] else { return args[1] }
            guard let nanoseconds = try? parseDuration(args[0].stringValue!) else { return args[1] }
            return .time(time.adding(nanoseconds: nanoseconds))
        }
        table.add("dateModify", dateModify)
        table.add("date_modify", dateModify)
        let mustDateModify = GoFunction([.string, .time]) { _, args throws(FunctionError) in
            guard case .time(let time) = args[1] else { return args[1] }
            return .time(time.adding(nanoseconds: try parseDuration(args[0].stringValue!)))
        }
        table.add("mustDateModify", mustDateModify)
        table.add("must_date_modify", mustDateModify)
        table.add("ago", [.any]) { executor, args in
            // Sprig's dateAgo takes time.Time, int and int64 (not *time.Time or int32); anything else is now.
            let clock = now(executor)
            let time: GoTime
            switch args[0] {
            case .time(let t): time = t
            case .int(let seconds): time = GoTime(unixSeconds: Int64(seconds), location: clock.location)
            case .int64(let seconds): time = GoTime(unixSeconds: seconds, location: clock.location)
            default: time = clock
            }
            return .string(GoDuration(nanoseconds: roundedToSecond(clock.nanoseconds(since: time))).description)
        }
        table.add("duration", [.any]) { _, args in
            // Sprig reads a string of seconds or an int64; other types (an int literal, a float64 value) are 0.
            let seconds: Int64
            switch args[0] {
            case .string(let s): seconds = Int64(s) ?? 0
            case .int64(let n): seconds = n
            default: seconds = 0
            }
            return .string(GoDuration(nanoseconds: seconds.multipliedReportingOverflow(by: second).partialValue).description)
        }
        table.add("durationRound", [.any]) { executor, args in
            let nanoseconds: Int64
            switch args[0] {
            case .string(let s): nanoseconds = (try? parseDuration(s)) ?? 0
            case .int64(let n): nanoseconds = n
            case .time(let time): nanoseconds = now(executor).nanoseconds(since: time)
            default: nanoseconds = 0
            }
            return .string(roundDuration(nanoseconds))
        }
    }

    /// The argument-less methods of `time.Time` a template may call (`{{ now.Year }}`, `{{ (now).Unix }}`), or nil.
    static func method(_ name: String, of time: GoTime) -> GoValue? {
        let civil = time.civil
        switch name {
        case "Year": return .int(Int(truncatingIfNeeded: civil.year))
        case "Day": return .int(civil.day)
        case "YearDay": return .int(civil.yearDay)
        case "Hour": return .int(civil.hour)
        case "Minute": return .int(civil.minute)
        case "Second": return .int(civil.second)
        case "Nanosecond": return .int(Int(time.nanosecond))
        case "Unix": return .int64(time.unixSeconds)
        case "UnixNano": return .int64(time.unixSeconds.multipliedReportingOverflow(by: second).partialValue &+ time.nanosecond)
        case "UTC": return .time(time.in(.utc))
        case "IsZero": return .bool(time == GoTime.zero.in(time.location))
        case "String": return .string(time.description)
        default: return nil
        }
    }

    /// The injected clock's reading, in the local zone (as Go's `time.Now()`).
    static func now(_ executor: Executor) -> GoTime {
        GoTime(date: executor.set.now(), location: GoLocation(name: "Local", timeZone: executor.set.localTimeZone))
    }

    /// Sprig's `dateInZone`: a time, `*time.Time` or Unix seconds (int, int32, int64) — anything else is now — in `zone`
    /// (UTC when the zone is unknown), formatted with `layout`.
    static func format(_ layout: String, _ value: GoValue, zone: String, _ executor: Executor) -> String {
        let time: GoTime
        switch value {
        case .time(let t): time = t
        case .int(let seconds): time = GoTime(unixSeconds: Int64(seconds), location: .utc)
        case .int64(let seconds): time = GoTime(unixSeconds: seconds, location: .utc)
        default: time = now(executor)
        }
        let location = GoLocation.load(zone, local: executor.set.localTimeZone) ?? .utc
        return GoTimeLayout.format(time.in(location), layout: layout)
    }

    /// Go's `time.ParseInLocation(layout, text, time.Local)`.
    static func parse(_ layout: String, _ text: String, _ executor: Executor) throws(FunctionError) -> GoTime {
        try GoTimeParser(layout: layout, value: text, location: GoLocation(name: "Local", timeZone: executor.set.localTimeZone)).parse()
    }

    /// Go's `time.ParseDuration` in nanoseconds, failing with its message.
    static func parseDuration(_ text: String) throws(FunctionError) -> Int64 {
        guard let duration = GoDuration(text) else { throw FunctionError("time: invalid duration \(GoQuote.quote(text))") }
        return duration.nanoseconds
    }

    /// Go's `Duration.Round(time.Second)`: halves away from zero.
    static func roundedToSecond(_ nanoseconds: Int64) -> Int64 {
        let remainder = nanoseconds % second
        let truncated = nanoseconds - remainder
        guard remainder.magnitude * 2 >= UInt64(second) else { return truncated }
        let (rounded, overflow) = truncated.addingReportingOverflow(nanoseconds < 0 ? -second : second)
        return overflow ? (nanoseconds < 0 ? .min : .max) : rounded
    }

    /// Sprig's `durationRound`: the count of the largest unit (y = 365 days, mo = 30 days, d, h, m, s) the magnitude
    /// strictly exceeds, sign dropped.
    static func roundDuration(_ nanoseconds: Int64) -> String {
        let u = nanoseconds.magnitude
        let second = UInt64(Self.second), minute = 60 * second, hour = 60 * minute, day = 24 * hour
        let units: [(UInt64, String)] = [(365 * day, "y"), (30 * day, "mo"), (day, "d"), (hour, "h"), (minute, "m"), (second, "s")]
        for (size, suffix) in units where u > size { return "\(u / size)\(suffix)" }
        return "0s"
    }
}
