/// The calendar fields of a ``GoTime`` in its location (proleptic Gregorian, as Go computes them).
struct GoCivilTime {
    var year: Int64
    /// 1 ... 12.
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    var nanosecond: Int64
    /// 0 (Sunday) ... 6.
    var weekday: Int
    /// 1 ... 366.
    var yearDay: Int
    /// Seconds east of UTC.
    var offset: Int
    var abbreviation: String

    init(_ time: GoTime) {
        let zone = time.location.zone(at: time.unixSeconds)
        let local = time.unixSeconds.addingReportingOverflow(Int64(zone.offset)).partialValue
        let days = local.floorDiv(86_400)
        let secondOfDay = Int(local.floorMod(86_400))
        (year, month, day) = Self.civil(fromDays: days)
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
        nanosecond = time.nanosecond
        weekday = Int((days + 4).floorMod(7))
        yearDay = Int(days - Self.days(year: year, month: 1, day: 1)) + 1
        offset = zone.offset
        abbreviation = zone.abbreviation
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func days(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDiv(400)
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = z.floorDiv(146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// How many days `month` of `year` has.
    static func daysIn(month: Int, year: Int64) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
