import Foundation

/// RFC 3339 timestamps in the form Kubernetes writes them (`2024-05-01T12:00:00Z`).
public enum Timestamp {
    /// The time `date` in RFC 3339 in UTC to the second, such as `2024-05-01T12:00:00Z`, as Go's `metav1.Time` writes it.
    ///
    /// The fraction is dropped (rounding down, also before 1970), as Go drops it;
    /// computed directly rather than through a formatter so that every date
    /// Go can write comes out the same.
    public static func rfc3339(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (day, second) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
        let (year, month, dayOfMonth) = civil(fromDays: day)
        func pad(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(dayOfMonth, 2))T"
            + "\(pad(second / 3600, 2)):\(pad(second / 60 % 60, 2)):\(pad(second % 60, 2))Z"
    }

    /// The current time in RFC 3339.
    public static func now() -> String { rfc3339(Date()) }

    /// The time `date` in UTC to the microsecond, such as `2024-05-01T12:00:00.250000Z`, as Go's `metav1.MicroTime`
    /// writes it (a Lease's `acquireTime` and `renewTime`); the fraction below a microsecond is dropped.
    public static func microTime(_ date: Date) -> String {
        let (seconds, micros) = Int64((date.timeIntervalSince1970 * 1e6).rounded(.down)).quotientAndRemainder(dividingBy: 1_000_000)
        let (second, micro) = micros < 0 ? (seconds - 1, micros + 1_000_000) : (seconds, micros)
        let fraction = String(micro)
        return rfc3339(Date(timeIntervalSince1970: Double(second))).dropLast()
            + "." + String(repeating: "0", count: 6 - fraction.count) + fraction + "Z"
    }

    /// The time `date` in Go's `time.RFC3339Nano` form, such as `2024-05-01T12:00:00.25Z` (trailing zeros of the
    /// fraction dropped; microseconds are as fine as `Date` goes): what `flux reconcile` and Flux's receivers write
    /// into `reconcile.fluxcd.io/requestedAt`, so two requests within one second still differ.
    public static func rfc3339Nano(_ date: Date) -> String {
        var text = microTime(date).dropLast()
        while text.hasSuffix("0") { text = text.dropLast() }
        if text.hasSuffix(".") { text = text.dropLast() }
        return text + "Z"
    }

    /// A fresh `reconcile.fluxcd.io/requestedAt` value: now, in ``rfc3339Nano(_:)``.
    public static func reconcileRequest() -> String { rfc3339Nano(Date()) }

    /// Parses an RFC 3339 timestamp, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
