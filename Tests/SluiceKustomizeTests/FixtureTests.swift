import Foundation
import Logging
import SluiceCore
import SluiceKustomize
import SluiceTestSupport
import Testing

/// The project's own kustomize fixtures: `Fixtures/<name>/` holds the files, `target.txt` the directory to build and
/// `expected.yaml` what `kubectl kustomize` (kustomize v5.5.0) printed for it.
@Suite struct FixtureTests {
    static let fixturesDirectory = BuiltExecutables.repositoryRoot.appendingPathComponent("Tests/SluiceKustomizeTests/Fixtures")

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixturesDirectory.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    static func target(_ name: String) -> String {
        let file = fixturesDirectory.appendingPathComponent(name).appendingPathComponent("target.txt")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? "."
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func build(_ name: String) throws -> String {
        let fileSystem = try DiskFileSystem(root: fixturesDirectory.appendingPathComponent(name).path)
        return try KustomizeBuilder(fileSystem: fileSystem, logger: Logger(label: "fixtures")).buildYAML(path: target(name))
    }

    @Test(arguments: names)
    func buildsAsKubectlDid(_ name: String) throws {
        let expected = try String(contentsOf: Self.fixturesDirectory.appendingPathComponent(name).appendingPathComponent("expected.yaml"), encoding: .utf8)
        let built = try Self.build(name)
        #expect(built == expected, "fixture \(name) differs from its recorded kubectl kustomize output")
    }

    /// Where kubectl is installed, builds every fixture with both and compares byte for byte.
    @Test(arguments: names)
    func matchesKubectlKustomize(_ name: String) async throws {
        guard let kubectl = BuiltExecutables.kubectl else {
            print("skipping the differential test: kubectl is not on the PATH")
            return
        }
        let result = try await Shell.execute(kubectl, ["kustomize", Self.fixturesDirectory.appendingPathComponent(name).appendingPathComponent(Self.target(name)).path])
        #expect(result.status == 0)
        let reference = result.stdout
        #expect(try Self.build(name) == reference, "fixture \(name): the engine and kubectl kustomize differ")
    }
}
