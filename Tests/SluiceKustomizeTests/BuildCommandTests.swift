import Foundation
import SluiceTestSupport
import Testing

/// `kustomize-controller build DIR`, run as a child process: YAML on stdout, or a message naming the file and a non-zero exit.
@Suite struct BuildCommandTests {
    struct Result {
        var status: Int32
        var output: String
        var errors: String
    }

    func run(_ arguments: [String]) async throws -> Result? {
        guard BuiltExecutables.isBuilt("kustomize-controller") else {
            print("skipping: kustomize-controller is not built (run `swift build` first)")
            return nil
        }
        let result = try await Shell.execute(BuiltExecutables.url("kustomize-controller").path, arguments)
        return Result(status: result.status, output: result.stdout, errors: result.stderr)
    }

    func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kustomize-build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func printsTheFixturesYAML() async throws {
        let fixture = FixtureTests.fixturesDirectory.appendingPathComponent("generators")
        guard let result = try await run(["build", "--root", fixture.path, fixture.appendingPathComponent("overlay").path]) else { return }
        #expect(result.status == 0, "\(result.errors)")
        let expected = try String(contentsOf: fixture.appendingPathComponent("expected.yaml"), encoding: .utf8)
        #expect(result.output == expected)
    }

    @Test func failsNamingTheFile() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "resources:\n- broken.yaml\n".write(to: directory.appendingPathComponent("kustomization.yaml"), atomically: true, encoding: .utf8)
        try "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [\n".write(to: directory.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        guard let result = try await run(["build", directory.path]) else { return }
        #expect(result.status != 0)
        #expect(result.output.isEmpty)
        #expect(result.errors.contains("broken.yaml"), "\(result.errors)")
    }
}
