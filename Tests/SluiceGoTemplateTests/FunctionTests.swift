import SluiceCore
import SluiceGoTemplate
import Testing

/// Sprig's and Helm's functions beyond the shared cases, with the outputs Go gives.
@Suite struct FunctionTests {
    private func render(_ text: String) throws -> String { try TemplateTestSupport.render(text) }

    @Test(arguments: [
        ("{{ default \"x\" .Values.nope }} {{ default \"x\" .Values.name }} {{ .Values.zero | default 5 }}", "x web 5"),
        ("{{ coalesce .Values.empty .Values.zero \"c\" }} {{ ternary \"y\" \"n\" true }} {{ empty .Values.emptyList }}", "c y true"),
        ("{{ list 1 \"a\" nil }} {{ dict \"a\" nil }}", "[1 a <nil>] map[a:<nil>]"),
        ("{{ dict \"a\" 1 \"b\" (list 1 2) | toJson }}", "{\"a\":1,\"b\":[1,2]}"),
        ("{{ toJson \"<a&b>\" }} {{ toRawJson \"<a>\" }}", "\"\\u003ca\\u0026b\\u003e\" \"<a>\""),
        ("{{ dict \"a\" 1 | toPrettyJson }}", "{\n  \"a\": 1\n}"),
        ("{{ printf \"%5.2f|%-4d|%x|%q|%v|%T\" 3.14159 7 255 \"hi\" (list 1 2) .Values.replicas }}", " 3.14|7   |ff|\"hi\"|[1 2]|float64"),
        ("{{ printf \"%d\" .Values.replicas }} {{ printf \"%s %s\" \"a\" }} {{ printf \"%s\" \"a\" \"b\" }}", "%!d(float64=3) a %!s(MISSING) a%!(EXTRA string=b)"),
        ("{{ printf \"%05d|%+d|%o|%X|%c|%t|%e|%g|%%\" 42 5 8 255 65 true 1234.5678 0.000012 }}", "00042|+5|10|FF|A|true|1.234568e+03|1.2e-05|%"),
        ("{{ print 1 2 \"a\" 3 \"b\" }}|{{ println 1 \"a\" }}", "1 2a3b|1 a\n"),
        ("{{ .Values.big }} {{ 1e21 }} {{ 0.000001 }} {{ 100000.5 }}", "1.234567e+06 1e+21 1e-06 100000.5"),
        ("{{ toYaml (dict \"a\" 1.5 \"b\" 3 \"big\" .Values.big \"f\" 1234567.5) }}", "a: 1.5\nb: 3\nbig: 1234567\nf: 1.2345675e+06"),
        ("{{ toYaml (dict \"t\" \"true\" \"e\" \"\" \"c\" \"x: y\" \"l\" (list) \"n\" \"123\" \"m\" \"a\\nb\") }}", "c: 'x: y'\ne: \"\"\nl: []\nm: |-\n  a\n  b\n\"n\": \"123\"\nt: \"true\""),
        ("{{ toYaml (dict \"a10\" 1 \"a9\" 2 \"a_b\" 3 \"aB\" 4) }}", "a_b: 3\na9: 2\na10: 1\naB: 4"),
        ("{{ toYaml .Values.nope }}|{{ toYaml (dict) }}|{{ toYaml \"s\" }}", "null|{}|s"),
        ("{{ (fromYaml \"a: [1, 2]\\nb: x\").a }} {{ (fromYamlArray \"- 1\\n- two\") }}", "[1 2] [1 two]"),
        ("{{ fromJson \"[1]\" }} {{ (fromJson \"{\\\"a\\\": 1.5}\").a }} {{ fromJsonArray \"[1, \\\"x\\\"]\" }}", "map[Error:json: cannot unmarshal array into Go value of type map[string]interface {}] 1.5 [1 x]"),
        ("{{ define \"x\" }}{{ .a }}{{ end }}{{ include \"x\" (dict \"a\" 1) }} {{ tpl .Values.tplString . }}", "1 web-3"),
        ("{{ semverCompare \">=1.20.0\" \"1.27.3\" }} {{ semverCompare \"<1.20\" \"v1.27.3\" }} {{ (semver \"1.2.3-rc.1\").Minor }} {{ (semver \"1.2.3-rc.1\").Prerelease }}", "true false 2 rc.1"),
        ("{{ title \"hello wide-world\" }} {{ untitle \"Hello World\" }} {{ snakecase \"FirstName\" }} {{ camelcase \"http_server\" }} {{ kebabcase \"FirstName\" }}", "Hello Wide-World hello world first_name HttpServer first-name"),
        ("{{ trunc 3 \"abcdef\" }} {{ trunc -2 \"abcdef\" }} {{ substr 1 3 \"abcdef\" }} {{ abbrev 5 \"hello world\" }} {{ repeat 3 \"ab\" }}", "abc ef bc he... ababab"),
        ("{{ wrap 10 \"hello world foo bar\" }}", "hello\nworld foo\nbar"),
        ("{{ b64dec \"!!\" }} {{ sha1sum \"\" }}", "illegal base64 data at input byte 0 da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("{{ seq 5 }}|{{ seq 5 1 }}|{{ seq 0 2 6 }}|{{ untilStep 0 10 3 }}|{{ until -2 }}", "1 2 3 4 5|5 4 3 2 1|0 2 4 6|[0 3 6 9]|[0 -1]"),
        ("{{ toDecimal \"0777\" }} {{ int \"0x1F\" }} {{ int64 \"1.0\" }} {{ float64 \"abc\" }} {{ atoi \"x\" }}", "511 31 1 0 0"),
        ("{{ keys .Values.labels | sortAlpha }} {{ values (dict \"b\" 2 \"a\" 1) }} {{ pluck \"app\" .Values.labels (dict \"app\" \"x\") }}", "[a.b/c app tier] [1 2] [web x]"),
        ("{{ uniq .Values.dup }} {{ without .Values.tags \"a\" }} {{ has \"a\" .Values.tags }} {{ compact (list \"\" \"a\" 0 nil \"b\") }}", "[x y] [b c] true [a b]"),
        ("{{ first .Values.tags }} {{ last .Values.tags }} {{ rest .Values.tags }} {{ initial .Values.tags }} {{ reverse .Values.tags }}", "b c [a c] [b a] [c a b]"),
        ("{{ append .Values.tags \"d\" }} {{ prepend .Values.tags \"z\" }} {{ concat .Values.tags (list 1) }} {{ slice (list 1 2 3 4) 1 3 }} {{ chunk 2 (list 1 2 3) }}", "[b a c d] [z b a c] [b a c 1] [2 3] [[1 2] [3]]"),
        ("{{ addf 0.1 0.2 }} {{ divf 1 3 }} {{ mulf 1.1 3 }} {{ round 2.5 0 }} {{ max 1 \"7\" 3.9 }} {{ mod -7 3 }}", "0.3 0.3333333333333333 3.3 3 7 -1"),
        ("{{ base \"a/b/c.txt\" }} {{ dir \"a/b/c.txt\" }} {{ ext \"c.tar.gz\" }} {{ clean \"a//b/../c/.\" }} {{ isAbs \"/x\" }}", "c.txt a/b .gz a/c true"),
        ("{{ typeOf (list) }} {{ typeOf (splitList \",\" \"a\") }} {{ typeOf (until 2) }} {{ typeOf (add 1 1) }} {{ typeOf 1 }} {{ kindOf nil }} {{ typeOf nil }}", "[]interface {} []string []int int64 int invalid <nil>"),
        ("{{ regexFindAll \"a.\" \"abacad\" 2 }} {{ regexReplaceAll \"(?P<x>b+)\" \"abbc\" \"<${x}>\" }} {{ regexSplit \",\" \"a,b,c\" 2 }}", "[ab ac] a<bb>c [a b,c]"),
        ("{{ merge (dict \"a\" \"\" \"b\" 1) (dict \"a\" \"filled\" \"b\" 2) }} {{ mergeOverwrite (dict \"n\" (dict \"x\" 1 \"y\" 1)) (dict \"n\" (dict \"y\" 2)) }}", "map[a:filled b:1] map[n:map[x:1 y:2]]"),
        ("{{ get .Values.labels \"nope\" }}|{{ hasKey .Values.labels \"app\" }}|{{ pick .Values.labels \"app\" }}|{{ omit .Values.labels \"app\" \"tier\" }}", "|true|map[app:web]|map[a.b/c:dotted]"),
        // Verified against Go 1.19's text/template with Sprig 3.2.3 and sigs.k8s.io/yaml:
        ("{{ toYaml (dict \"1\" \"a\" \"true\" 1 \"b60\" \"1:20\" \"eq\" \"=\" \"m5\" \"  lead\\nx\") }}", "\"1\": a\nb60: \"1:20\"\neq: =\nm5: |2-\n    lead\n  x\n\"true\": 1"),
        ("{{ divf 2 3 }} {{ upper \"ß\" }} {{ camelcase \"AlreadyCamel\" }} {{ camelcase \"some-words here\" }} {{ has 1 .Values.nope }} {{ eq nil nil }}", "0.6666666666666667 ß Alreadycamel SomeWordsHere false true"),
        ("{{ printf \"%#U|%X|%x\" 65 3.5 -0.25 }} {{ b64dec \"YWJ\" }} {{ regexFindAll \"\" \"abc\" -1 }}", "U+0041 'A'|0X1.CP+01|-0x1p-02 illegal base64 data at input byte 0 [   ]"),
        ("{{ lookup \"v1\" \"Secret\" \"ns\" \"name\" }} {{ len (uuidv4) }} {{ len (randAlphaNum 12) }}", "map[] 36 12"),
    ])
    func renders(_ text: String, _ expected: String) throws {
        #expect(try render(text) == expected)
    }

    @Test func toYamlFoldsLongStringsAt80ColumnsAndReadsBack() throws {
        let words = Array(repeating: "word", count: 40).joined(separator: " ")
        let yaml = try render("{{ toYaml (dict \"key\" \"\(words)\") }}")
        #expect(yaml.split(separator: "\n").count > 1)
        #expect(yaml.split(separator: "\n").allSatisfy { $0.count <= 84 })
        let read = try YAMLReader().documents(yaml).first?.value
        #expect(read == .object(["key": .string(words)]))
    }
}
