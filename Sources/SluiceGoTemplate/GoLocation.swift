import Foundation

/// A Go `*time.Location`: the zone a time is shown in (UTC, the injected local zone, or an IANA zone from Foundation),
/// or a fixed offset a parsed time carried.
struct GoLocation: Sendable, Equatable {
    /// The name Go's `Location.String()` gives (`UTC`, `Local`, `Europe/Berlin`).
    var name: String
    /// The zone rules; nil for UTC and for fixed offsets.
    var timeZone: TimeZone?
    /// The offset east of UTC of a fixed zone (used when `timeZone` is nil).
    var fixedOffset = 0
    /// The abbreviation of a fixed zone (`UTC` for UTC; empty when a parsed offset had no name).
    var fixedAbbreviation = "UTC"

    static let utc = GoLocation(name: "UTC", timeZone: nil)

    /// A zone of one offset, as Go's `time.FixedZone(abbreviation, offset)`.
    static func fixed(_ abbreviation: String, offset: Int) -> GoLocation {
        GoLocation(name: abbreviation, timeZone: nil, fixedOffset: offset, fixedAbbreviation: abbreviation)
    }

    /// Go's `time.LoadLocation`: "" and `UTC` are UTC, `Local` is `local`, anything else an IANA name; nil when unknown.
    static func load(_ name: String, local: TimeZone) -> GoLocation? {
        switch name {
        case "", "UTC": return .utc
        case "Local": return GoLocation(name: "Local", timeZone: local)
        default:
            // Go refuses names that could escape its zoneinfo directory.
            guard !name.hasPrefix("/"), !name.contains(".."), let zone = TimeZone(identifier: name) else { return nil }
            return GoLocation(name: name, timeZone: zone)
        }
    }

    /// The offset east of UTC in seconds and the zone's abbreviation at the instant `unixSeconds`.
    ///
    /// Abbreviations come from the system's zoneinfo as Go reads them (``ZoneAbbreviations``), else from Foundation,
    /// which on Linux may write `GMT+9` where Go writes `JST`. Offsets are exact.
    func zone(at unixSeconds: Int64) -> (offset: Int, abbreviation: String) {
        guard let timeZone else { return (fixedOffset, fixedAbbreviation) }
        let date = Date(timeIntervalSince1970: TimeInterval(unixSeconds))
        let offset = timeZone.secondsFromGMT(for: date)
        // Foundation names UTC "GMT" (even TimeZone(identifier: "UTC")); Go's zoneinfo calls it "UTC".
        if Self.utcIdentifiers.contains(timeZone.identifier) { return (offset, "UTC") }
        if let name = ZoneAbbreviations.abbreviation(identifier: timeZone.identifier, offset: offset, isDaylight: timeZone.isDaylightSavingTime(for: date)) {
            return (offset, name)
        }
        return (offset, timeZone.abbreviation(for: date) ?? GoTimeLayout.numericZone(offset))
    }

    private static let utcIdentifiers: Set<String> = ["UTC", "Etc/UTC", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu", "GMT", "GMT0", "Etc/GMT"]
}
