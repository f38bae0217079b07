import Foundation

/// A Go `time.Time`: an instant (Unix seconds and nanoseconds within the second) and the location it is shown in.
///
/// Printed directly it reads as Go's `Time.String()` (`2006-01-02 15:04:05.999999999 -0700 MST`), without the
/// monotonic clock reading Go appends to `time.Now()` values (which differs on every run anyway).
struct GoTime: Sendable, Equatable {
    var unixSeconds: Int64
    /// Nanoseconds within the second, 0 ..< 1_000_000_000.
    var nanosecond: Int64
    var location: GoLocation

    init(unixSeconds: Int64, nanosecond: Int64 = 0, location: GoLocation) {
        self.unixSeconds = unixSeconds + nanosecond.floorDiv(1_000_000_000)
        self.nanosecond = nanosecond.floorMod(1_000_000_000)
        self.location = location
    }

    /// The instant `date` (to the nanosecond a `Double` can tell) in `location`.
    init(date: Date, location: GoLocation) {
        let interval = date.timeIntervalSince1970
        let seconds = interval.rounded(.down)
        let clamped = Swift.max(Swift.min(seconds, 9e15), -9e15)
        self.init(unixSeconds: Int64(clamped), nanosecond: Int64(((interval - seconds) * 1e9).rounded()), location: location)
    }

    /// Go's zero `time.Time` (January 1, year 1, 00:00:00 UTC), which Sprig's `toDate` returns when parsing fails.
    static let zero = GoTime(unixSeconds: -62_135_596_800, location: .utc)

    /// The same instant shown in `location` (Go's `In`).
    func `in`(_ location: GoLocation) -> GoTime {
        var copy = self
        copy.location = location
        return copy
    }

    /// Go's `Add`: this instant moved by `nanoseconds` (saturating at the ends of `Int64` seconds).
    func adding(nanoseconds: Int64) -> GoTime {
        let (seconds, overflow) = unixSeconds.addingReportingOverflow(nanoseconds.floorDiv(1_000_000_000))
        return GoTime(unixSeconds: overflow ? (nanoseconds < 0 ? .min : .max) : seconds,
                      nanosecond: nanosecond + nanoseconds.floorMod(1_000_000_000), location: location)
    }

    /// Go's `Sub`: nanoseconds from `other` to this instant, saturated to what a `time.Duration` holds.
    func nanoseconds(since other: GoTime) -> Int64 {
        let seconds = unixSeconds.subtractingReportingOverflow(other.unixSeconds)
        guard !seconds.overflow else { return seconds.partialValue < 0 ? .max : .min }
        let scaled = seconds.partialValue.multipliedReportingOverflow(by: 1_000_000_000)
        guard !scaled.overflow else { return seconds.partialValue < 0 ? .min : .max }
        let total = scaled.partialValue.addingReportingOverflow(nanosecond - other.nanosecond)
        guard !total.overflow else { return scaled.partialValue < 0 ? .min : .max }
        return total.partialValue
    }

    /// The calendar fields of this instant in its location.
    var civil: GoCivilTime { GoCivilTime(self) }

    /// Go's `Time.String()`.
    var description: String { GoTimeLayout.format(self, layout: "2006-01-02 15:04:05.999999999 -0700 MST") }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    func floorDiv(_ divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }

    /// The remainder of ``floorDiv(_:)``, always in 0 ..< divisor for a positive divisor.
    func floorMod(_ divisor: Int64) -> Int64 { self - floorDiv(divisor) * divisor }
}
