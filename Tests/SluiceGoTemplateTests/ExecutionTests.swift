import SluiceCore
import SluiceGoTemplate
import Testing

/// Execution semantics and errors, as Go's `text/template` (with Helm's `missingkey=zero`) renders and reports them.
@Suite struct ExecutionTests {
    private func render(_ text: String) throws -> String { try TemplateTestSupport.render(text) }
    private func error(_ text: String) -> String? { TemplateTestSupport.error(text) }

    @Test func controlStructures() throws {
        #expect(try render("{{ if .Values.off }}a{{ else if .Values.enabled }}b{{ else }}c{{ end }}") == "b")
        #expect(try render("{{ with .Values.nope }}x{{ else with .Values.name }}{{ . }}{{ end }}") == "web")
        #expect(try render("{{ range $i, $e := list 1 2 3 4 }}{{ if eq $i 2 }}{{ break }}{{ end }}{{ $e }}{{ end }}") == "12")
        #expect(try render("{{ range list 1 2 3 }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ . }}{{ end }}") == "13")
        #expect(try render("{{ range 3 }}{{ . }}{{ end }}") == "012")
        #expect(try render("{{ range $e := .Values.tags }}{{ $e }}{{ end }}") == "bac")
        #expect(try render("{{ range .Values.nope }}x{{ else }}none{{ end }}") == "none")
        #expect(try render("{{ or .Values.empty \"fallback\" }} {{ and 1 \"x\" }} {{ not .Values.emptyList }}") == "fallback x true")
        #expect(try render("{{ len .Values.tags }} {{ len .Values.name }} {{ index .Values.labels \"app\" }}") == "3 3 web")
    }

    @Test func missingValues() throws {
        #expect(try render("[{{ $x := .Values.nope }}{{ $x.foo }}]") == "[]")
        #expect(try render("[{{ index .Values.labels \"nope\" }}]") == "[]")
        #expect(try render("{{ print .Values.nope }}") == "<nil>")
        var goDefault = TemplateSet(missingKey: .noValue, removesNoValue: false)
        #expect(try TemplateTestSupport.render("{{ .Values.nope }}", goDefault) == "<no value>")
        goDefault.missingKey = .error
        #expect(TemplateTestSupport.error("{{ .Values.nope }}", goDefault)
            == "template: t:1:10: executing \"t\" at <.Values.nope>: map has no entry for key \"nope\"")
    }

    @Test func sharedMapsAreChangedInPlace() throws {
        #expect(try render("{{ $_ := set .Values \"added\" \"yes\" }}{{ .Values.added }}") == "yes")
        #expect(try render("{{ $d := dict }}{{ $_ := set $d \"k\" 1 }}{{ $c := deepCopy $d }}{{ $_ := set $c \"k\" 2 }}{{ $d.k }}{{ $c.k }}") == "12")
    }

    @Test(arguments: [
        ("{{ .Values.name.foo }}", "template: t:1:10: executing \"t\" at <.Values.name.foo>: can't evaluate field foo in type interface {}"),
        ("{{ .Values.nope.foo }}", "template: t:1:10: executing \"t\" at <.Values.nope.foo>: nil pointer evaluating interface {}.foo"),
        ("{{ upper .Values.replicas }}", "template: t:1:16: executing \"t\" at <.Values.replicas>: wrong type for value; expected string; got float64"),
        ("{{ upper .Values.nope }}", "template: t:1:16: executing \"t\" at <.Values.nope>: wrong type for value; expected string; got interface {}"),
        ("{{ $x := .Values.nope }}{{ upper $x }}", "template: t:1:33: executing \"t\" at <$x>: invalid value; expected string"),
        ("{{ eq .Values.replicas 3 }}", "template: t:1:3: executing \"t\" at <eq .Values.replicas 3>: error calling eq: incompatible types for comparison"),
        ("{{ index .Values.replicas 0 }}", "template: t:1:3: executing \"t\" at <index .Values.replicas 0>: error calling index: can't index item of type float64"),
        ("{{ index .Values.tags 1.5 }}", "template: t:1:3: executing \"t\" at <index .Values.tags 1.5>: error calling index: cannot index slice/array with type float64"),
        ("{{ upper }}", "template: t:1:3: executing \"t\" at <upper>: wrong number of args for upper: want 1 got 0"),
        ("{{ upper 1 }}", "template: t:1:9: executing \"t\" at <1>: expected string; found 1"),
        ("{{ range .Values.replicas }}{{ end }}", "template: t:1:16: executing \"t\" at <.Values.replicas>: range can't iterate over 3"),
        ("{{ (list 1 2).x }}", "template: t:1:11: executing \"t\" at <2>: can't evaluate field x in type []interface {}"),
        ("{{ nil }}", "template: t:1:3: executing \"t\" at <nil>: nil is not a command"),
        ("{{ .Values.name 1 }}", "template: t:1:10: executing \"t\" at <.Values.name>: name is not a method but has arguments"),
        ("{{ first .Values.nope }}", "template: t:1:3: executing \"t\" at <first .Values.nope>: error calling first: runtime error: invalid memory address or nil pointer dereference"),
        ("line\n  {{ required \"need it\" .Values.empty }}", "template: t:2:5: executing \"t\" at <required \"need it\" .Values.empty>: error calling required: need it"),
        ("{{ lt 1 \"a\" }}", "template: t:1:3: executing \"t\" at <lt 1 \"a\">: error calling lt: incompatible types for comparison"),
    ])
    func executionErrors(_ text: String, _ message: String) {
        #expect(error(text) == message)
    }

    @Test func recursionStopsWithAnError() {
        let viaTemplate = error("{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}")
        #expect(viaTemplate?.contains("exceeded maximum template depth (100)") == true)
        let viaInclude = error("{{ define \"r\" }}{{ include \"r\" . }}{{ end }}{{ include \"r\" . }}")
        #expect(viaInclude?.contains("exceeded maximum template depth (100)") == true)
        let viaTpl = error("{{ define \"r\" }}{{ tpl \"{{ include \\\"r\\\" . }}\" . }}{{ end }}{{ include \"r\" . }}")
        #expect(viaTpl?.contains("exceeded maximum template depth (100)") == true)
    }

    @Test func missingTemplateToRender() {
        #expect(throws: GoTemplateError(kind: .execution, message: "template: no template \"nope\" associated with template \"gotpl\"")) {
            _ = try TemplateSet().render("nope", data: .null)
        }
    }
}

/// Inputs that would exhaust Go's stack or memory end with a value or an error instead of a crash.
@Suite struct RobustnessTests {
    @Test func mapsThatHoldThemselves() throws {
        let text = "{{ $d := dict \"a\" 1 }}{{ $_ := set $d \"self\" $d }}[{{ toJson $d }}][{{ toYaml $d }}]{{ $c := deepCopy $d }}{{ $m := merge $d $d }}{{ len $c }}"
        #expect(try TemplateTestSupport.render(text) == "[][]2")
    }

    @Test func hugeWidthsAndDeepNesting() throws {
        #expect(try TemplateTestSupport.render("{{ printf \"%99999999999999999999d|%*d\" 1 -9223372036854775807 2 }}").hasPrefix("%!(BADWIDTH)"))
        let deep = String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150)
        #expect(TemplateTestSupport.error("{{ \(deep) }}") == "template: t:1: max expression depth exceeded")
        let nested = String(repeating: "{{ if true }}", count: 150) + "x" + String(repeating: "{{ end }}", count: 150)
        #expect(TemplateTestSupport.error(nested) == "template: t:1: max expression depth exceeded")
    }
}
