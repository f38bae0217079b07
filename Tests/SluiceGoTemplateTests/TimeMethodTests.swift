import Foundation
import SluiceGoTemplate
import Testing

/// time.Time's methods with arguments and with named results, as Go's reflection exposes them to templates, on the
/// fixed clock of ``DateFunctionTests`` (2021-03-04T05:06:07Z, a Thursday). Expectations follow Go's `time` package:
/// `AddDate` normalises, `Truncate`/`Round` work on the absolute time since year 1, `Month`/`Weekday` are Stringers
/// of integer kind, and `ISOWeek`'s two results are refused by `text/template`'s `goodFunc`.
@Suite struct TimeMethodTests {
    static func render(_ text: String, local: String = "UTC") throws -> String { try DateFunctionTests.render(text, local: local) }

    @Test func formatAddAndAddDate() throws {
        #expect(try Self.render(#"{{ now.Format "2006-01-02T15:04 Mon" }}"#) == "2021-03-04T05:06 Thu")
        #expect(try Self.render("{{ (now.Add 3600000000000).Hour }} {{ now.Add -60000000000 }}") == "6 2021-03-04 05:05:07 +0000 UTC")
        #expect(try Self.render("{{ now.AddDate 0 1 0 }}") == "2021-04-04 05:06:07 +0000 UTC")
        #expect(try Self.render(#"{{ (toDate "2006-01-02" "2021-10-31").AddDate 0 1 0 | date "2006-01-02" }}"#) == "2021-12-01")
        #expect(try Self.render(#"{{ (toDate "2006-01-02" "2020-02-29").AddDate 1 0 0 | date "2006-01-02" }}"#) == "2021-03-01")
        #expect(try Self.render("{{ now.AddDate 0 0 -4 | date \"2006-01-02\" }}") == "2021-02-28")
    }

    @Test func subGivesADurationThatPrintsAndAdds() throws {
        #expect(try Self.render("{{ now.Sub (now.AddDate 0 0 -1) }}") == "24h0m0s")
        #expect(try Self.render("{{ now.Sub (now.Add 1500000000) }}") == "-1.5s")
        #expect(try Self.render("{{ now.Sub now | typeOf }}") == "time.Duration")
        #expect(try Self.render("{{ eq (now.Sub (now.Add -5)) 5 }}") == "true")
        #expect(try Self.render(#"{{ now.Add (now.Sub (now.AddDate 0 0 -1)) | date "2006-01-02" }}"#) == "2021-03-05")
    }

    @Test func comparisons() throws {
        #expect(try Self.render("{{ now.Before (now.Add 1) }} {{ now.After (now.Add 1) }} {{ now.Equal now }}") == "true false true")
        #expect(try Self.render("{{ now.Equal now.UTC }} {{ eq now now.UTC }}", local: "Asia/Tokyo") == "true false")
    }

    @Test func truncateAndRoundWorkOnAbsoluteTime() throws {
        #expect(try Self.render("{{ now.Truncate 3600000000000 }}") == "2021-03-04 05:00:00 +0000 UTC")
        #expect(try Self.render("{{ now.Round 3600000000000 }}") == "2021-03-04 05:00:00 +0000 UTC")
        #expect(try Self.render("{{ now.Round 600000000000 }}") == "2021-03-04 05:10:00 +0000 UTC")
        #expect(try Self.render("{{ now.Truncate 0 }}") == "2021-03-04 05:06:07 +0000 UTC")
        // Half-hour zone: truncating to the hour lands on a UTC hour, which reads :30 there.
        #expect(try Self.render("{{ now.Truncate 3600000000000 }}", local: "Asia/Kolkata") == "2021-03-04 10:30:00 +0530 IST")
    }

    @Test func monthAndWeekdayPrintAsNamesAndCompareAsIntegers() throws {
        #expect(try Self.render("{{ now.Month }} {{ now.Weekday }} {{ now.YearDay }}") == "March Thursday 63")
        #expect(try Self.render("{{ eq now.Month 3 }} {{ lt now.Weekday 5 }} {{ ne now.Month 4 }}") == "true true true")
        #expect(try Self.render(#"{{ printf "%d %v %s %q" now.Month now.Month now.Month now.Month }}"#) == #"3 March March "March""#)
        #expect(try Self.render("{{ now.Month | toString }} {{ typeOf now.Month }} {{ now.Month.String }}") == "March time.Month March")
        // Sprig's arithmetic goes through cast v1.7, whose toInt knows Month and Weekday but not Duration.
        #expect(try Self.render("{{ add now.Month 1 }} {{ mul now.Weekday 2 }} {{ add (now.Sub (now.Add -5)) 1 }} {{ float64 now.Month }}") == "4 8 1 3")
    }

    @Test func locationAndIn() throws {
        #expect(try Self.render("{{ now.Location }} {{ now.UTC.Location }}", local: "Asia/Tokyo") == "Local UTC")
        #expect(try Self.render("{{ now.UTC.In now.Location }}", local: "Asia/Tokyo") == "2021-03-04 14:06:07 +0900 JST")
        #expect(try Self.render(#"{{ $t := toDate "2006-01-02 -0700" "2021-03-04 -0200" }}{{ now.In $t.Location }}"#) == "2021-03-04 03:06:07 -0200 -0200")
        #expect(DateFunctionTests.error(#"{{ now.In "UTC" }}"#)?.contains("wrong type for value; expected *time.Location; got string") == true)
    }

    @Test func goRefusesWhatItRefuses() {
        #expect(DateFunctionTests.error("{{ now.ISOWeek }}")?.contains("invalid function signature for ISOWeek: second return value should be error; is int") == true)
        #expect(DateFunctionTests.error("{{ now.Format }}")?.contains("wrong number of args for Format: want 1 got 0") == true)
        #expect(DateFunctionTests.error("{{ now.Add 1.5 }}")?.contains("expected integer; found 1.5") == true)
        #expect(DateFunctionTests.error("{{ $d := int64 5 }}{{ now.Add $d }}")?.contains("wrong type for value; expected time.Duration; got int64") == true)
        #expect(DateFunctionTests.error("{{ now.Before 5 }}")?.contains("time.Time") == true)
    }
}
