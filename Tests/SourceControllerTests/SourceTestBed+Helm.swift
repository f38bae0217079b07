import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
@testable import SourceController

/// HelmRepository and HelmChart controllers over a ``SourceTestBed``, chart repositories on disk and fixture charts.
extension SourceTestBed {
    /// A HelmRepository controller over this bed's cluster and store.
    func helmRepositoryController(indexMaxSize: Int = 50 << 20) -> Controller<HelmRepositoryReconciler> {
        controller(over: HelmRepositoryReconciler(indexMaxSize: indexMaxSize, artifactBaseURL: { "http://127.0.0.1:9090" }))
    }

    /// A HelmChart controller over this bed's cluster and store.
    func helmChartController(chartMaxSize: Int = 10 << 20) -> Controller<HelmChartReconciler> {
        controller(over: HelmChartReconciler(chartMaxSize: chartMaxSize, artifactBaseURL: { "http://127.0.0.1:9090" }))
    }

    /// A controller running `reconciler` over this bed's cluster and store, recording events as the source-controller.
    func controller<R: Reconciler>(over reconciler: R) -> Controller<R> {
        Controller(reconciler: reconciler, api: api, store: store,
                   events: EventRecorder(store: store, controller: "source-controller", instance: "test", logger: logger),
                   metrics: ControllerMetrics(), logger: logger)
    }

    /// Applies a HelmRepository in `default`; `extra` is more spec lines, indented two spaces.
    func applyHelmRepository(_ name: String, url: String, extra: String = "") async throws {
        try await kubectl(["apply", "-f", "-"], input: """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmRepository
            metadata:
              name: \(name)
              namespace: default
            spec:
              interval: 10m
              url: \(url)
            \(extra)
            """)
    }

    /// Applies a HelmChart in `default` from `repository` (a HelmRepository unless `kind` says otherwise); `extra` is
    /// more spec lines, indented two spaces.
    func applyHelmChart(_ name: String, chart: String, repository: String, kind: String = "HelmRepository", version: String? = nil,
                        extra: String = "") async throws
    {
        try await kubectl(["apply", "-f", "-"], input: """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmChart
            metadata:
              name: \(name)
              namespace: default
            spec:
              interval: 10m
              chart: \(chart)
              sourceRef:
                kind: \(kind)
                name: \(repository)
            \(version.map { "  version: '\($0)'" } ?? "")
            \(extra)
            """)
    }

    /// The object `default/name` of `type` as the cluster has it.
    func object<T: Reconcilable>(_ type: T.Type, _ name: String) async throws -> T {
        guard let raw = try await api.get(T.gvk, namespace: "default", name: name) else {
            throw LocalClusterError("\(T.kind) default/\(name) not found")
        }
        return try raw.decode(as: T.self)
    }

    /// Events the store holds for `kind` `default/name`, oldest first.
    func events(kind: String, _ name: String) throws -> [Event] {
        try store.events(limit: 10_000, involvedKind: kind, namespace: "default", name: name)
    }

    /// A directory under the bed holding a copy of `../shared/fixtures/helm-repo` (podinfo 6.13.0 and 6.14.1 with their index).
    func podinfoRepository() throws -> URL {
        let directory = self.directory.appendingPathComponent("charts-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.sharedHelmRepository, to: directory)
        return directory
    }

    /// `../shared/fixtures/helm-repo`.
    static var sharedHelmRepository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/fixtures/helm-repo").standardized
    }

    /// Writes chart `name` at `version` (a ConfigMap template and `files`, paths relative to the chart) into
    /// `directory` as `<name>-<version>.tgz`, packaged by GNU tar under `<name>/`.
    @discardableResult
    func writeChart(_ name: String, version: String, into directory: URL, values: String = "replicas: 1\nimage:\n  tag: stable\n",
                    files: [String: String] = [:]) async throws -> URL
    {
        let scratch = self.directory.appendingPathComponent("chart-src-\(UUID().uuidString)")
        let root = scratch.appendingPathComponent(name)
        var all = files
        all["Chart.yaml"] = all["Chart.yaml"] ?? "apiVersion: v2\nname: \(name)\nversion: \(version)\ndescription: a test chart\n"
        all["values.yaml"] = all["values.yaml"] ?? values
        all["templates/configmap.yaml"] = all["templates/configmap.yaml"]
            ?? "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  tag: {{ .Values.image.tag | quote }}\n"
        for (path, text) in all {
            let file = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let package = directory.appendingPathComponent("\(name)-\(version).tgz")
        try await Shell.run("tar", ["-C", scratch.path, "-czf", package.path, name])
        try? FileManager.default.removeItem(at: scratch)
        return package
    }

    /// Writes `index.yaml` into `directory` listing `charts` (name, version, URL), as `helm repo index` lays it out.
    func writeIndex(_ charts: [(name: String, version: String, url: String)], into directory: URL, digest: String? = nil) throws {
        var text = "apiVersion: v1\nentries:\n"
        for name in Set(charts.map(\.name)).sorted() {
            text += "  \(name):\n"
            for chart in charts where chart.name == name {
                text += """
                      - apiVersion: v2
                        name: \(chart.name)
                        version: \(chart.version)
                        created: '2025-01-01T00:00:00Z'
                        digest: \(digest ?? String(repeating: "0", count: 64))
                        urls:
                        - \(chart.url)

                    """
            }
        }
        text += "generated: '2025-01-01T00:00:00Z'\n"
        try Data(text.utf8).write(to: directory.appendingPathComponent("index.yaml"))
    }

    /// The file names in a stored chart package, as GNU tar lists them.
    func packageFiles(digest: String) async throws -> [String] {
        let file = directory.appendingPathComponent("package-\(UUID().uuidString).tgz")
        try Data(try store.artifactContent(digest: digest)).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try await Shell.run("tar", ["-tzf", file.path]).split(separator: "\n").map(String.init)
    }

    /// The content of `path` inside a stored chart package.
    func packageFile(digest: String, _ path: String) async throws -> String {
        let file = directory.appendingPathComponent("package-\(UUID().uuidString).tgz")
        try Data(try store.artifactContent(digest: digest)).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try await Shell.run("tar", ["-xzOf", file.path, path])
    }
}
