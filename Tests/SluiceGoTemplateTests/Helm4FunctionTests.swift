import SluiceCore
import SluiceGoTemplate
import Testing

/// Helm 4's additions to the function map, with outputs recorded from Helm 4 (the shared `syn-functions` case) or
/// reasoned from its code (`pkg/engine/funcs.go`), and the bounds on generated sizes.
@Suite struct Helm4FunctionTests {
    static func render(_ text: String) throws -> String {
        var set = TemplateSet()
        try set.parse(name: "t", text: text)
        return try set.render("t", data: .null)
    }

    @Test func toYamlPrettyIndentsSequencesUnderTheirKey() throws {
        #expect(try Self.render(#"{{ toYamlPretty (dict "l" (list (dict "a" 1 "b" 2))) }}"#) == "l:\n  - a: 1\n    b: 2")
    }

    @Test func tomlRoundTrips() throws {
        #expect(try Self.render(#"{{ toToml (dict "title" "t" "owner" (dict "name" "n")) }}"#) == "title = \"t\"\n\n[owner]\n  name = \"n\"\n")
        #expect(try Self.render(#"{{ (fromToml "x = 1\n[t]\ny = \"z\"").t.y }}"#) == "z")
    }

    @Test func durations() throws {
        #expect(try Self.render(#"{{ mustToDuration "90s" }}"#) == "1m30s")
        #expect(try Self.render(#"{{ durationSeconds "1m30s" }}"#) == "90")
        #expect(try Self.render(#"{{ durationMilliseconds 2 }}"#) == "2000")
        #expect(try Self.render(#"{{ durationRoundTo "1h29m" "1h" }}"#) == "1h0m0s")
    }

    @Test func snakecaseSplitsANumberFollowedByLowerCase() throws {
        #expect(try Self.render(#"{{ "HTTPServerTwo2xOK" | snakecase }}"#) == "http_server_two_2x_ok")
        #expect(try Self.render(#"{{ "Bld4Floor" | snakecase }}"#) == "bld4_floor")
    }

    @Test func generatedSizesAreBounded() throws {
        #expect(throws: GoTemplateError.self) { try Self.render(#"{{ "abcdefgh" | repeat 100000000 }}"#) }
        #expect(throws: GoTemplateError.self) { try Self.render(#"{{ len (until 1000000000) }}"#) }
        // A sequence is bounded by its elements, not bytes: 5 Mi elements would hold hundreds of MiB of values.
        #expect(throws: GoTemplateError.self) { try Self.render(#"{{ len (until 5242880) }}"#) }
        #expect(throws: GoTemplateError.self) { try Self.render(#"{{ len (untilStep 0 10485760 2) }}"#) }
        #expect(try Self.render(#"{{ len (until 4194304) }}"#) == "4194304")
    }
}
