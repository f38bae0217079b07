import SluiceCore

extension GoDuration {
    /// `duration` to the nanosecond, as Go's `time.Duration` holds it (`time.Since(start)` printed as `1.234567s`);
    /// a duration too long for 64-bit nanoseconds saturates rather than trapping.
    public init(_ duration: Duration) {
        let (seconds, overflow) = duration.components.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let saturated: Int64 = duration.components.seconds < 0 ? .min : .max
        self.init(nanoseconds: overflow ? saturated : seconds &+ duration.components.attoseconds / 1_000_000_000)
    }
}
