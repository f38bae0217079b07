import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

extension ArtifactGeneratorReconciler {
    /// The `generate` step: observe the sources, and unless nothing drifted, compose, store and publish every artifact,
    /// then collect the ExternalArtifacts no longer listed.
    func generate(_ object: inout ArtifactGenerator, _ conditions: inout Conditions, _ context: ReconcileContext) async throws -> ReconcileResult {
        let sources = try await observeSources(object, context)
        let sourcesDigest = ObservedSource.digest(sources)
        if let reason = try await drift(object, sourcesDigest: sourcesDigest, context) {
            context.logger.info("building artifacts", metadata: ["reason": "\(reason)"])
        } else {
            return .success
        }
        conditions.markReconciling(reason: ConditionReason.progressing, message: "reconciliation in progress")
        guard let store = context.store else {
            throw ReconcileError.generic(reason: ConditionReason.archiveOperationFailed, message: "no store to read and write artifacts")
        }
        let trees = try readSources(sources, store: store, context)
        let composer = ArtifactComposer(sources: trees, maxSize: artifactMaxSize * 10, logger: context.logger)
        let namespace = object.metadata.namespace ?? "default"
        var inventory: [ExternalArtifactReference] = []
        var changed: [String] = []
        for output in object.spec.artifacts {
            let artifact: Artifact
            do {
                artifact = try build(output, namespace: namespace, composer: composer, sources: sources, store: store)
            } catch {
                throw ReconcileError.generic(reason: ConditionReason.buildFailed, message: "\(output.name) build failed: \(error)")
            }
            do {
                try await publish(artifact, as: output.name, of: object, context)
            } catch {
                throw ReconcileError.generic(reason: ConditionReason.reconciliationFailed, message: "\(output.name) reconcile failed: \(error)")
            }
            let reference = ExternalArtifactReference(name: output.name, namespace: namespace, digest: artifact.digest ?? "",
                                                      filename: String(artifact.path.split(separator: "/").last ?? ""))
            if !(object.status?.inventory ?? []).contains(reference) {
                changed.append("\(namespace)/\(output.name) (\(reference.digest))")
            }
            inventory.append(reference)
        }
        let kept = Set(inventory.map(\.name))
        for orphan in (object.status?.inventory ?? []) where !kept.contains(orphan.name) {
            try await deleteExternalArtifact(orphan, context: context)
        }
        var status = object.status ?? ArtifactGeneratorStatus()
        status.inventory = inventory
        status.observedSourcesDigest = sourcesDigest
        object.status = status
        if !changed.isEmpty, let raw = try? KubeObject(encoding: object) {
            context.events.record(raw, severity: .info, reason: ConditionType.ready,
                                  message: "external artifacts reconciled: \(changed.joined(separator: "\n"))")
        }
        return .success
    }

    /// Every source by alias, with its artifact: a missing source, or one without an artifact yet, waits.
    func observeSources(_ object: ArtifactGenerator, _ context: ReconcileContext) async throws -> [String: ObservedSource] {
        let own = object.metadata.namespace ?? "default"
        var observed: [String: ObservedSource] = [:]
        for source in object.spec.sources {
            let namespace = source.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? own
            let display = "\(source.kind)/\(namespace)/\(source.name)"
            guard let gvk = Self.sourceKind(named: source.kind) else { continue }  // refused by `validate`
            func waiting(_ message: String) -> ReconcileError {
                .waiting(reason: Self.sourceFetchFailed, message: "get sources failed: \(message)", retryAfter: requeueDependency)
            }
            guard let raw = try await context.api.get(gvk, namespace: namespace, name: source.name) else {
                throw waiting("source '\(display)' not found")
            }
            guard let artifact = raw["status", "artifact"].flatMap({ try? JSONDecoder().decode(Artifact.self, from: Data(JSONSerializer().bytes($0))) }),
                artifact.digest != nil
            else {
                throw waiting("source '\(display)' is not ready")
            }
            observed[source.alias] = ObservedSource(display: display, artifact: artifact)
        }
        return observed
    }

    /// Why the artifacts must be built again (source-watcher's `detectDrift`), or nil when they are up to date: the
    /// last reconcile failed or was of another generation, the sources changed, the list of artifacts changed, a
    /// stored artifact is gone or damaged, or an ExternalArtifact is missing or points at another digest.
    func drift(_ object: ArtifactGenerator, sourcesDigest: String, _ context: ReconcileContext) async throws -> String? {
        guard let ready = object.conditions.first(where: { $0.type == ConditionType.ready }), ready.status == .true else { return "NotReady" }
        if ready.observedGeneration != object.metadata.generation { return "GenerationChanged" }
        if object.status?.observedSourcesDigest != sourcesDigest { return "SourcesChanged" }
        let inventory = object.status?.inventory ?? []
        if inventory.map(\.name) != object.spec.artifacts.map(\.name) { return "ArtifactsChanged" }
        for reference in inventory {
            let stored = Artifact(path: "", url: "", revision: "", digest: reference.digest, lastUpdateTime: "")
            if try !StoredArtifact.isIntact(stored, kind: ExternalArtifact.kind, namespace: reference.namespace, name: reference.name,
                                            object: try? KubeObject(encoding: object), context: context)
            {
                return "ArtifactMissing"
            }
            guard let live = try await context.api.get(ExternalArtifact.gvk, namespace: reference.namespace, name: reference.name),
                live["status", "artifact", "digest"]?.stringValue == reference.digest
            else { return "ExternalArtifactsChanged" }
        }
        return nil
    }

    /// Each source's artifact read from the store (digest verified) into a tree, bounded.
    func readSources(_ sources: [String: ObservedSource], store: Store, _ context: ReconcileContext) throws -> [String: ArtifactTree] {
        var trees: [String: ArtifactTree] = [:]
        for (alias, source) in sources {
            do {
                let content = try store.artifactContent(digest: source.artifact.digest ?? "")
                trees[alias] = try ArtifactTree(tarGz: content, maxSize: artifactMaxSize * 10, logger: context.logger)
            } catch {
                throw ReconcileError.generic(reason: Self.sourceFetchFailed,
                                             message: "fetch sources failed: artifact '\(source.artifact.revision)' of '\(source.display)': \(error)")
            }
        }
        return trees
    }

    /// One artifact composed, packaged and stored, with source-watcher's path (`externalartifact/<ns>/<name>/<content
    /// hash>.tar.gz`), revision (`latest@<digest>`, or the revision of the source `revision` names) and origin revision.
    func build(_ output: OutputArtifact, namespace: String, composer: ArtifactComposer, sources: [String: ObservedSource],
               store: Store) throws -> Artifact
    {
        let tree = try composer.compose(output)
        let bytes = try tree.packaged(maxSize: artifactMaxSize)
        let digest = ArtifactRecord.digest(of: Data(bytes))
        var revision = "latest@\(digest)"
        if let alias = output.revision.flatMap({ $0.hasPrefix("@") ? String($0.dropFirst()) : nil }), let source = sources[alias] {
            revision = source.artifact.revision
        }
        var metadata: [String: String]?
        if let alias = output.originRevision.flatMap({ $0.hasPrefix("@") ? String($0.dropFirst()) : nil }), let source = sources[alias] {
            metadata = [ArtifactGenerator.originRevisionAnnotation: source.originRevision ?? source.artifact.revision]
        }
        let record = try store.putArtifact(kind: ExternalArtifact.kind, namespace: namespace, name: output.name, revision: revision, content: bytes)
        let path = "externalartifact/\(namespace)/\(output.name)/\(tree.contentHash(prefix: output.name)).tar.gz"
        return Artifact(path: path, url: "\(artifactBaseURL())/\(path)", revision: revision, digest: record.digest,
                        lastUpdateTime: Timestamp.now(), size: record.size, metadata: metadata)
    }
}
