import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceKustomize
import SluiceRuntime
import SluiceTestSupport
import Testing
@testable import KustomizeController

/// `spec.path` and every path the build joins onto the source tree stay inside it: a symbolic link leading out is
/// refused naming the field, a link cycle is not walked, and links inside the tree keep working.
@Suite struct SourcePathTests {
    let logger = Logger(label: "source-path")

    /// A temporary directory holding `tree/` (the source) and `outside/` (what must stay unread), with `configure`
    /// run on the tree.
    func withTree(_ configure: (URL, URL) throws -> Void, _ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-source-path-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let tree = directory.appendingPathComponent("tree")
        let outside = directory.appendingPathComponent("outside")
        for made in [tree.appendingPathComponent("deploy"), outside] {
            try FileManager.default.createDirectory(at: made, withIntermediateDirectories: true)
        }
        try Manifests.configMap("inside").write(to: tree.appendingPathComponent("deploy/config.yaml"), atomically: true, encoding: .utf8)
        try Manifests.configMap("host-secret").write(to: outside.appendingPathComponent("host.yaml"), atomically: true, encoding: .utf8)
        try configure(tree, outside)
        try body(tree)
    }

    /// A client that is never called: building needs no cluster.
    static func offline() throws -> KubernetesClient {
        try KubernetesClient(configuration: ClientConfiguration(server: "http://127.0.0.1:9"))
    }

    func link(_ at: URL, _ destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: at.path, withDestinationPath: destination)
    }

    func spec(path: String) throws -> KustomizationSpec {
        var object = KubeObject(apiVersion: "kustomize.toolkit.fluxcd.io/v1", kind: "Kustomization", name: "apps", namespace: "default")
        object["spec"] = ["interval": "1m", "path": .string(path), "prune": true, "sourceRef": ["kind": "GitRepository", "name": "repo"]]
        return try object.decode(as: Kustomization.self).spec
    }

    @Test(arguments: ["esc", "./esc", "deploy/../esc", "abs", "deploy/out"])
    func aSpecPathThroughALinkOutOfTheTreeIsRefused(_ path: String) throws {
        try withTree({ tree, outside in
            try link(tree.appendingPathComponent("esc"), "../outside")
            try link(tree.appendingPathComponent("abs"), outside.path)
            try link(tree.appendingPathComponent("deploy/out"), "../../outside/sub")
            try FileManager.default.createDirectory(at: outside.appendingPathComponent("sub"), withIntermediateDirectories: true)
        }) { tree in
            do {
                _ = try KustomizationOverlay(spec: spec(path: path)).prepare(source: tree, path: path)
                Issue.record("prepared \(path)")
            } catch {
                #expect("\(error)" == "kustomization path '\(path)' leads outside the source through a symbolic link")
            }
            // Through the controller's build: a BuildFailed condition that names neither the host's path nor its files.
            let reconciler = KustomizationReconciler(client: try Self.offline())
            do {
                _ = try reconciler.build(spec(path: path), source: tree, path: path, logger: logger)
                Issue.record("built \(path)")
            } catch let error as ReconcileError {
                #expect(error.reason == "BuildFailed")
                #expect(!error.message.contains("outside/"), "\(error.message)")
                #expect(!error.message.contains("host-secret"), "\(error.message)")
            }
        }
    }

    @Test func aLinkCycleIsNotWalkedAndLinksInsideTheTreeWork() throws {
        try withTree({ tree, _ in
            try link(tree.appendingPathComponent("deploy/loop"), ".")
            try link(tree.appendingPathComponent("apps"), "deploy")
        }) { tree in
            let reconciler = KustomizationReconciler(client: try Self.offline())
            for path in ["deploy", "apps", "./apps/"] {
                let objects = try reconciler.build(spec(path: path), source: tree, path: path, logger: logger)
                #expect(objects.map(\.name) == ["inside"], "\(path)")
            }
        }
    }

    @Test func aGeneratedKustomizationListsNoFileOutsideTheTree() throws {
        try withTree({ tree, _ in
            try link(tree.appendingPathComponent("deploy/host"), "../../outside")
        }) { tree in
            let (fileSystem, path) = try KustomizationOverlay(spec: spec(path: "deploy")).prepare(source: tree, path: "deploy")
            let generated = String(decoding: try fileSystem.readFile(path + "/kustomization.yaml", limit: 1 << 20), as: UTF8.self)
            #expect(!generated.contains("host"), "\(generated)")
            let objects = try KustomizationReconciler(client: try Self.offline())
                .build(spec(path: "deploy"), source: tree, path: "deploy", logger: logger)
            #expect(objects.map(\.name) == ["inside"])
        }
    }

    /// Flux builds with kustomize's `LoadRestrictionsNone`: a file outside the kustomization's directory but inside the
    /// source is read (kubectl kustomize would refuse it), and one outside the source still is not.
    @Test func filesOutsideTheKustomizationDirectoryButInsideTheSourceAreRead() throws {
        try withTree({ tree, _ in
            let common = tree.appendingPathComponent("common")
            try FileManager.default.createDirectory(at: common, withIntermediateDirectories: true)
            try Manifests.configMap("shared").write(to: common.appendingPathComponent("shared.yaml"), atomically: true, encoding: .utf8)
            try "resources:\n- config.yaml\n- ../common/shared.yaml\n"
                .write(to: tree.appendingPathComponent("deploy/kustomization.yaml"), atomically: true, encoding: .utf8)
        }) { tree in
            let reconciler = KustomizationReconciler(client: try Self.offline())
            let objects = try reconciler.build(spec(path: "deploy"), source: tree, path: "deploy", logger: logger)
            #expect(objects.map(\.name).sorted() == ["inside", "shared"])
            try "resources:\n- ../../outside/host.yaml\n"
                .write(to: tree.appendingPathComponent("deploy/kustomization.yaml"), atomically: true, encoding: .utf8)
            do {
                _ = try reconciler.build(spec(path: "deploy"), source: tree, path: "deploy", logger: logger)
                Issue.record("read a file outside the source")
            } catch let error as ReconcileError {
                #expect(error.reason == "BuildFailed")
                #expect(!error.message.contains("host-secret"), "\(error.message)")
            }
        }
    }
}
