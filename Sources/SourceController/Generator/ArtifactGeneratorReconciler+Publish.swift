import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

extension ArtifactGeneratorReconciler {
    /// Server-side applies the ExternalArtifact `name` (labels: `commonMetadata`'s, `app.kubernetes.io/managed-by` and
    /// the generator's UID; `spec.sourceRef` to the generator; owned by it) and writes `artifact` with `Ready=True`
    /// to its status.
    func publish(_ artifact: Artifact, as name: String, of object: ArtifactGenerator, _ context: ReconcileContext) async throws {
        let namespace = object.metadata.namespace ?? "default"
        var labels = object.spec.commonMetadata?.labels ?? [:]
        labels["app.kubernetes.io/managed-by"] = Self.fieldManager
        labels[ArtifactGenerator.generatorLabel] = object.metadata.uid ?? ""
        var metadata: JSONObject = [
            "name": .string(name), "namespace": .string(namespace),
            "labels": .object(JSONObject(labels.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })),
        ]
        if let annotations = object.spec.commonMetadata?.annotations, !annotations.isEmpty {
            metadata["annotations"] = .object(JSONObject(annotations.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }))
        }
        if let uid = object.metadata.uid {
            metadata["ownerReferences"] = [[
                "apiVersion": .string(ArtifactGenerator.apiVersion), "kind": .string(ArtifactGenerator.kind),
                "name": .string(object.metadata.name), "uid": .string(uid), "controller": true,
            ]]
        }
        let root: JSONObject = [
            "apiVersion": .string(ExternalArtifact.apiVersion), "kind": .string(ExternalArtifact.kind),
            "metadata": .object(metadata),
            "spec": ["sourceRef": [
                "apiVersion": .string(ArtifactGenerator.apiVersion), "kind": .string(ArtifactGenerator.kind),
                "name": .string(object.metadata.name), "namespace": .string(namespace),
            ]],
        ]
        let desired = KubeObject(root)
        let live = try await client.apply(desired, fieldManager: Self.fieldManager, force: true)
        var artifactJSON = try KubeObject(encoding: ExternalArtifact(metadata: ObjectMeta(name: name), status: ExternalArtifactStatus(artifact: artifact)))["status", "artifact"] ?? .null
        if artifact.metadata == nil, case .object(var fields) = artifactJSON {
            fields["metadata"] = .null  // a merge patch keeps what it does not name
            artifactJSON = .object(fields)
        }
        let previous = live["status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == ConditionType.ready }
        let since = previous?["status"]?.stringValue == "True" ? previous?["lastTransitionTime"]?.stringValue ?? Timestamp.now() : Timestamp.now()
        let ready: JSONValue = [
            "type": .string(ConditionType.ready), "status": "True", "observedGeneration": .int(live.generation ?? 1),
            "lastTransitionTime": .string(since), "reason": .string(ConditionReason.succeeded), "message": "Artifact is ready",
        ]
        _ = try await context.api.mergePatch(ExternalArtifact.gvk, namespace: namespace, name: name,
                                             patch: ["status": ["artifact": artifactJSON, "conditions": [ready]]], subresource: .status)
    }

    /// Deletes an ExternalArtifact of the inventory (one already gone is fine) and its stored artifacts.
    func deleteExternalArtifact(_ reference: ExternalArtifactReference, context: ReconcileContext) async throws {
        do {
            _ = try await client.delete(ExternalArtifact.gvk, namespace: reference.namespace, name: reference.name)
        } catch KubernetesError.notFound {
            // Already gone.
        }
        let removed = try context.store?.deleteArtifacts(kind: ExternalArtifact.kind, namespace: reference.namespace, name: reference.name) ?? 0
        context.logger.info("deleted ExternalArtifact", metadata: ["name": "\(reference.namespace)/\(reference.name)", "artifacts": "\(removed)"])
    }
}
