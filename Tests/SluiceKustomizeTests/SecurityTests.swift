import Foundation
import Logging
import SluiceCore
import SluiceKustomize
import Testing

/// Bad and hostile input: every case fails fast with an error that names the file.
@Suite struct SecurityTests {
    let logger = Logger(label: "kustomize-security")
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        """

    func build(_ files: [String: String], path: String = "") throws(KustomizeError) -> [KubeObject] {
        try KustomizeBuilder(fileSystem: InMemoryFileSystem(files: files), logger: logger).build(path: path)
    }

    func expectError(_ files: [String: String], path: String = "", naming file: String, containing text: String) {
        do {
            _ = try build(files, path: path)
            Issue.record("expected the build to fail")
        } catch {
            #expect(error.file == file, "\(error)")
            #expect(error.description.contains(text), "\(error)")
        }
    }

    @Test func refusesFilesOutsideTheKustomizationDirectory() {
        expectError(["app/kustomization.yaml": "resources:\n- ../deploy.yaml\n", "deploy.yaml": Self.deployment],
                    path: "app", naming: "app/kustomization.yaml", containing: "not in or below")
    }

    @Test func refusesPathsAboveTheRoot() {
        expectError(["kustomization.yaml": "resources:\n- ../../etc/passwd\n"], naming: "kustomization.yaml", containing: "outside the root")
    }

    @Test func refusesAbsolutePaths() {
        expectError(["kustomization.yaml": "resources:\n- /etc/passwd\n"], naming: "kustomization.yaml", containing: "absolute path")
    }

    @Test(arguments: ["https://example.com/deploy.yaml", "git::https://github.com/org/repo//base", "github.com/org/repo/base?ref=v1",
                      "git@github.com:org/repo.git"])
    func refusesRemoteResources(_ url: String) {
        expectError(["kustomization.yaml": "resources:\n- \(url)\n"], naming: "kustomization.yaml", containing: "remote resource")
    }

    @Test func detectsResourceCycles() {
        expectError(["a/kustomization.yaml": "resources:\n- ../b\n", "b/kustomization.yaml": "resources:\n- ../a\n"],
                    path: "a", naming: "b/kustomization.yaml", containing: "cycle detected")
    }

    @Test func stopsAnAliasBomb() {
        var yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 { yaml += "  a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        expectError(["kustomization.yaml": "resources:\n- bomb.yaml\n", "bomb.yaml": yaml], naming: "bomb.yaml", containing: "expands to more than")
    }

    @Test func stopsDeepNesting() {
        let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        expectError(["kustomization.yaml": "resources:\n- deep.yaml\n", "deep.yaml": yaml], naming: "deep.yaml", containing: "nesting")
    }

    @Test func refusesAHundredMebibyteInput() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kustomize-large-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "resources:\n- big.yaml\n".write(to: directory.appendingPathComponent("kustomization.yaml"), atomically: true, encoding: .utf8)
        // A sparse file: 100 MiB long without writing 100 MiB.
        let big = directory.appendingPathComponent("big.yaml")
        FileManager.default.createFile(atPath: big.path, contents: nil)
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 100 << 20)
        try handle.close()
        do {
            _ = try KustomizeBuilder(fileSystem: DiskFileSystem(root: directory.path), logger: logger).build(path: "")
            Issue.record("expected the build to fail")
        } catch {
            #expect(error.file == "big.yaml")
            #expect(error.message.contains("limit"))
        }
    }

    @Test func refusesSymbolicLinksOutOfTheRoot() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kustomize-link-\(UUID().uuidString)")
        let root = directory.appendingPathComponent("root")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.deployment.write(to: directory.appendingPathComponent("secret.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("link.yaml").path, withDestinationPath: "../secret.yaml")
        try "resources:\n- link.yaml\n".write(to: root.appendingPathComponent("kustomization.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try KustomizeBuilder(fileSystem: DiskFileSystem(root: root.path), logger: logger).build(path: "")
            Issue.record("expected the build to fail")
        } catch {
            #expect(error.file == "link.yaml")
            #expect(error.message.contains("outside the root"))
        }
    }

    @Test func namesTheFileOfABadDocument() {
        expectError(["kustomization.yaml": "resources:\n- bad.yaml\n", "bad.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: [\n"],
                    naming: "bad.yaml", containing: "bad.yaml")
    }

    @Test func refusesHelmChartsForNow() {
        expectError(["kustomization.yaml": "helmCharts:\n- name: x\n"], naming: "kustomization.yaml", containing: "Helm")
    }
}

extension SecurityTests {
    @Test func allowsFilesOutsideTheKustomizationWhenUnrestricted() throws {
        var builder = KustomizeBuilder(fileSystem: InMemoryFileSystem(files: ["app/kustomization.yaml": "resources:\n- ../deploy.yaml\n",
                                                                              "deploy.yaml": Self.deployment]), logger: logger)
        builder.restrictsFilesToKustomizationDirectory = false
        #expect(try builder.build(path: "app").map(\.name) == ["web"])
    }
}

extension SecurityTests {
    /// A name of 40 `a`s and a `!` makes a backtracking engine try every split of the run; RE2 (and kustomize) do not.
    static let hostileName = String(repeating: "a", count: 40) + "!"

    @Test func aBacktrackingPatchTargetCannotStallTheBuild() throws {
        let objects = try build([
            "kustomization.yaml": """
                resources:
                - cm.yaml
                patches:
                - target: {kind: ConfigMap, name: "(a+)+$"}
                  patch: |-
                    - op: add
                      path: /data/patched
                      value: "yes"
                """,
            "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(Self.hostileName)\ndata:\n  a: b\n",
        ])
        #expect(objects.map(\.name) == [Self.hostileName])
        #expect(objects.first?["data", "patched"] == nil, "the anchored pattern does not match a name ending in !")
    }

    @Test func aBacktrackingImageNameCannotStallTheBuild() throws {
        let objects = try build([
            "kustomization.yaml": "resources:\n- pod.yaml\nimages:\n- name: (a+)+\n  newTag: v2\n",
            "pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: \(Self.hostileName)\n",
        ])
        #expect(objects.count == 1)
    }

    @Test func aPatchTargetRE2RefusesIsNamed() {
        expectError(["kustomization.yaml": "resources: []\npatches:\n- target: {name: \"(a)\\\\1\"}\n  patch: \"[]\"\n"],
                    naming: "kustomization.yaml", containing: "target.name: invalid regular expression")
    }
}
