import Foundation
import SluiceCore
import SluiceHelm
import SluiceTestSupport
import Testing

/// Hostile charts and values: each fails with an error naming the chart, file or values path, and nothing escapes.
@Suite struct SecurityTests {
    /// A fresh directory for one test.
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-helm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    static let chartYAML = "apiVersion: v2\nname: demo\nversion: 0.1.0\n"

    /// Builds a `.tgz` with Python's tarfile: `entries` are (name, contents, declared size or nil).
    static func archive(_ entries: [(String, String, Int?)], at path: URL) async throws {
        let script = """
        import io, json, sys, tarfile
        entries = json.loads(sys.argv[2])
        with open(sys.argv[1], 'wb') as raw:
            import gzip
            with gzip.GzipFile(fileobj=raw, mode='wb') as gz:
                for name, data, size in entries:
                    info = tarfile.TarInfo(name)
                    payload = data.encode()
                    info.size = size if size is not None else len(payload)
                    gz.write(info.tobuf(format=tarfile.GNU_FORMAT))
                    if size is None:
                        gz.write(payload + b'\\0' * ((512 - len(payload) % 512) % 512))
                gz.write(b'\\0' * 1024)
        """
        let json = "[" + entries.map { "[\(GoQuote.quote($0.0)), \(GoQuote.quote($0.1)), \($0.2.map(String.init) ?? "null")]" }.joined(separator: ",") + "]"
        try await Shell.run("python3", ["-c", script, path.path, json])
    }

    @Test func archiveEntryOutsideTheChartIsRefused() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tgz = directory.appendingPathComponent("demo-0.1.0.tgz")
        try await Self.archive([("demo/Chart.yaml", Self.chartYAML, nil), ("demo/../../escape.txt", "x", nil)], at: tgz)
        #expect(throws: HelmError.self) { try ChartLoader().load(path: tgz.path) }
        do { _ = try ChartLoader().load(path: tgz.path) } catch { #expect(error.message.contains("illegally references parent directory")) }
        #expect(!FileManager.default.fileExists(atPath: directory.deletingLastPathComponent().appendingPathComponent("escape.txt").path))
    }

    @Test func archiveEntryOfOneGibibyteIsRefusedFromItsHeader() async throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let tgz = directory.appendingPathComponent("demo-0.1.0.tgz")
        try await Self.archive([("demo/Chart.yaml", Self.chartYAML, nil), ("demo/templates/big.yaml", "", 1 << 30)], at: tgz)
        do {
            _ = try ChartLoader().load(path: tgz.path)
            Issue.record("a 1 GiB entry was accepted")
        } catch {
            #expect(error.message.contains("templates/big.yaml"))
            #expect(error.message.contains("larger than the maximum file size"))
        }
    }

    @Test func chartNameWithASlashIsRefused() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.write("apiVersion: v2\nname: a/b\nversion: 0.1.0\n", to: directory.appendingPathComponent("Chart.yaml"))
        do {
            _ = try ChartLoader().load(path: directory.path)
            Issue.record("a chart named a/b loaded")
        } catch {
            #expect(error.message == "validation: chart.metadata.name \"a/b\" is invalid")
        }
    }

    @Test func symlinkOutOfTheChartIsRefused() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.write(Self.chartYAML, to: directory.appendingPathComponent("chart/Chart.yaml"))
        try Self.write("secret", to: directory.appendingPathComponent("outside.txt"))
        try FileManager.default.createSymbolicLink(atPath: directory.appendingPathComponent("chart/leak.txt").path,
                                                   withDestinationPath: directory.appendingPathComponent("outside.txt").path)
        do {
            _ = try ChartLoader().load(path: directory.appendingPathComponent("chart").path)
            Issue.record("a symlink out of the chart was followed")
        } catch {
            #expect(error.message.contains("leak.txt"))
        }
    }

    @Test func valuesFileThatIsNotAMapNamesTheFile() {
        var options = ValueOptions()
        options.valuesFiles = [("prod.yaml", "- a\n- b\n")]
        do {
            _ = try options.merged()
            Issue.record("a list was accepted as values")
        } catch {
            #expect(error.message.hasPrefix("failed to parse prod.yaml: "))
        }
    }

    @Test func hugeStringFailsCleanly() throws {
        let chart = HelmChart(
            metadata: ChartMetadata(["apiVersion": "v2", "name": "big", "version": "0.1.0"]),
            templates: [ChartFile(name: "templates/a.yaml", data: Array(#"x: {{ "abcdefgh" | repeat 100000000 | len }}"#.utf8))])
        do {
            _ = try ChartRenderer(release: ReleaseOptions(name: "r")).render(chart, values: JSONObject())
            Issue.record("an 800 MB string rendered")
        } catch {
            #expect(error.message.contains("big/templates/a.yaml"))
            #expect(error.message.contains("Repeat output exceeds"))
        }
    }
}
