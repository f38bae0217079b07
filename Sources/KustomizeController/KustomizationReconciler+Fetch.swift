import Foundation
import Logging
import SluiceAPI
import SluiceArchive
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

extension KustomizationReconciler {
    /// The `fetch` step: reads the source's current artifact from the shared store (digest verified) and extracts it
    /// into a private directory (tar-slip, symlink-escape and size protected).
    func reconcileFetch(_ object: inout Kustomization, _ conditions: inout Conditions, _ context: ReconcileContext,
                        _ work: KustomizationWork) async throws -> ReconcileResult
    {
        let reference = object.spec.sourceRef
        let namespace = reference.namespace ?? object.metadata.namespace ?? "default"
        let display = "\(reference.kind)/\(namespace)/\(reference.name)"
        if noCrossNamespaceRefs, namespace != (object.metadata.namespace ?? "default") {
            throw ReconcileError.stalling(reason: "AccessDenied",
                                          message: "cross-namespace source reference '\(display)' is not allowed (--no-cross-namespace-refs)")
        }
        guard let sourceGVK = Self.sourceKind(named: reference.kind) else {
            throw ReconcileError.stalling(reason: ConditionReason.artifactFailed, message: "source kind '\(reference.kind)' is not supported")
        }
        let seconds = requeueDependency.components.seconds
        guard let raw = try await context.api.get(sourceGVK, namespace: namespace, name: reference.name) else {
            throw ReconcileError.waiting(reason: ConditionReason.artifactFailed,
                                         message: "Source '\(display)' not found, retrying in \(seconds)s", retryAfter: requeueDependency)
        }
        // Every source kind keeps its artifact at `status.artifact`.
        let artifact = raw["status", "artifact"].flatMap { try? JSONDecoder().decode(Artifact.self, from: Data(JSONSerializer().bytes($0))) }
        guard let artifact, let digest = artifact.digest else {
            throw ReconcileError.waiting(reason: ConditionReason.artifactFailed,
                                         message: "Source artifact of '\(display)' not found, retrying in \(seconds)s", retryAfter: requeueDependency)
        }
        var status = object.status ?? KustomizationStatus()
        status.lastAttemptedRevision = artifact.revision
        object.status = status
        work.revision = artifact.revision
        // As Flux's `getOriginRevision`: an OCIRepository's or ExternalArtifact's artifact may name the revision it was
        // built from; a GitRepository's has none.
        work.originRevision = artifact.metadata?[ArtifactGenerator.originRevisionAnnotation].flatMap { $0.isEmpty ? nil : $0 }
        guard let store = context.store else {
            throw ReconcileError.generic(reason: ConditionReason.artifactFailed, message: "no store to read the artifact from")
        }
        let directory = workDirectory.appendingPathComponent("kustomization-\(object.metadata.namespace ?? "")-\(object.metadata.name)-\(UUID().uuidString)")
        work.directory = directory
        do {
            let content = try store.artifactContent(digest: digest)
            let source = directory.appendingPathComponent("source")
            try OwnerOnlyFiles.createMissingDirectories(directory.path)  // 0700: the artifact may hold private manifests
            try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
            _ = try ArchiveExtractor(maxSize: artifactMaxSize, logger: context.logger).extract(content, into: source)
        } catch {
            throw ReconcileError.generic(reason: ConditionReason.artifactFailed,
                                         message: "failed to fetch artifact '\(artifact.revision)' of '\(display)': \(error)")
        }
        conditions.markReconciling(message: "Fetched revision: \(artifact.revision)")
        return .success
    }
}
