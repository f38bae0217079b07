import SluiceCore

/// A method of `time.Time` that takes arguments or returns a named Go type, as Go's reflection exposes it to
/// templates: `.Format "2006-01-02"`, `.Add 3600000000000`, `.AddDate 0 1 0`, `.Sub $t`, `.Before $t`, `.After $t`,
/// `.Equal $t`, `.Truncate 3600000000000`, `.Round …`, and `.Month` / `.Weekday`, whose `time.Month` and
/// `time.Weekday` print as names (`January`) and compare as the integers they are, `.Location` (a `*time.Location`
/// printing its name) and `.In`, which takes one. `.ISOWeek` returns two results, which Go's templates refuse to call.
///
/// A `time.Duration` parameter takes an integer constant (nanoseconds) or a `time.Duration` (what `.Sub` returns);
/// an `int64` variable is refused, as Go refuses it. The only `*time.Location` a template can pass to `In` is one
/// `.Location` returned.
struct GoTimeMethod {
    /// The parameter types, checked and converted as Go's `evalCall` does.
    var parameters: [GoFunction.Parameter]
    /// Why Go refuses to call the method from a template (its signature), if it does.
    var refusal: String?
    var body: (GoTime, [GoValue]) throws(FunctionError) -> GoValue

    /// The method called `name`, if it is one of these.
    static func named(_ name: String) -> GoTimeMethod? {
        switch name {
        case "Format":
            return GoTimeMethod(parameters: [.string]) { time, args in .string(GoTimeLayout.format(time, layout: args[0].stringValue ?? "")) }
        case "Add":
            return GoTimeMethod(parameters: [.duration]) { time, args in .time(time.adding(nanoseconds: nanoseconds(args[0]))) }
        case "AddDate":
            return GoTimeMethod(parameters: [.int, .int, .int]) { time, args in
                .time(addingDate(time, years: integer(args[0]), months: integer(args[1]), days: integer(args[2])))
            }
        case "Sub":
            return GoTimeMethod(parameters: [.time]) { time, args in
                guard case .time(let other) = args[0] else { return duration(0) }
                return duration(time.nanoseconds(since: other))
            }
        case "Before", "After", "Equal":
            return GoTimeMethod(parameters: [.time]) { time, args in
                guard case .time(let other) = args[0] else { return .bool(false) }
                let order = compare(time, other)
                return .bool(name == "Before" ? order < 0 : name == "After" ? order > 0 : order == 0)
            }
        case "Truncate", "Round":
            return GoTimeMethod(parameters: [.duration]) { time, args in
                .time(rounding(time, nanoseconds(args[0]), up: name == "Round"))
            }
        case "Month":
            return GoTimeMethod(parameters: []) { time, _ in
                let month = time.civil.month
                return named("time.Month", .int(month), GoTimeLayout.longMonthNames[month - 1])
            }
        case "Weekday":
            return GoTimeMethod(parameters: []) { time, _ in
                let weekday = time.civil.weekday
                return named("time.Weekday", .int(weekday), GoTimeLayout.longDayNames[weekday])
            }
        case "Location":
            return GoTimeMethod(parameters: []) { time, _ in
                .named(GoNamed(typeName: "*time.Location", underlying: .string(time.location.name), methods: [:],
                               printed: time.location.name, formatted: time.location.name, location: time.location))
            }
        case "In":
            return GoTimeMethod(parameters: [.value]) { time, args throws(FunctionError) in
                guard case .named(let named) = args[0], let location = named.location else {
                    if args[0].isNil { throw FunctionError("time: missing Location in call to Time.In") }
                    throw FunctionError("wrong type for value; expected *time.Location; got \(args[0].typeName)")
                }
                return .time(time.in(location))
            }
        case "ISOWeek":
            return GoTimeMethod(parameters: [], refusal: "invalid function signature for ISOWeek: second return value should be error; is int") { _, _ in .missing }
        default:
            return nil
        }
    }

    /// A `time.Duration` of `nanoseconds`: an `int64` that prints as Go's `Duration.String()` (`1h0m0s`).
    static func duration(_ nanoseconds: Int64) -> GoValue {
        let text = GoDuration(nanoseconds: nanoseconds).description
        return named("time.Duration", .int64(nanoseconds), text)
    }

    /// The nanoseconds of a `time.Duration` argument (a converted constant, or what `.Sub` returned).
    static func nanoseconds(_ value: GoValue) -> Int64 {
        switch value {
        case .int64(let n): return n
        case .int(let n): return Int64(n)
        case .named(let named): return nanoseconds(named.underlying)
        default: return 0
        }
    }

    private static func integer(_ value: GoValue) -> Int {
        if case .int(let n) = value { return n }
        return 0
    }

    /// A value of an integer type with a `String()` method: printed as its name, an integer to `eq` and `lt`.
    private static func named(_ type: String, _ value: GoValue, _ text: String) -> GoValue {
        let method = TemplateMethod(arity: 0) { _ in .string(text) }
        return .named(GoNamed(typeName: type, underlying: value, methods: ["String": method], printed: text, formatted: text))
    }

    /// -1, 0 or 1 as `a` is before, at or after `b`.
    private static func compare(_ a: GoTime, _ b: GoTime) -> Int {
        if a.unixSeconds != b.unixSeconds { return a.unixSeconds < b.unixSeconds ? -1 : 1 }
        if a.nanosecond != b.nanosecond { return a.nanosecond < b.nanosecond ? -1 : 1 }
        return 0
    }

    /// Go's `AddDate`: the wall clock in the time's location with the date moved and normalised (October 31 plus one
    /// month is December 1), then the instant that wall clock reads there.
    static func addingDate(_ time: GoTime, years: Int, months: Int, days: Int) -> GoTime {
        let civil = time.civil
        let monthIndex = Int64(civil.month - 1) &+ Int64(months)
        let year = civil.year &+ Int64(years) &+ monthIndex.floorDiv(12)
        let month = Int(monthIndex.floorMod(12)) + 1
        let day = GoCivilTime.days(year: year, month: month, day: 1) &+ Int64(civil.day - 1) &+ Int64(days)
        let wall = day &* 86_400 &+ Int64(civil.hour * 3600 + civil.minute * 60 + civil.second)
        // The offset in force at that wall clock, as Go's Date finds it.
        var unix = wall &- Int64(time.location.zone(at: wall).offset)
        let offset = time.location.zone(at: unix).offset
        if wall &- Int64(offset) != unix { unix = wall &- Int64(offset) }
        return GoTime(unixSeconds: unix, nanosecond: time.nanosecond, location: time.location)
    }

    /// Go's `Truncate` (`up` false) and `Round` (`up` true): to a multiple of `step` since the zero time (January 1,
    /// year 1, UTC), whatever the location; a step of zero or less leaves the time as it is.
    static func rounding(_ time: GoTime, _ step: Int64, up: Bool) -> GoTime {
        guard step > 0 else { return time }
        let sinceZero = Int128(time.unixSeconds) - Int128(GoTime.zero.unixSeconds)
        let total = sinceZero * 1_000_000_000 + Int128(time.nanosecond)
        var remainder = total % Int128(step)
        if remainder < 0 { remainder += Int128(step) }
        let rest = Int64(remainder)
        if !up || UInt64(rest) &+ UInt64(rest) < UInt64(step) { return time.adding(nanoseconds: -rest) }
        return time.adding(nanoseconds: step - rest)
    }
}
