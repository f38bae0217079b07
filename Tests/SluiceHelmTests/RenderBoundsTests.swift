import Foundation
import SluiceCore
import SluiceHelm
import Testing

/// Rendering off the cooperative pool, bounded in time and cancellable: templates that would run for ever fail with
/// an error naming the chart and the template.
@Suite struct RenderBoundsTests {
    static func chart(_ templates: [String: String]) -> HelmChart {
        HelmChart(metadata: ChartMetadata(["apiVersion": "v2", "name": "demo", "version": "0.1.0"]),
                  templates: templates.keys.sorted().map { ChartFile(name: $0, data: Array(templates[$0]!.utf8)) })
    }

    /// `range` over `until` nested three deep: 10^15 iterations.
    static let endlessLoop = "x: {{ range until 100000 }}{{ range until 100000 }}{{ range until 100000 }}{{ end }}{{ end }}{{ end }}\n"

    /// 40 templates each including the next twice: 2^40 includes, never deeper than 41.
    static let includeExplosion: [String: String] = {
        var helpers = ""
        for level in 0..<40 {
            helpers += "{{- define \"t\(level)\" -}}{{ include \"t\(level + 1)\" . }}{{ include \"t\(level + 1)\" . }}{{- end -}}\n"
        }
        helpers += "{{- define \"t40\" -}}{{- end -}}\n"
        return ["templates/_helpers.tpl": helpers, "templates/boom.yaml": "x: {{ include \"t0\" . }}\n"]
    }()

    /// The CLI's entry (the sync overload, which an async context would not pick).
    static func renderSynchronously(_ renderer: ChartRenderer, _ chart: HelmChart) throws(HelmError) -> RenderedRelease {
        try renderer.render(chart, values: JSONObject())
    }

    static func renderer(limit: Duration) -> ChartRenderer {
        var renderer = ChartRenderer(release: ReleaseOptions(name: "r"))
        renderer.renderTimeLimit = limit
        return renderer
    }

    @Test func asyncRenderGivesWhatTheSyncRenderGives() async throws {
        let chart = Self.chart(["templates/cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  n: {{ until 5 | join \",\" | quote }}\n"])
        let renderer = ChartRenderer(release: ReleaseOptions(name: "r"))
        let asynchronous = try await renderer.render(chart, values: JSONObject())
        let synchronous = try Self.renderSynchronously(renderer, chart)
        #expect(asynchronous.manifests.map(\.content) == synchronous.manifests.map(\.content))
        #expect(asynchronous.manifests.first?.content.contains(#"n: "0,1,2,3,4""#) == true)
    }

    @Test func anEndlessLoopStopsAtTheTimeLimitNamingTheTemplate() async {
        do {
            _ = try await Self.renderer(limit: .seconds(1)).render(Self.chart(["templates/loop.yaml": Self.endlessLoop]), values: JSONObject())
            Issue.record("an endless loop rendered")
        } catch {
            #expect(error.message.contains("demo/templates/loop.yaml:1:"))
            #expect(error.message.contains("rendering took longer than its limit of 1s"))
        }
    }

    @Test func anIncludeExplosionStopsAtTheTimeLimitInTheSyncEntryToo() {
        do {
            _ = try Self.renderer(limit: .seconds(1)).render(Self.chart(Self.includeExplosion), values: JSONObject())
            Issue.record("2^40 includes rendered")
        } catch {
            #expect(error.message.contains("demo/templates/boom.yaml"))
            #expect(error.message.contains("rendering took longer than its limit of 1s"))
        }
    }

    @Test func cancellingTheTaskStopsTheRender() async {
        let renderer = Self.renderer(limit: .seconds(3600))
        let chart = Self.chart(["templates/loop.yaml": Self.endlessLoop])
        let task = Task { () async throws(HelmError) -> RenderedRelease in try await renderer.render(chart, values: JSONObject()) }
        task.cancel()
        do {
            _ = try await task.value
            Issue.record("a cancelled endless render finished")
        } catch let error as HelmError {
            #expect(error.message.contains("demo/templates/loop.yaml"))
            #expect(error.message.contains("rendering was cancelled"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
