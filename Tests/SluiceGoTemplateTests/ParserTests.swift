import SluiceCore
import SluiceGoTemplate
import Testing

/// Lexer and parser errors, worded and located as Go's `text/template/parse` words them.
@Suite struct ParserTests {
    @Test(arguments: [
        ("{{ .x", "template: t:1: unclosed action"),
        ("{{ if .x }}a", "template: t:1: unexpected EOF"),
        ("{{ end }}", "template: t:1: unexpected {{end}}"),
        ("{{ else }}", "template: t:1: unexpected {{else}}"),
        ("{{ $x }}", "template: t:1: undefined variable \"$x\""),
        ("{{ \"a\" | \"b\" }}", "template: t:1: non executable command in pipeline stage 2"),
        ("{{ range $i, $j, $k := . }}{{ end }}", "template: t:1: too many declarations in range"),
        ("{{ break }}", "template: t:1: {{break}} outside {{range}}"),
        ("{{/* x */ }}", "template: t:1: comment ends before closing delimiter"),
        ("{{/* x", "template: t:1: unclosed comment"),
        ("{{ 3x }}", "template: t:1: bad number syntax: \"3x\""),
        ("{{ if }}{{ end }}", "template: t:1: missing value for if"),
        ("{{ .x @ }}", "template: t:1: unexpected \"@\" in operand"),
        ("{{ \"abc }}", "template: t:1: unterminated quoted string"),
        ("{{ (1 }}", "template: t:1: unclosed left paren"),
        ("{{ 1) }}", "template: t:1: unexpected \")\" in command"),
        ("line one\nline two {{ nosuch }}", "template: t:2: function \"nosuch\" not defined"),
        ("{{ define \"a\" }}x{{ end }}{{ define \"a\" }}y{{ end }}", "template: t:1: template: multiple definition of template \"a\""),
        ("{{ \"x\".y }}", "template: t:1: unexpected . after term \"\\\"x\\\"\""),
    ])
    func parseErrors(_ text: String, _ message: String) {
        #expect(throws: GoTemplateError(kind: .parse, message: message)) {
            _ = try GoTemplate.parse(name: "t", text: text)
        }
    }

    @Test func trimMarkersNeedSpace() throws {
        // `{{-3}}` is the number -3, not a trim marker.
        #expect(try TemplateTestSupport.render("a {{-3}} b") == "a -3 b")
        #expect(try TemplateTestSupport.render("a  \n {{- 3 -}} \n b") == "a3b")
        #expect(try TemplateTestSupport.render("{{ `x\ny` }}") == "x\ny")
        #expect(try TemplateTestSupport.render("{{ 'a' }} {{ 0b101 }} {{ 1.5e2 }} {{ 0x10 }}") == "97 5 150 16")
    }

    @Test func laterTextsReplaceTemplatesButEmptyBodiesDoNot() throws {
        var set = TemplateSet()
        try set.parse(name: "a", text: "{{ define \"x\" }}one{{ end }}")
        try set.parse(name: "b", text: "{{ define \"x\" }}two{{ end }}{{ template \"x\" }}")
        #expect(try set.render("b", data: .null) == "two")
        try set.parse(name: "c", text: "{{ define \"x\" }}{{ end }}")
        #expect(try set.render("b", data: .null) == "two")
        #expect(set.templateNames == ["a", "b", "c", "x"])
    }

    @Test func blockCanBeOverridden() throws {
        var set = TemplateSet()
        try set.parse(name: "base", text: "[{{ block \"content\" . }}default{{ end }}]")
        #expect(try set.render("base", data: .null) == "[default]")
        try set.parse(name: "override", text: "{{ define \"content\" }}custom{{ end }}")
        #expect(try set.render("base", data: .null) == "[custom]")
    }
}
