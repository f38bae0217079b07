import Foundation
import Logging
import SluiceAPI
import SluiceArchive
import SluiceCore
import SluiceKube
import SluiceOCI
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
@testable import SourceController

/// The OCIRepository side of the test bed: a controller, objects, Secrets, and content pushed to a real registry.
extension SourceTestBed {
    /// An OCIRepository controller over this bed's cluster and store.
    func ociController(artifactMaxSize: Int64 = 100 << 20) -> Controller<OCIRepositoryReconciler> {
        let reconciler = OCIRepositoryReconciler(artifactMaxSize: artifactMaxSize, artifactBaseURL: { "http://127.0.0.1:9090" },
                                                 workDirectory: directory)
        return Controller(reconciler: reconciler, api: api, store: store,
                          events: EventRecorder(store: store, controller: "source-controller", instance: "test", logger: logger),
                          metrics: ControllerMetrics(), logger: logger)
    }

    /// Applies an OCIRepository in `default`; `spec` holds the lines under `spec:` after `url` and `interval`.
    func applyOCIRepository(_ name: String, url: String, spec: String = "") async throws {
        let indented = spec.split(separator: "\n", omittingEmptySubsequences: false).map { "  \($0)" }.joined(separator: "\n")
        try await kubectl(["apply", "-f", "-"], input: """
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: OCIRepository
            metadata:
              name: \(name)
              namespace: default
            spec:
              interval: 10m
              url: \(url)
            \(indented)
            """)
    }

    /// The OCIRepository `default/name` as the cluster has it.
    func ociRepository(_ name: String) async throws -> OCIRepository {
        guard let raw = try await api.get(OCIRepository.gvk, namespace: "default", name: name) else {
            throw LocalClusterError("OCIRepository default/\(name) not found")
        }
        return try raw.decode(as: OCIRepository.self)
    }

    /// Events the store holds for the OCIRepository `name`, oldest first.
    func ociEvents(for name: String) throws -> [Event] {
        try store.events(limit: 10_000, involvedKind: "OCIRepository", namespace: "default", name: name)
    }

    /// Creates an Opaque or dockerconfigjson Secret in `default` holding `data` (base64-encoded here).
    func applySecret(_ name: String, type: String = "Opaque", data: [String: String]) async throws {
        let entries = data.map { "  \($0.key): \(Data($0.value.utf8).base64EncodedString())" }.sorted().joined(separator: "\n")
        try await kubectl(["apply", "-f", "-"], input: """
            apiVersion: v1
            kind: Secret
            metadata:
              name: \(name)
              namespace: default
            type: \(type)
            data:
            \(entries)
            """)
    }

    /// A client for pushing test content to `registry`.
    func pushClient(_ registry: RegistryServer, credentials: OCICredentials? = nil) throws -> OCIClient {
        try OCIClient(options: OCIClientOptions(credentials: credentials, caCertificatePEM: registry.certificates.map { Array($0.caPEM.utf8) },
                                                insecure: registry.certificates == nil, timeout: .seconds(60)),
                      logger: logger)
    }

    /// A deterministic tar.gz of `files` (path → content), packaged as source artifacts are.
    func tarball(_ files: [String: String]) throws -> [UInt8] {
        let tree = directory.appendingPathComponent("content-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tree) }
        for (path, content) in files {
            let file = tree.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.utf8).write(to: file)
        }
        return try ArtifactArchiver(maxSize: 100 << 20, logger: logger).archive(directory: tree, ignore: IgnoreMatcher([])).bytes
    }

    /// The file names in the OCIRepository's stored artifact, as GNU tar lists them.
    func ociArtifactFiles(_ repository: OCIRepository) async throws -> [String] {
        guard let digest = repository.status?.artifact?.digest else {
            throw LocalClusterError("OCIRepository \(repository.metadata.name) has no artifact: \(repository.conditions)")
        }
        let file = directory.appendingPathComponent("artifact-\(UUID().uuidString).tar.gz")
        try Data(try store.artifactContent(digest: digest)).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try await Shell.run("tar", ["-tzf", file.path]).split(separator: "\n").map(String.init)
    }
}
