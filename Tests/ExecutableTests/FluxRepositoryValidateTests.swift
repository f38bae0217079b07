import Foundation
import SluiceTestSupport
import Testing

/// `sluice validate` (the check a CI job runs on every pull request) on the trees shaped like the public Flux
/// repositories, as they are committed here: each passes; one wrong field fails naming the file and the field.
/// No cluster: the built `sluice` alone.
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice"), "needs the built sluice"))
struct FluxRepositoryValidateTests {
    /// Every tree passes. Objects whose CRD comes from a chart (cert-manager's ClusterIssuer, the Gateway API's kinds,
    /// Kyverno's ClusterPolicy) have no schema in the repository: skipped, as upstream's `.fluxschema.yml` asks.
    @Test(arguments: [FluxRepositoryFixture.podinfo, .kustomizeHelmExample, .multiTenancy])
    func eachFixtureTreeValidates(_ fixture: FluxRepositoryFixture) async throws {
        let run = try await ChildProcess.run("sluice", ["validate", fixture.directory.path, "--skip-missing-schemas"], timeout: .seconds(180))
        #expect(run.status == 0, "sluice validate \(fixture.name):\n\(run.stdout)\(run.stderr)")
    }

    /// A typo in podinfo's HorizontalPodAutoscaler (`minReplica`) fails, naming the file, the object and the field.
    @Test func aWrongFieldInTheHorizontalPodAutoscalerFailsNamingIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-validate-podinfo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for (path, content) in try FluxRepositoryFixture.podinfo.files() {
            guard case .file(var text) = content else { continue }
            if path == "kustomize/hpa.yaml" { text = text.replacingOccurrences(of: "  minReplicas: 2", with: "  minReplica: 2") }
            let file = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
        let run = try await ChildProcess.run("sluice", ["validate", directory.path, "--skip-missing-schemas"], timeout: .seconds(180))
        let output = run.stdout + run.stderr
        #expect(run.status != 0, "\(output)")
        #expect(output.contains("hpa.yaml"), "\(output)")
        #expect(output.contains("HorizontalPodAutoscaler"), "\(output)")
        #expect(output.contains("minReplica"), "\(output)")
    }
}
