import Foundation

/// RFC 3339 timestamps in the form Kubernetes writes them (`2024-05-01T12:00:00Z`).
public enum Timestamp {
    /// The time `date` in RFC 3339, to the second, in UTC.
    public static func rfc3339(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!))
    }

    /// The current time in RFC 3339.
    public static func now() -> String { rfc3339(Date()) }

    /// Parses an RFC 3339 timestamp, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
