import Foundation
import SluiceCore
import SluiceGoTemplate
import Testing

/// `toToml` and `fromToml` against BurntSushi/toml's encoder and decoder (read from its `encode.go`, `meta.go` and the
/// TOML 1.0 grammar), with `Local` set to UTC.
@Suite struct TOMLTests {
    static func render(_ text: String) throws -> String { try DateFunctionTests.render(text) }

    @Test func encoderOrdersPlainKeysThenTablesThenArraysOfTables() throws {
        #expect(try Self.render(#"{{ toToml (dict "t" (dict "x" 2) "a" 1 "arr" (list 1 2)) }}"#) == "a = 1\narr = [1, 2]\n\n[t]\n  x = 2\n")
        #expect(try Self.render(#"{{ toToml (dict "a" (dict "b" (dict "c" 1))) }}"#) == "[a]\n  [a.b]\n    c = 1\n")
        #expect(try Self.render(#"{{ toToml (dict "servers" (list (dict "name" "a") (dict "name" "b"))) }}"#)
            == "[[servers]]\n  name = \"a\"\n\n[[servers]]\n  name = \"b\"\n")
        #expect(try Self.render(#"{{ toToml (dict "z" 1 "servers" (list (dict "name" "a"))) }}"#) == "z = 1\n\n[[servers]]\n  name = \"a\"\n")
    }

    @Test func encoderWritesInlineTablesTimesFloatsAndQuotesAsBurntSushi() throws {
        #expect(try Self.render(#"{{ toToml (dict "m" (list (dict "k" "v" "n" (dict "x" 1)) 3)) }}"#) == "m = [{k = \"v\", n = {x = 1}}, 3]\n")
        #expect(try Self.render(#"{{ toToml (dict "t" (toDate "2006-01-02" "2021-03-04")) }}"#) == "t = 2021-03-04T00:00:00Z\n")
        #expect(try Self.render(#"{{ toToml (dict "a" 1.0 "b" 1e6 "c" 2.5) }}"#) == "a = 1.0\nb = 1e+06\nc = 2.5\n")
        #expect(try Self.render(#"{{ toToml (dict "a b" "x\ty\u001bz" "é" 1 "" 2) }}"#) == "\"\" = 2\n\"a b\" = \"x\\ty\\u001bz\"\n\"é\" = 1\n")
        #expect(try Self.render(#"{{ toToml (dict "a" (list 1 nil)) }}"#) == "toml: cannot encode array with nil element")
        // A map that holds itself fails cleanly (Go's encoder would overflow its stack).
        #expect(try Self.render(#"{{ $d := dict "a" 1 }}{{ $_ := set $d "self" $d }}{{ toToml $d }}"#).hasPrefix("toml: values nest deeper than"))
        #expect(try Self.render(#"{{ $d := dict "a" 1 }}{{ $_ := set $d "l" (list $d 2) }}{{ toToml $d }}"#).hasPrefix("toml: values nest deeper than"))
        #expect(try Self.render(#"{{ toToml (dict "d" (now.Sub (now.Add -90000000000))) }}"#) == "d = \"1m30s\"\n")
    }

    @Test func decoderReadsTablesArraysOfTablesInlineTablesAndDottedKeys() throws {
        let document = #"""
            title = "t" # a comment
            a.b = 1
            a.c = 2
            x = {k = "v", n.m = "deep"}
            ports = [
              80, # http
              443,
            ]
            [[servers]]
            name = "alpha"
            [[servers]]
            name = "beta"
            [servers.meta]
            zone = "eu"
            [owner]
            "quoted key" = true
            """#
        let template = "{{ $d := fromToml .Values.doc }}{{ $d.title }} {{ $d.a.c }} {{ typeOf $d.a.b }} {{ $d.x.n.m }} {{ $d.ports }} "
            + "{{ (index $d.servers 1).name }} {{ (index $d.servers 1).meta.zone }} {{ index $d.owner \"quoted key\" }} {{ $d.Error }}"
        var set = TemplateSet(localTimeZone: TimeZone(identifier: "UTC")!)
        try set.parse(name: "t", text: template)
        let output = try set.render("t", data: .object(["Values": .object(["doc": .string(document)])]))
        #expect(output == "t 2 int64 deep [80 443] beta eu true ")
    }

    @Test func decoderReadsStringsNumbersAndDates() throws {
        #expect(try Self.render(#"{{ (fromToml "s = \"\"\"\nline1\nline2 \\\n    joined\"\"\"").s | quote }}"#) == #""line1\nline2 joined""#)
        #expect(try Self.render(#"{{ (fromToml "p = 'C:\\path'\nq = '''\nraw \"x\"\n'''").p }}|{{ (fromToml "q = '''\nraw\n'''").q | quote }}"#) == #"C:\path|"raw\n""#)
        #expect(try Self.render(#"{{ $d := fromToml "h = 0xff\nu = 1_000\nf = 6.5e3\ni = -inf\no = 0o17" }}{{ $d.h }} {{ $d.u }} {{ $d.f }} {{ $d.i }} {{ $d.o }}"#) == "255 1000 6500 -Inf 15")
        #expect(try Self.render(#"{{ (fromToml "d = 1979-05-27T07:32:00Z").d }}"#) == "1979-05-27 07:32:00 +0000 UTC")
        #expect(try Self.render(#"{{ (fromToml "d = 1979-05-27 07:32:00.5Z").d }}"#) == "1979-05-27 07:32:00.5 +0000 UTC")
        #expect(try Self.render(#"{{ (fromToml "d = 1979-05-27").d }}"#) == "1979-05-27 00:00:00 +0000 date-local")
        #expect(try Self.render(#"{{ (fromToml "d = 1979-05-27T07:32:00").d }}"#) == "1979-05-27 07:32:00 +0000 datetime-local")
    }

    @Test func decoderErrorsGoToTheErrorKey() throws {
        #expect(try Self.render(#"{{ (fromToml "a = 1\na = 2").Error }}"#) == "toml: line 2 (last key \"a\"): Key 'a' has already been defined.")
        #expect(try Self.render(#"{{ (fromToml "a = 01").Error }}"#).contains("invalid number"))
        #expect(try Self.render(#"{{ (fromToml "a = \"x\ny\"").Error }}"#).contains("newlines"))
        #expect(try Self.render(#"{{ (fromToml "[t]\nx = 1\n[t]\ny = 2").Error }}"#) == "toml: line 3: Key 't' has already been defined.")
        // Nesting is bounded, as BurntSushi bounds it: hostile input cannot exhaust the stack.
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(try Self.render(#"{{ (fromToml "a = \#(deep)").Error }}"#).contains("exceeds maximum array depth of 128"))
        #expect(try Self.render(#"{{ (fromToml "a = 1 b = 2").Error }}"#)
            == "toml: line 1: expected a top-level item to end with a newline, comment, or EOF, but got 'b' instead")
        #expect(try Self.render(#"{{ (fromToml "[s]\nx = 1\nx = 2").Error }}"#) == "toml: line 3 (last key \"s.x\"): Key 's.x' has already been defined.")
    }
}
