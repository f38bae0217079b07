import SluiceTestSupport
import Testing
@testable import SluiceGoTemplate

/// Seeded fuzzing of the template lexer and parser: chart templates come from whoever publishes the chart. A trap
/// ends the test process, so the test passes when every input is either parsed or refused with an error.
/// (Parsing only: executing arbitrary templates is bounded by the renderer's own limits, not tested here.)
@Suite struct ParserFuzzTests {
    static let valid = [
        #"{{- define "app.name" -}}{{ default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}{{- end }}"#,
        #"{{ range $i, $c := .Values.containers }}{{ if and $c.enabled (gt (len $c.ports) 0) }}{{ $c.name | quote }}{{ else if not $c }}x{{ else }}{{ break }}{{ end }}{{ end }}"#,
        #"{{ with .Values.a }}{{ toYaml . | nindent 4 }}{{ end }}{{/* comment */}}{{ template "t" . }}{{ block "b" . }}{{ printf "%d %s" 1 `raw` }}{{ end }}"#,
        #"{{ $x := 1.5e3 }}{{ $x = 'c' }}{{ index .Values "a" 0 }}{{ .Values.b.c.d }}{{ (call .F 0x1F -2) }}{{ nil }}{{ true }}"#,
    ].map { Array($0.utf8) }

    @Test func parserNeverTraps() {
        var fuzzer = Fuzzer(seed: 0x5eed_4008)
        var parsed = 0
        for input in fuzzer.inputs(count: 4000, valid: Self.valid, maxRandomCount: 128) {
            if (try? GoTemplate.parse(name: "fuzz", text: String(decoding: input, as: UTF8.self))) != nil { parsed += 1 }
        }
        #expect(parsed > 100)
    }
}
