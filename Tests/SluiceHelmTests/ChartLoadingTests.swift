import Foundation
import SluiceCore
@testable import SluiceGoTemplate
import SluiceHelm
import Testing

/// Chart.yaml and `.helmignore` read as Helm 4 reads them: sigs.k8s.io/yaml's conversion of numbers for string fields
/// and encoding/json's type errors; `pkg/ignore`'s rules rather than gitignore's.
@Suite struct ChartLoadingTests {
    /// Writes `files` (path → text) into a fresh directory and loads it.
    static func load(_ files: [String: String]) throws(HelmError) -> HelmChart {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-chart-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for (path, text) in files {
            let url = directory.appendingPathComponent(path)
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(text.utf8).write(to: url)
        }
        return try ChartLoader().load(path: directory.path)
    }

    static func render(_ chart: HelmChart) throws(HelmError) -> String {
        try ChartRenderer(release: ReleaseOptions(name: "r")).render(chart, values: JSONObject()).manifests.map(\.content).joined()
    }

    static let printChart = "version: {{ .Chart.Version | quote }}\napp: {{ .Chart.AppVersion | quote }}\nmaintainer: {{ (index .Chart.Maintainers 0).Name | quote }}\n"

    @Test func numbersForStringFieldsBecomeStringsAsSigsYAMLWritesThem() throws {
        let chart = try Self.load([
            "Chart.yaml": "apiVersion: v2\nname: demo\nversion: 1.0\nappVersion: 1.10\nmaintainers:\n  - name: 42\n",
            "templates/a.yaml": Self.printChart,
        ])
        #expect(chart.metadata.version == "1")
        let output = try Self.render(chart)
        #expect(output.contains(#"version: "1""#))
        #expect(output.contains(#"app: "1.1""#))
        #expect(output.contains(#"maintainer: "42""#))
    }

    @Test func floatsKeepThirtyTwoBitPrecision() {
        #expect(GoFloat.shortest32(3.14159265) == "3.1415927")
        #expect(GoFloat.shortest32(1234567.5) == "1.2345675e+06")
        #expect(GoFloat.shortest32(0.00001) == "1e-05")
        #expect(GoFloat.shortest32(100000) == "100000")
        #expect(GoFloat.shortest32(1.5) == "1.5")
    }

    @Test func aValueOfTheWrongKindFailsWithGosMessage() {
        let cases: [(String, String)] = [
            ("version: [1]\n", "json: cannot unmarshal array into Go struct field Metadata.version of type string"),
            ("version: 1.0.0\ndeprecated: \"yes\"\n", "json: cannot unmarshal string into Go struct field Metadata.deprecated of type bool"),
            ("version: 1.0.0\nmaintainers:\n  - name: [a]\n", "json: cannot unmarshal array into Go struct field Maintainer.maintainers.name of type string"),
            ("version: 1.0.0\nkeywords: web\n", "json: cannot unmarshal string into Go struct field Metadata.keywords of type []string"),
        ]
        for (yaml, message) in cases {
            do {
                _ = try Self.load(["Chart.yaml": "apiVersion: v2\nname: demo\n" + yaml])
                Issue.record("loaded: \(yaml)")
            } catch {
                #expect(error.message == "cannot load Chart.yaml: error unmarshaling JSON: while decoding JSON: " + message)
            }
        }
    }

    static let listFiles = #"files: {{ range $path, $_ := .Files.Glob "**" }}{{ $path }} {{ end }}"# + "\n"

    @Test func helmignoreFollowsHelmsRules() throws {
        let chart = try Self.load([
            "Chart.yaml": "apiVersion: v2\nname: demo\nversion: 0.1.0\n",
            ".helmignore": "\u{FEFF}# comment\n*.bak\n/root-only.txt\nbuild/\ndocs/*.md\n",
            "templates/a.yaml": Self.listFiles,
            "a.bak": "x", "sub/b.bak": "x",
            "root-only.txt": "x", "sub/root-only.txt": "kept",
            "build/out.txt": "x", "other/build": "kept (a file, not a directory)",
            "docs/a.md": "x", "docs/deep/b.md": "kept",
        ])
        let output = try Self.render(chart)
        #expect(output.contains("files: .helmignore docs/deep/b.md other/build sub/root-only.txt \n"), "\(output)")
    }

    @Test func doubleStarInHelmignoreFailsAsHelmFails() {
        do {
            _ = try Self.load(["Chart.yaml": "apiVersion: v2\nname: demo\nversion: 0.1.0\n", ".helmignore": "**/*.txt\n"])
            Issue.record("a ** rule was accepted")
        } catch {
            #expect(error.message == "double-star (**) syntax is not supported")
        }
    }
}
