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

    /// Yams prints a line to stdout when `YAMS_DEFAULT_ENCODING` is set and its parser is left at the default encoding;
    /// every parser Sluice makes names UTF-8, so the variable can neither corrupt the output nor change the decoding.
    @Test func theYAMLLibrarysEncodingVariableChangesNothing() async throws {
        guard BuiltExecutables.isBuilt("kustomize-controller") else { return }
        let fixture = FixtureTests.fixturesDirectory.appendingPathComponent("generators")
        let result = try await Shell.execute(BuiltExecutables.url("kustomize-controller").path,
                                             ["build", "--root", fixture.path, fixture.appendingPathComponent("overlay").path],
                                             environment: ["YAMS_DEFAULT_ENCODING": "UTF16"])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try String(contentsOf: fixture.appendingPathComponent("expected.yaml"), encoding: .utf8)
        #expect(result.stdout == expected)
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

    /// Nine generator references to one 30 MiB file read 270 MiB: past the build's 256 MiB budget, so the build
    /// stops at the ninth read instead of printing hundreds of megabytes.
    @Test func generatorFilesDrawOnTheTotalBudget() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let big = directory.appendingPathComponent("big.txt")
        FileManager.default.createFile(atPath: big.path, contents: nil)
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 30 << 20)  // sparse: 30 MiB of zero bytes without writing them
        try handle.close()
        let files = (1...9).map { "  - k\($0)=big.txt\n" }.joined()
        try "configMapGenerator:\n- name: big\n  files:\n\(files)".write(to: directory.appendingPathComponent("kustomization.yaml"),
                                                                          atomically: true, encoding: .utf8)
        guard let result = try await run(["build", "--root", directory.path, directory.path]) else { return }
        #expect(result.status != 0)
        #expect(result.output.isEmpty, "\(result.output.utf8.count) bytes of output")
        #expect(result.errors.contains("big.txt: the build has read more than the limit of \(256 << 20) bytes in total"), "\(result.errors)")
    }
}
