import Foundation
import Logging
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceKube
import SluiceRuntime

extension HelmReleaseReconciler {
    /// Flux's label or annotation that keeps an object out of drift detection when set to `disabled`
    /// (`v2.DriftDetectionMetadataKey`), on the object in the chart or in the cluster.
    public static let driftDetectionKey = "helm.toolkit.fluxcd.io/driftDetection"
    /// The `Drifted` condition Flux sets when drift detection is `enabled` or `warn`.
    public static let driftedCondition = "Drifted"
    /// The reason (and event reason) when the cluster differs from the release.
    public static let driftDetectedReason = "DriftDetected"
    /// The reason when the cluster matches the release.
    public static let noDriftDetectedReason = "NoDriftDetected"
    /// The event reason when drift was corrected.
    public static let driftCorrectedReason = "DriftCorrected"
    /// The event reason when correcting drift failed for some objects.
    public static let driftCorrectionFailedReason = "DriftCorrectionFailed"

    /// What `driftDetection: disabled` selects, as a label or an annotation, in any case (fluxcd/pkg `AnyInMetadata`).
    static let driftExclusion = MetadataSelector(pairs: [(driftDetectionKey, "disabled")])

    /// The objects of `release` that differ from the cluster, as Flux's `action.Diff` finds them: each object of the
    /// release manifest, placed in the release namespace and labelled as Helm labels what it installs, is compared with
    /// the live object on a server-side dry-run apply as `helm-controller` (only the fields the release sets, so
    /// defaults and other managers' fields are not drift). Missing objects count; objects marked
    /// `helm.toolkit.fluxcd.io/driftDetection: disabled` and the pointers of `spec.driftDetection.ignore` do not.
    /// Secret values, and any field holding one, are masked.
    ///
    /// An object that cannot be compared (its kind is unknown, the dry run is refused) does not hide the drift of the
    /// others: with drift found, the failures are logged; without, they are thrown.
    ///
    /// - Throws: a ``ReconcileError`` when the ignore rules are not valid (stalling), the manifest cannot be read, or no
    ///   drift was found but some object could not be compared (`unable to determine cluster state: …`).
    public func releaseDrift(_ object: HelmRelease, release: HelmReleaseRecord, context: ReconcileContext) async throws -> [ReleaseDrift] {
        let ignore = try DriftIgnore(object.spec.driftDetection?.ignore ?? [], field: "spec.driftDetection.ignore")
        let (objects, redactor) = try Self.releaseObjects(release)
        var drifted: [ReleaseDrift] = []
        var failures: [String] = []
        for object in objects {
            do {
                let intent = try await placedInRelease(object, namespace: release.namespace)
                if let found = try await drift(of: intent, ignoring: ignore.paths(for: intent), redactor: redactor) {
                    drifted.append(found)
                }
            } catch {
                failures.append(redactor.redact(Self.failureText(error, subject: object.displayName)))
            }
        }
        if !failures.isEmpty {
            guard !drifted.isEmpty else {
                throw ReconcileError.generic(reason: ConditionReason.reconciliationFailed,
                                             message: "unable to determine cluster state: " + failures.joined(separator: "\n"))
            }
            context.logger.error("diff of release against cluster state completed with error: \(failures.joined(separator: "; "))")
        }
        return drifted
    }

    /// Corrects `drift` as Flux's `CorrectClusterDrift` does: missing objects are created, then changed ones are set
    /// back, each by a server-side apply (forced) of the object from the release manifest as `helm-controller`. A field
    /// `spec.driftDetection.ignore` names keeps its live value (it is applied as it is in the cluster, so an ignored
    /// `/spec/replicas` an autoscaler set stays). Counts the corrected objects in `gotk_drift_objects`.
    ///
    /// - Returns: what was done to each object (`created` or `configured`), in the release's install order.
    /// - Throws: ``ReleaseDriftCorrectionError`` (Flux's `DriftCorrectionFailed` text) when some objects could not be
    ///   corrected, carrying those that were; a ``ReconcileError`` when the rules or the manifest are not valid.
    public func correctDrift(_ object: HelmRelease, release: HelmReleaseRecord, drift: [ReleaseDrift], context: ReconcileContext) async throws
        -> [ChangeSetEntry]
    {
        guard !drift.isEmpty else { return [] }
        let ignore = try DriftIgnore(object.spec.driftDetection?.ignore ?? [], field: "spec.driftDetection.ignore")
        let (objects, redactor) = try Self.releaseObjects(release)
        let changes = Dictionary(drift.map { ($0.identifier.id, $0.change) }, uniquingKeysWith: { first, _ in first })
        var intents: [(KubeObject, ReleaseDrift.Change)] = []
        var failures: [String] = []
        for object in objects {
            do {
                let intent = try await placedInRelease(object, namespace: release.namespace)
                if let change = changes[intent.identifier.id], change != .deleted { intents.append((intent, change)) }
            } catch {
                failures.append(redactor.redact(Self.failureText(error, subject: object.displayName)))
            }
        }
        var entries: [ChangeSetEntry] = []
        // Flux creates what is missing first, then patches what changed.
        for (intent, _) in intents.filter({ $0.1 == .missing }) + intents.filter({ $0.1 == .changed }) {
            func entry(_ action: ChangeSetEntry.Action) -> ChangeSetEntry {
                ChangeSetEntry(subject: intent.displayName, identifier: intent.identifier, version: intent.gvk.version, action: action)
            }
            var verb = "creation"
            do {
                guard let live = try await client.get(intent.gvk, namespace: intent.namespace, name: intent.name) else {
                    try await client.apply(intent, fieldManager: Self.fieldManager, force: true)
                    entries.append(entry(.created))
                    continue
                }
                verb = "patch"
                try await client.apply(DriftIgnore.keepingIgnored(intent, live: live, paths: ignore.paths(for: intent)),
                                       fieldManager: Self.fieldManager, force: true)
                entries.append(entry(.configured))
            } catch {
                failures.append(redactor.redact("\(intent.displayName) \(verb) failure: \(ResourceApplier.serverMessage(error))"))
            }
        }
        if !entries.isEmpty {
            metrics?.recordDrift(kind: HelmRelease.kind, namespace: object.metadata.namespace ?? "", name: object.metadata.name, objects: entries.count)
        }
        if !failures.isEmpty {
            throw ReleaseDriftCorrectionError(release: Self.fullReleaseName(release), failures: failures, corrected: entries)
        }
        return entries
    }

    /// Flux's `DriftDetected` event and `Drifted` condition message:
    /// `Cluster state of release default/web.v1 has drifted from the desired state:` then one ``ReleaseDrift/summary``
    /// line per object.
    public static func driftMessage(_ drift: [ReleaseDrift], release: HelmReleaseRecord) -> String {
        "Cluster state of release \(fullReleaseName(release)) has drifted from the desired state:\n"
            + drift.map(\.summary).joined(separator: "\n")
    }

    /// Flux's `DriftCorrected` event message: `Cluster state of release default/web.v1 has been corrected:` then one
    /// `Kind/ns/name created|configured` line per object. (A failure's message is ``ReleaseDriftCorrectionError``'s.)
    public static func driftCorrectedMessage(_ entries: [ChangeSetEntry], release: HelmReleaseRecord) -> String {
        "Cluster state of release \(fullReleaseName(release)) has been corrected:\n" + entries.map(\.line).joined(separator: "\n")
    }

    /// `namespace/name.vN`, as Flux's `Snapshot.FullReleaseName`.
    static func fullReleaseName(_ release: HelmReleaseRecord) -> String {
        "\(release.namespace)/\(release.name).v\(release.version)"
    }

    /// How `intent` (placed) differs from the cluster, or nil when it does not or is excluded; shared by drift detection
    /// and the upgrade preview.
    func drift(of intent: KubeObject, ignoring paths: [[String]], redactor: SecretRedactor) async throws -> ReleaseDrift? {
        // The empty pointer ignores the whole object (jsondiff's `IgnorePathRoot`).
        if Self.driftExclusion.matchesAny(intent) || paths.contains(where: \.isEmpty) { return nil }
        guard let live = try await client.get(intent.gvk, namespace: intent.namespace, name: intent.name) else {
            return ReleaseDrift(intent, change: .missing)
        }
        if Self.driftExclusion.matchesAny(live) { return nil }
        let merged: KubeObject
        do {
            merged = try await client.apply(intent, fieldManager: Self.fieldManager, force: true, dryRun: true)
        } catch {
            throw DryRunFailure(subject: intent.displayName, underlying: error)
        }
        func ignoring(_ object: KubeObject) -> KubeObject { DriftIgnore.removing(paths, from: object) }
        let fields = redactor.masked(ObjectDrift.changes(intent: ignoring(intent), merged: ignoring(merged), live: ignoring(live)))
        return fields.isEmpty ? nil : ReleaseDrift(intent, change: .changed, fields: fields)
    }

    /// `object` in the namespace it goes to: the release namespace for a namespaced kind without one (as Helm installs
    /// it), none for a cluster-scoped kind.
    func placedInRelease(_ object: KubeObject, namespace: String) async throws -> KubeObject {
        let resource: APIResource
        do {
            resource = try await client.mapper.mapping(for: object.gvk)
        } catch {
            throw ReconcileError.generic(reason: ConditionReason.reconciliationFailed,
                                         message: "failed to determine if \(object.kind) is namespace scoped: \(ResourceApplier.serverMessage(error))")
        }
        var object = object
        if !resource.namespaced {
            object.namespace = nil
        } else if (object.namespace ?? "").isEmpty {
            object.namespace = namespace
        }
        return object
    }

    /// The objects of a release's manifest as Flux reads them for a diff (`ssautil.ReadObjects`, normalised): `List`s
    /// flattened, a Secret's `stringData` moved into `data` (the server stores only `data`), and Helm's ownership
    /// metadata set (`app.kubernetes.io/managed-by: Helm`, `meta.helm.sh/release-name`, `meta.helm.sh/release-namespace`);
    /// with a redactor knowing the values of its Secrets.
    ///
    /// - Throws: a ``ReconcileError`` naming the document that is not a Kubernetes object.
    static func releaseObjects(_ release: HelmReleaseRecord) throws -> ([KubeObject], SecretRedactor) {
        let documents: [YAMLReader.Document]
        do {
            documents = try YAMLReader().documents(release.manifest)
        } catch {
            throw ReconcileError.generic(reason: ConditionReason.reconciliationFailed,
                                         message: "failed to read objects from release manifest of \(fullReleaseName(release)): \(error)")
        }
        var objects: [KubeObject] = []
        for (index, document) in documents.enumerated() where !document.value.isNull {
            func invalid(_ why: String) -> ReconcileError {
                ReconcileError.generic(reason: ConditionReason.reconciliationFailed,
                                       message: "failed to read objects from release manifest of \(fullReleaseName(release)): document \(index + 1) (line \(document.line)): \(why)")
            }
            guard let root = document.value.objectValue else { throw invalid("expected a map, found \(document.value.typeName)") }
            let object = KubeObject(root)
            let items = object.kind.hasSuffix("List") ? object["items"]?.arrayValue : nil
            for item in items ?? [object.value] {
                guard let root = item.objectValue else { throw invalid("expected a map in items, found \(item.typeName)") }
                let object = KubeObject(root)
                guard !object.apiVersion.isEmpty, !object.kind.isEmpty, !object.name.isEmpty else {
                    throw invalid("an object needs apiVersion, kind and metadata.name")
                }
                objects.append(helmOwned(normalisedSecret(object), release: release))
            }
        }
        var redactor = SecretRedactor()
        redactor.add(secretsIn: objects)
        return (objects, redactor)
    }

    /// A Secret's `stringData` moved into `data` (base64), as fluxcd/pkg `normalize` does; any other object as it is.
    static func normalisedSecret(_ object: KubeObject) -> KubeObject {
        guard SecretMask.isSecret(object), let strings = object["stringData"]?.objectValue, !strings.isEmpty else { return object }
        var object = object
        var data = object["data"]?.objectValue ?? JSONObject()
        for (key, value) in strings {
            data[key] = .string(Data(SecretRedactor.text(value).utf8).base64EncodedString())
        }
        object["data"] = .object(data)
        object["stringData"] = nil
        return object
    }

    /// `object` with the metadata Helm sets on what it installs (Flux's `setHelmMetadata`), as the actions set it.
    static func helmOwned(_ object: KubeObject, release: HelmReleaseRecord) -> KubeObject {
        HelmActionRunner.owned(object, release: release.name, namespace: release.namespace)
    }

    /// A failure to compare or correct one object, as one line naming it.
    static func failureText(_ error: any Error, subject: String) -> String {
        switch error {
        case let error as DryRunFailure: return error.description
        case let error as ReconcileError: return "\(subject): \(error.message)"
        default: return "\(subject): \(ResourceApplier.serverMessage(error))"
        }
    }
}
