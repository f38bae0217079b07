import Foundation

/// Sluice's own fixture chart `webapp` (`Tests/ExecutableTests/Fixtures/helm/webapp`: a Deployment, a Service, a
/// ConfigMap from values, NOTES.txt, a pre-install/pre-upgrade migration Job hook with a weight and delete policy, a
/// `test` hook Job, `values.schema.json`) in the versions the helm-controller's end-to-end tests and benchmark use.
public enum WebappChart {
    /// The chart's directory in the repository (version 1.0.0 as written).
    public static let directory = BuiltExecutables.repositoryRoot.appendingPathComponent("Tests/ExecutableTests/Fixtures/helm/webapp")

    /// The message the required value of the broken 2.1.0 fails to render with.
    public static let renderFailure = "webapp 2.1.0 needs .Values.databaseHost: the database to connect to"

    /// The versions, each a variant of the fixture.
    public enum Version: String, CaseIterable, Sendable {
        /// The fixture as written.
        case v1_0_0 = "1.0.0"
        /// The same chart, version and appVersion 1.1.0.
        case v1_1_0 = "1.1.0"
        /// Broken: its Deployment never becomes ready (the API server simulates a failed rollout).
        case v2_0_0 = "2.0.0"
        /// Broken: it fails to render (a required value the chart's defaults leave out).
        case v2_1_0 = "2.1.0"
    }

    /// Writes `version`'s chart directory at `destination` (which must not exist).
    public static func write(_ version: Version, to destination: URL) throws {
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: directory, to: destination)
        func edit(_ path: String, _ change: (String) -> String) throws {
            let file = destination.appendingPathComponent(path)
            try Data(change(try String(contentsOf: file, encoding: .utf8)).utf8).write(to: file)
        }
        try edit("Chart.yaml") {
            $0.replacingOccurrences(of: "version: 1.0.0", with: "version: \(version.rawValue)")
                .replacingOccurrences(of: "appVersion: \"1.0.0\"", with: "appVersion: \"\(version.rawValue)\"")
        }
        switch version {
        case .v1_0_0, .v1_1_0:
            break
        case .v2_0_0:
            try edit("templates/deployment.yaml") {
                $0.replacingOccurrences(of: "  labels:\n    {{- include \"webapp.labels\" . | nindent 4 }}\nspec:",
                                        with: "  labels:\n    {{- include \"webapp.labels\" . | nindent 4 }}\n  annotations:\n    sluice.dev/simulate: fail\nspec:")
            }
        case .v2_1_0:
            try Data("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: {{ include "webapp.fullname" . }}-database
                stringData:
                  host: {{ required "\(renderFailure)" .Values.databaseHost }}

                """.utf8).write(to: destination.appendingPathComponent("templates/database.yaml"))
        }
    }

    /// Packages `versions` into `repository` with an `index.yaml`, ready for `ChartRepositoryServer`; returns the packages.
    @discardableResult
    public static func repository(_ versions: [Version] = Version.allCases, at repository: URL) async throws -> [ChartPackager.Package] {
        let scratch = repository.appendingPathComponent(".charts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var packages: [ChartPackager.Package] = []
        for version in versions {
            let chart = scratch.appendingPathComponent(version.rawValue)
            try write(version, to: chart)
            packages.append(try await ChartPackager.package(chart, into: repository))
        }
        try ChartPackager.writeIndex(packages, in: repository)
        return packages
    }
}
