import Foundation
import SluiceCore
import SluiceGoTemplate
import Testing

/// Sprig's date functions against outputs derived from Go's `time` package and Sprig's `date.go`, on a fixed clock
/// (2021-03-04T05:06:07Z, a Thursday) with `Local` set to UTC, so every render is reproducible.
@Suite struct DateFunctionTests {
    /// 2021-03-04T05:06:07Z.
    static let instant: TimeInterval = 1_614_834_367

    static func render(_ text: String, at instant: TimeInterval = instant, local: String = "UTC") throws -> String {
        var set = TemplateSet(now: { Date(timeIntervalSince1970: instant) }, localTimeZone: TimeZone(identifier: local)!)
        try set.parse(name: "t", text: text)
        return try set.render("t", data: .null)
    }

    static func error(_ text: String) -> String? {
        do {
            _ = try render(text)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func nowPrintsAsGoTimeString() throws {
        #expect(try Self.render("{{ now }}") == "2021-03-04 05:06:07 +0000 UTC")
        #expect(try Self.render("{{ now }}", at: Self.instant + 0.25) == "2021-03-04 05:06:07.25 +0000 UTC")
        #expect(try Self.render("{{ typeOf now }} {{ kindOf now }} {{ empty now }}") == "time.Time struct false")
        #expect(try Self.render("{{ now | toJson }}") == #""2021-03-04T05:06:07Z""#)
    }

    @Test func timeMethodsWithoutArguments() throws {
        #expect(try Self.render("{{ now.Year }} {{ now.Day }} {{ now.YearDay }} {{ now.Hour }}:{{ now.Minute }}:{{ now.Second }}") == "2021 4 63 5:6:7")
        #expect(try Self.render("{{ (now).Unix }} {{ now.UTC }}", local: "Asia/Tokyo") == "1614834367 2021-03-04 05:06:07 +0000 UTC")
        #expect(try Self.render(#"{{ (toDate "2006" "x").IsZero }} {{ now.IsZero }}"#) == "true false")
        #expect(Self.error("{{ now.Months }}")?.contains("can't evaluate field Months in type time.Time") == true)
    }

    @Test func dateFormatsGoLayouts() throws {
        #expect(try Self.render(#"{{ now | date "2006-01-02" }}"#) == "2021-03-04")
        #expect(try Self.render(#"{{ date "Jan _2 15:04:05.000" now }}"#) == "Mar  4 05:06:07.000")
        #expect(try Self.render(#"{{ date "Jan _2 15:04:05.000" now }}"#, at: Self.instant + 0.5) == "Mar  4 05:06:07.500")
        #expect(try Self.render(#"{{ date "15:04:05.999" now }}|{{ date "15:04:05,999" now }}"#, at: Self.instant + 0.5) == "05:06:07.5|05:06:07,5")
        #expect(try Self.render(#"{{ date "15:04:05.999" now }}"#) == "05:06:07")
        #expect(try Self.render(#"{{ date "2006-01-02T15:04:05Z07:00" now }}"#) == "2021-03-04T05:06:07Z")
        #expect(try Self.render(#"{{ date "Z07:00" now }}"#) == "Z")
        #expect(try Self.render(#"{{ date "Monday, January 2, 2006 3:04:05 PM MST" now }}"#) == "Thursday, March 4, 2021 5:06:07 AM UTC")
        #expect(try Self.render(#"{{ date "06 1 2 3 4 5 pm 002 __2 Mon Jan 03 04 05" now }}"#) == "21 3 4 5 6 7 am 063  63 Thu Mar 05 06 07")
        // "Jan" followed by a lower-case letter and "_2006" are not what they look like.
        #expect(try Self.render(#"{{ date "Janx _2006" now }}"#) == "Janx _2021")
    }

    @Test func dateAcceptsUnixSecondsAndDefaultsToNow() throws {
        #expect(try Self.render(#"{{ date "2006-01-02 15:04:05" 0 }}"#) == "1970-01-01 00:00:00")
        #expect(try Self.render(#"{{ date "2006-01-02 15:04:05" (int64 1614834367) }}"#) == "2021-03-04 05:06:07")
        #expect(try Self.render(#"{{ date "2006" "not a time" }}"#) == "2021")
    }

    @Test func dateInZoneUsesIANAZonesAndFallsBackToUTC() throws {
        #expect(try Self.render(#"{{ dateInZone "2006-01-02T15:04:05Z07:00" now "Asia/Kolkata" }}"#) == "2021-03-04T10:36:07+05:30")
        #expect(try Self.render(#"{{ dateInZone "-0700 -07:00 -07 Z0700 -07:00:00" now "Asia/Kolkata" }}"#) == "+0530 +05:30 +05 +0530 +05:30:00")
        #expect(try Self.render(#"{{ date_in_zone "2006-01-02 15:04 -0700" now "America/New_York" }}"#) == "2021-03-04 00:06 -0500")
        #expect(try Self.render(#"{{ dateInZone "15:04 MST" now "Mars/Olympus" }}"#) == "05:06 UTC")
        // Abbreviations as Go's zoneinfo has them, standard and daylight time.
        #expect(try Self.render(#"{{ dateInZone "MST" now "Asia/Tokyo" }} {{ dateInZone "MST" now "America/New_York" }} {{ dateInZone "MST" (dateModify "2400h" now) "Europe/Berlin" }}"#) == "JST EST CEST")
        #expect(try Self.render(#"{{ dateInZone "15:04" now "Local" }}"#, local: "Asia/Tokyo") == "14:06")
        #expect(try Self.render(#"{{ date "15:04" now }}"#, local: "Asia/Tokyo") == "14:06")
    }

    @Test func htmlDate() throws {
        #expect(try Self.render("{{ now | htmlDate }}") == "2021-03-04")
        #expect(try Self.render(#"{{ htmlDateInZone (toDate "2006-01-02 15:04" "2021-03-04 23:30") "Asia/Tokyo" }}"#) == "2021-03-05")
    }

    @Test func toDateParsesInLocal() throws {
        #expect(try Self.render(#"{{ toDate "2006-01-02" "2021-03-04" }}"#) == "2021-03-04 00:00:00 +0000 UTC")
        #expect(try Self.render(#"{{ toDate "2006-01-02" "2021-03-04" }}"#, local: "Asia/Tokyo") == "2021-03-04 00:00:00 +0900 JST")
        #expect(try Self.render(#"{{ toDate "2006-01-02" "2021-03-04" | date "2006-01-02 15:04:05 -0700" }}"#, local: "Asia/Tokyo") == "2021-03-04 00:00:00 +0900")
        #expect(try Self.render(#"{{ toDate "2006-01-02" "2021-03-04" | unixEpoch }}"#, local: "Asia/Tokyo") == "1614783600")
        // An offset the local zone does not have makes a nameless fixed zone.
        #expect(try Self.render(#"{{ toDate "2006-01-02T15:04:05Z07:00" "2021-03-04T05:06:07+01:00" }}"#) == "2021-03-04 05:06:07 +0100 +0100")
        #expect(try Self.render(#"{{ toDate "2006-01-02T15:04:05Z07:00" "2021-03-04T05:06:07Z" | unixEpoch }}"#) == "1614834367")
        #expect(try Self.render(#"{{ toDate "2006-01-02T15:04:05.999999999Z07:00" "2021-03-04T05:06:07.25Z" | date "15:04:05.000" }}"#) == "05:06:07.250")
        // A fraction the layout does not mention is still read after seconds.
        #expect(try Self.render(#"{{ toDate "2006-01-02 15:04:05" "2021-03-04 05:06:07.125" | date ".000" }}"#) == ".125")
        // Omitted fields are zero (the year) or one (month and day), as in Go.
        #expect(try Self.render(#"{{ toDate "Jan _2 15:04:05.000" "Mar  4 05:06:07.125" | date "2006-01-02 15:04:05.000" }}"#) == "0000-03-04 05:06:07.125")
        // PM in a layout reads only "AM" and "PM".
        #expect(try Self.render(#"{{ toDate "3:04PM" "5:06pm" | date "15:04" }}"#) == "00:00")
        #expect(try Self.render(#"{{ toDate "3:04pm" "5:06am" | date "15:04" }}"#) == "05:06")
        #expect(try Self.render(#"{{ toDate "3:04PM" "5:06PM" | date "15:04" }}"#) == "17:06")
        #expect(try Self.render(#"{{ toDate "Monday 02 January 2006" "thursday 04 march 2021" | htmlDate }}"#) == "2021-03-04")
        // Sprig's toDate gives Go's zero time when the text does not fit.
        #expect(try Self.render(#"{{ toDate "2006-01-02" "2021-02-30" }}"#) == "0001-01-01 00:00:00 +0000 UTC")
        #expect(try Self.render(#"{{ toDate "2006-01-02" "nope" }}"#) == "0001-01-01 00:00:00 +0000 UTC")
    }

    @Test func formatThenParseRoundTrips() throws {
        for layout in ["2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05.999999999Z07:00", "Mon Jan _2 15:04:05 2006", "02 Jan 06 15:04 -0700"] {
            let text = #"{{ $t := dateModify "1.5s" now }}{{ $s := date "\#(layout)" $t }}{{ toDate "\#(layout)" $s | date "\#(layout)" | eq $s }}"#
            #expect(try Self.render(text, at: Self.instant + 0.125) == "true", "\(layout)")
        }
    }

    @Test func mustToDateFailsNamingTheFunction() throws {
        let message = Self.error(#"{{ mustToDate "2006-01-02" "nope" }}"#)
        #expect(message?.contains(#"error calling mustToDate: parsing time "nope" as "2006-01-02": cannot parse "nope" as "2006""#) == true, "\(message ?? "")")
        let range = Self.error(#"{{ mustToDate "2006-01-02" "2021-02-30" }}"#)
        #expect(range?.contains(#"error calling mustToDate: parsing time "2021-02-30": day out of range"#) == true, "\(range ?? "")")
        let extra = Self.error(#"{{ mustToDate "2006" "2021x" }}"#)
        #expect(extra?.contains(#"parsing time "2021x": extra text: "x""#) == true, "\(extra ?? "")")
        #expect(try Self.render(#"{{ mustToDate "2006-01-02" "2021-03-04" | htmlDate }}"#) == "2021-03-04")
    }

    @Test func unixEpochTakesOnlyATime() throws {
        #expect(try Self.render("{{ now | unixEpoch }}") == "1614834367")
        #expect(Self.error("{{ unixEpoch 5 }}")?.contains("can't handle 5 for arg of type time.Time") == true)
        #expect(Self.error(#"{{ unixEpoch (int64 5) }}"#)?.contains("wrong type for value; expected time.Time; got int64") == true)
    }

    @Test func dateModifyAddsAGoDuration() throws {
        #expect(try Self.render(#"{{ now | dateModify "-1.5h" | date "15:04:05" }}"#) == "03:36:07")
        #expect(try Self.render(#"{{ now | date_modify "24h" | htmlDate }}"#) == "2021-03-05")
        // A bad duration leaves the time as it was; the must form fails.
        #expect(try Self.render(#"{{ now | dateModify "soon" }}"#) == "2021-03-04 05:06:07 +0000 UTC")
        let message = Self.error(#"{{ now | mustDateModify "soon" }}"#)
        #expect(message?.contains(#"error calling mustDateModify: time: invalid duration "soon""#) == true, "\(message ?? "")")
        #expect(try Self.render(#"{{ now | must_date_modify "1m" | date "04" }}"#) == "07")
    }

    @Test func agoRoundsToSeconds() throws {
        #expect(try Self.render(#"{{ now | dateModify "-2h3m4.6s" | ago }}"#) == "2h3m5s")
        #expect(try Self.render("{{ ago 1614834300 }}") == "1m7s")
        #expect(try Self.render(#"{{ ago "x" }}"#) == "0s")
    }

    @Test func durationFormatsSeconds() throws {
        #expect(try Self.render(#"{{ duration "90" }}"#) == "1m30s")
        #expect(try Self.render("{{ duration (int64 3661) }}") == "1h1m1s")
        // Sprig reads only strings and int64: an int literal or a float64 value is zero.
        #expect(try Self.render("{{ duration 90 }}") == "0s")
        #expect(try Self.render(#"{{ duration "x" }}"#) == "0s")
    }

    @Test func durationRoundKeepsTheLargestUnit() throws {
        #expect(try Self.render(#"{{ durationRound "2h10m5s" }}"#) == "2h")
        #expect(try Self.render(#"{{ durationRound "2400h10m5s" }}"#) == "3mo")
        #expect(try Self.render(#"{{ durationRound "9000h" }}"#) == "1y")
        #expect(try Self.render(#"{{ durationRound "-3m1s" }}"#) == "3m")
        #expect(try Self.render(#"{{ durationRound "50h" }}"#) == "2d")
        #expect(try Self.render(#"{{ durationRound "1s" }}"#) == "0s")
        #expect(try Self.render(#"{{ durationRound "bogus" }}"#) == "0s")
        #expect(try Self.render("{{ durationRound (int64 90000000000) }}") == "1m")
        #expect(try Self.render(#"{{ now | dateModify "-50h" | durationRound }}"#) == "2d")
    }
}
