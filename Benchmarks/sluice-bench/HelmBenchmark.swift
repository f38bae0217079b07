import Foundation
import SluiceCore
import SluiceHelm

/// `sluice-bench helm`: the chart engine (`SluiceHelm`) in process, on a generated chart of 10 subcharts and 200
/// templates and on a real chart (podinfo from the shared Helm repository fixture): renders per second, peak
/// memory, and how render time grows with the number of templates.
///
/// There is no Helm binary on the machines this runs on; the output says so rather than inventing a reference.
enum HelmBenchmark {
    static let usage = """
        usage: sluice-bench helm [--iterations 20] [--templates 200] [--chart PATH]

          --iterations N  renders of each chart; the figures are their mean (default 20)
          --templates N   templates of the generated chart, spread over it and its 10 subcharts (default 200)
          --chart PATH    the real chart, a directory or .tgz (default: ../shared/fixtures/helm-repo/podinfo-6.14.1.tgz)
        """

    @Sendable
    static func run(_ arguments: [String]) async throws {
        let options = try BenchArguments(arguments, known: ["iterations", "templates", "chart"])
        let iterations = try options.int("iterations", default: 20)
        let templates = try options.int("templates", default: 200, minimum: 11)
        let realPath = options.string("chart") ?? "../shared/fixtures/helm-repo/podinfo-6.14.1.tgz"

        print("Sluice helm benchmark (the SluiceHelm engine in process, `ChartRenderer.render` async)")
        #if DEBUG
        print("  build       debug — build with `swift build -c release` for representative figures")
        #else
        print("  build       release")
        #endif
        print("  reference   not available on this machine (no helm binary); figures are Sluice's alone")
        print("")

        let generated = try generatedChart(templates: templates)
        print("  chart                                         renders/s   ms/render   documents")
        try await report("generated (\(templates) templates, 10 subcharts)", generated, iterations: iterations)
        if FileManager.default.fileExists(atPath: realPath) {
            let real = try ChartLoader().load(path: realPath)
            try await report("\(real.name) \(real.metadata.version)", real, iterations: iterations)
        } else {
            print("  (real chart not found at \(realPath); skipped)")
        }
        print("")
        print("  linearity (generated chart, 10 subcharts)")
        print("  templates   ms/render   µs/template")
        for count in [50, 100, 200, 400] {
            let chart = try generatedChart(templates: count)
            let seconds = try await meanSeconds(chart, iterations: iterations)
            print("  \(String(count).leftPadded(9))   \(String(format: "%9.2f", seconds * 1000))   \(String(format: "%11.1f", seconds * 1e6 / Double(count)))")
        }
        print("")
        print(String(format: "  peak memory %.1f MiB (getrusage maxrss of this process, generation included)", Double(peakBytes()) / 1_048_576))
    }

    static func report(_ name: String, _ chart: HelmChart, iterations: Int) async throws {
        let documents = try await renderer.render(chart, values: JSONObject()).manifests.count
        let seconds = try await meanSeconds(chart, iterations: iterations)
        print("  \(name.padding(toLength: 44, withPad: " ", startingAt: 0))  \(String(format: "%9.1f", 1 / seconds))   \(String(format: "%9.2f", seconds * 1000))   \(String(documents).leftPadded(9))")
    }

    static let renderer = ChartRenderer(release: ReleaseOptions(name: "bench", namespace: "bench"))

    /// Mean wall time of one render over `iterations`, after one warm-up render.
    static func meanSeconds(_ chart: HelmChart, iterations: Int) async throws -> Double {
        _ = try await renderer.render(chart, values: JSONObject())
        let start = DispatchTime.now()
        for _ in 0..<iterations { _ = try await renderer.render(chart, values: JSONObject()) }
        return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 / Double(iterations)
    }

    /// This process's peak resident memory.
    static func peakBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Int(usage.ru_maxrss) * 1024
    }

    /// A chart of `templates` templates: a parent with a helpers file and 10 subcharts, the templates spread over them,
    /// each a Deployment or ConfigMap using what real charts use (include, toYaml, range, with, default, quote, nindent).
    static func generatedChart(templates: Int) throws -> HelmChart {
        var files: [ChartFile] = []
        func add(_ path: String, _ text: String) { files.append(ChartFile(name: path, data: Array(text.utf8))) }
        let helpers = """
            {{- define "bench.name" -}}{{ default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}{{- end -}}
            {{- define "bench.labels" -}}
            app.kubernetes.io/name: {{ include "bench.name" . }}
            app.kubernetes.io/instance: {{ .Release.Name }}
            helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
            {{- end -}}

            """
        let values = """
            replicas: 2
            image: {repository: ghcr.io/example/app, tag: "1.2.3"}
            env: {LOG_LEVEL: info, MODE: bench, REGION: eu}
            resources: {limits: {cpu: 500m, memory: 256Mi}, requests: {cpu: 100m, memory: 64Mi}}
            settings: {a: 1, b: two, c: [red, green, blue]}

            """
        func template(_ index: Int) -> String {
            index % 2 == 0 ? """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ include "bench.name" . }}-\(index)
                  labels:
                    {{- include "bench.labels" . | nindent 4 }}
                spec:
                  replicas: {{ .Values.replicas }}
                  template:
                    spec:
                      containers:
                        - name: app
                          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
                          env:
                            {{- range $key, $value := .Values.env }}
                            - name: {{ $key }}
                              value: {{ $value | quote }}
                            {{- end }}
                          {{- with .Values.resources }}
                          resources:
                            {{- toYaml . | nindent 12 }}
                          {{- end }}

                """ : """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ include "bench.name" . }}-\(index)
                  labels:
                    {{- include "bench.labels" . | nindent 4 }}
                data:
                  settings.json: {{ .Values.settings | toJson | quote }}
                  {{- range $i, $item := .Values.settings.c }}
                  item-{{ $i }}: {{ upper $item | quote }}
                  {{- end }}

                """
        }
        let perChart = templates / 11
        let parentCount = templates - perChart * 10
        add("Chart.yaml", "apiVersion: v2\nname: bench\nversion: 1.0.0\nappVersion: \"1.0\"\n")
        add("values.yaml", values)
        add("templates/_helpers.tpl", helpers)
        for index in 0..<parentCount { add("templates/t\(index).yaml", template(index)) }
        for sub in 0..<10 {
            add("charts/sub\(sub)/Chart.yaml", "apiVersion: v2\nname: sub\(sub)\nversion: 1.0.0\n")
            add("charts/sub\(sub)/values.yaml", values)
            for index in 0..<perChart { add("charts/sub\(sub)/templates/t\(index).yaml", template(index)) }
        }
        return try ChartLoader().load(files: files, source: "bench")
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: Swift.max(0, width - count)) + self }
}
