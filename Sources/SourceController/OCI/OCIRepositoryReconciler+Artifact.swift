import Foundation
import Logging
import SluiceAPI
import SluiceArchive
import SluiceCore
import SluiceOCI
import SluiceRuntime
import SluiceStore

extension OCIRepositoryReconciler {
    /// The `artifact` step: when the revision, the ignore rules or the layer selector changed, pulls the manifest
    /// (digest checked), selects the layer (`layerSelector.mediaType`, else the first), downloads it (size bounded
    /// before reading, every byte checked against its digest) and stores it: `extract` unpacks it safely and
    /// re-packages it deterministically with `ignore` applied, `copy` stores the blob as is.
    func reconcileArtifact(_ object: inout OCIRepository, _ conditions: inout Conditions, _ context: ReconcileContext,
                           _ work: OCIRepositoryWork) async throws -> ReconcileResult
    {
        guard let client = work.client, let resolved = work.resolved, let revision = work.revision else { return .success }
        let namespace = object.metadata.namespace ?? ""
        let name = object.metadata.name
        if let current = object.status?.artifact, current.revision == revision, !Self.contentConfigChanged(object) {
            conditions.delete(ConditionType.artifactOutdated)
            conditions.markTrue(ConditionType.artifactInStorage, reason: ConditionReason.succeeded,
                                message: "stored artifact for digest '\(revision)'")
            return .success
        }
        func failed(_ reason: String, _ message: String) -> ReconcileError {
            conditions.markTrue(ConditionType.fetchFailed, reason: reason, message: message)
            return .generic(reason: reason, message: message)
        }
        let fetched: FetchedManifest
        do {
            fetched = try await client.fetchManifest(resolved)
        } catch {
            throw failed(Self.pullFailed, "failed to pull artifact from '\(object.spec.url)': \(error)")
        }
        guard !OCIMediaType.isIndex(fetched.mediaType), let layers = fetched.manifest.layers else {
            throw failed(Self.layerOperationFailed,
                         "failed to parse artifact manifest: '\(resolved)' is an image index or has no layers list ('\(fetched.mediaType)')")
        }
        let layer: OCIDescriptor
        if let mediaType = object.spec.layerSelector?.mediaType, !mediaType.isEmpty {
            guard let found = layers.first(where: { $0.mediaType == mediaType }) else {
                throw failed(Self.layerOperationFailed, "failed to find layer with media type '\(mediaType)' in artifact")
            }
            layer = found
        } else {
            guard let first = layers.first else { throw failed(Self.layerOperationFailed, "no layers found in artifact") }
            layer = first
        }
        let blob: [UInt8]
        do {
            blob = try await client.fetchBlob(resolved, layer, maxSize: artifactMaxSize)
        } catch {
            throw failed(Self.pullFailed, "failed to pull artifact from '\(object.spec.url)': \(error)")
        }

        let content: [UInt8]
        if (object.spec.layerSelector?.operation ?? OCILayerSelector.extract) == OCILayerSelector.copy {
            content = blob
        } else {
            content = try repackage(blob, object: object, context: context) { message in
                failed(Self.layerOperationFailed, "failed to extract layer contents from artifact: \(message)")
            }
        }
        guard let store = context.store else {
            conditions.markTrue(ConditionType.storageOperationFailed, reason: ConditionReason.archiveOperationFailed, message: "no store")
            throw ReconcileError.generic(reason: ConditionReason.archiveOperationFailed, message: "no store to write the artifact to")
        }
        let record: ArtifactRecord
        do {
            record = try store.putArtifact(kind: OCIRepository.kind, namespace: namespace, name: name, revision: revision, content: content)
        } catch {
            let message = "unable to copy artifact to storage: \(error)"
            conditions.markTrue(ConditionType.storageOperationFailed, reason: ConditionReason.archiveOperationFailed, message: message)
            throw ReconcileError.generic(reason: ConditionReason.archiveOperationFailed, message: message)
        }
        let digest = revision.split(separator: "@").last.map(String.init) ?? revision
        let path = "ocirepository/\(namespace)/\(name)/\(digest).tar.gz"
        let annotations = fetched.manifest.annotations
        var status = object.status ?? OCIRepositoryStatus()
        status.artifact = Artifact(path: path, url: "\(artifactBaseURL())/\(path)", revision: revision, digest: record.digest,
                                   lastUpdateTime: Timestamp.now(), size: record.size,
                                   metadata: annotations.flatMap { $0.isEmpty ? nil : $0 })
        status.url = status.artifact?.url
        status.observedIgnore = object.spec.ignore
        status.observedLayerSelector = object.spec.layerSelector
        object.status = status
        conditions.delete(ConditionType.artifactOutdated)
        conditions.delete(ConditionType.storageOperationFailed)
        conditions.markTrue(ConditionType.artifactInStorage, reason: ConditionReason.succeeded, message: "stored artifact for digest '\(revision)'")
        var message = "stored artifact with revision '\(revision)' from '\(object.spec.url)'"
        if let source = annotations?[OCIAnnotation.source], let origin = annotations?[OCIAnnotation.revision] {
            message += ", origin source '\(source)', origin revision '\(origin)'"
        }
        if let raw = try? KubeObject(encoding: object) {
            context.events.record(raw, severity: .info, reason: ConditionReason.newArtifact, message: message,
                                  metadata: ["revision": revision, "digest": record.digest])
        }
        return .success
    }

    /// Whether `ignore` or `layerSelector` differ from what produced the stored artifact (Flux's `ociContentConfigChanged`).
    static func contentConfigChanged(_ object: OCIRepository) -> Bool {
        object.status?.observedIgnore != object.spec.ignore
            || (object.status?.observedLayerSelector ?? OCILayerSelector()) != (object.spec.layerSelector ?? OCILayerSelector())
    }

    /// The layer's tarball extracted into a private directory (no entry may leave it: `..`, absolute names and links
    /// out are refused, sizes bounded) and packaged again deterministically with the source ignore rules applied.
    private func repackage(_ blob: [UInt8], object: OCIRepository, context: ReconcileContext,
                           failure: (String) -> ReconcileError) throws -> [UInt8]
    {
        let directory = workDirectory.appendingPathComponent("ocirepository-\(object.metadata.namespace ?? "")-\(object.metadata.name)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let tree = directory.appendingPathComponent("tree")
        do {
            try OwnerOnlyFiles.createMissingDirectories(directory.path)  // 0700: the layer may hold private manifests
            try FileManager.default.createDirectory(at: tree, withIntermediateDirectories: true)
            _ = try ArchiveExtractor(maxSize: artifactMaxSize * 10, logger: context.logger).extract(blob, into: tree)
        } catch {
            throw failure("\(error)")
        }
        do {
            let ignore = try SourceIgnore.matcher(root: tree, extra: object.spec.ignore)
            let archive = try ArtifactArchiver(maxSize: artifactMaxSize, logger: context.logger).archive(directory: tree, ignore: ignore)
            for entry in archive.skipped {
                context.logger.warning("left out of the artifact", metadata: ["path": "\(entry.path)", "cause": "\(entry.reason)"])
            }
            return archive.bytes
        } catch {
            throw failure("\(error)")
        }
    }
}
