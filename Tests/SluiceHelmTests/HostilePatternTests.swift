import Foundation
import SluiceCore
import SluiceHelm
import Testing

/// Patterns a chart writes (`values.schema.json` `pattern` and `patternProperties`, `.Files.Glob`) are matched in
/// linear time, as Helm's Go validator and glob matcher match them: a pattern built to make a backtracking matcher
/// crawl (`(a+)+$` against `aaaa…!`) finishes at once.
@Suite struct HostilePatternTests {
    static let metadata = ChartMetadata(["apiVersion": "v2", "name": "demo", "version": "0.1.0"])
    static let attack = String(repeating: "a", count: 40) + "!"

    static func render(_ chart: HelmChart, values: JSONObject = JSONObject()) async throws -> RenderedRelease {
        try await ChartRenderer(release: ReleaseOptions(name: "r")).render(chart, values: values)
    }

    @Test func schemaPatternIsMatchedInLinearTime() async throws {
        let schema = #"{"type": "object", "properties": {"name": {"type": "string", "pattern": "^(a+)+$"}}}"#
        let chart = HelmChart(metadata: Self.metadata, schema: Array(schema.utf8))
        var values = JSONObject()
        values["name"] = .string(Self.attack)
        do {
            _ = try await Self.render(chart, values: values)
            Issue.record("the value should not match the pattern")
        } catch let error as HelmError {
            #expect(error.message.contains("does not match pattern '^(a+)+$'"))
        }
    }

    @Test func schemaPatternPropertiesAreMatchedInLinearTime() async throws {
        let schema = #"{"type": "object", "patternProperties": {"^(a+)+$": {"type": "integer"}}}"#
        let chart = HelmChart(metadata: Self.metadata, schema: Array(schema.utf8))
        var values = JSONObject()
        values[Self.attack] = .string("not checked: the key does not match")
        values["aaaa"] = .string("checked: the key matches")
        do {
            _ = try await Self.render(chart, values: values)
            Issue.record("aaaa should have been validated as an integer")
        } catch let error as HelmError {
            #expect(error.message.contains("/aaaa"))
            #expect(!error.message.contains(Self.attack))
        }
    }

    @Test func filesGlobIsMatchedInLinearTime() async throws {
        let name = "files/" + String(repeating: "a", count: 60) + ".txt"
        let chart = HelmChart(metadata: Self.metadata,
                              templates: [ChartFile(name: "templates/cm.yaml",
                                                    data: Array("n: {{ len (.Files.Glob \"files/*a*a*a*a*a*a*a*b\") }}\nm: {{ len (.Files.Glob \"files/*.txt\") }}\n".utf8))],
                              files: [ChartFile(name: name, data: Array("x".utf8))])
        let release = try await Self.render(chart)
        let manifest = release.manifests.map(\.content).joined()
        #expect(manifest.contains("n: 0"))
        #expect(manifest.contains("m: 1"))
    }
}
