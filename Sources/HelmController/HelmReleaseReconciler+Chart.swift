import Foundation
import Logging
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceHelm
import SluiceKube
import SluiceRuntime
import SluiceStore

extension HelmReleaseReconciler {
    /// Flux's reason when the chart's source exists but has no usable artifact yet.
    static let sourceNotReadyReason = "SourceNotReady"
    /// Flux's reason when a reference leaves the HelmRelease's namespace under `--no-cross-namespace-refs`.
    static let accessDeniedReason = "AccessDenied"
    /// Flux's reason when an OCI chart's version does not match its tag.
    static let chartMutateErrorReason = "ChartMutateError"

    /// The `chart` step: the HelmChart `<ns>-<name>` made from `spec.chart` (or the `spec.chartRef` source) resolved,
    /// its artifact read from the store, its digest checked, and the chart loaded into `work.chart`.
    func reconcileChart(_ object: inout HelmRelease, _ conditions: inout Conditions, _ context: ReconcileContext,
                        _ work: HelmReleaseWork) async throws -> ReconcileResult
    {
        try await reconcileChartTemplate(&object, context)
        return try await loadChartArtifact(object, context, work)
    }

    /// The read-only half of the `chart` step, which previews run without making or deleting a HelmChart: the chart
    /// source resolved, its artifact read from the store, and the chart loaded into `work.chart`.
    func loadChartArtifact(_ object: HelmRelease, _ context: ReconcileContext, _ work: HelmReleaseWork) async throws -> ReconcileResult {
        let source = try await chartSource(of: object, context)
        let artifact = try readyArtifact(of: source)
        var chart = try loadChart(artifact, of: source, context)
        var revisionDigest: String?
        // Flux's `isSourceWithRevisionDigest`: an OCIRepository, or an ExternalArtifact whose revision has a digest.
        if source.kind == OCIRepository.kind || (source.kind == ExternalArtifact.kind && artifact.revision.contains(":")) {
            do {
                revisionDigest = try Self.markVersionWithDigest(&chart, revision: artifact.revision)
            } catch {
                throw ReconcileError.generic(reason: Self.chartMutateErrorReason, message: "\(error)")
            }
        }
        work.chart = chart
        work.chartRevision = artifact.revision
        work.chartDigest = artifact.digest
        work.chartRevisionDigest = revisionDigest
        return .success
    }

    /// Deletes the HelmChart this HelmRelease made (`status.helmChart`), for the finalizer; a HelmChart that is already
    /// gone is fine. When the status names none, the one `spec.chart` would make is deleted if its labels say this
    /// HelmRelease made it (a status lost between the apply and its patch leaves no orphan).
    public func deleteHelmChart(for object: HelmRelease, context: ReconcileContext) async throws {
        if let (namespace, name) = Self.namespacedName(object.status?.helmChart) {
            try await deleteHelmChart(namespace: namespace, name: name, of: object, context)
            return
        }
        guard let template = Self.templateKey(of: object) else { return }
        guard let live = try await client.get(SluiceAPI.HelmChart.gvk, namespace: template.namespace, name: template.name),
              Self.ownerLabels(of: object).allSatisfy({ live.labels[$0.key] == $0.value })
        else { return }
        try await deleteHelmChart(namespace: template.namespace, name: template.name, of: object, context)
    }

    // MARK: The HelmChart template

    /// Flux's `HelmChartTemplate.Reconcile`: a HelmChart left behind by a renamed or moved template, or by a switch to
    /// `chartRef`, is deleted; the template's HelmChart is server-side applied and named in `status.helmChart`.
    func reconcileChartTemplate(_ object: inout HelmRelease, _ context: ReconcileContext) async throws {
        let desired = Self.templateKey(of: object)
        if let current = object.status?.helmChart, !current.isEmpty,
           current != desired.map({ "\($0.namespace)/\($0.name)" }),
           let (namespace, name) = Self.namespacedName(current)
        {
            do {
                try await deleteHelmChart(namespace: namespace, name: name, of: object, context)
            } catch {
                throw ReconcileError.generic(reason: ConditionReason.artifactFailed, message: "failed to delete HelmChart '\(current)': \(error)")
            }
            object.status?.helmChart = nil
        }
        guard let template = object.spec.chart, let desired else { return }
        try checkAccess(object, kind: SluiceAPI.HelmChart.kind, namespace: desired.namespace, name: desired.name)
        let chart = try Self.helmChart(from: template, of: object, key: desired)
        let intent = try KubeObject(encoding: chart)
        let entry: ChangeSetEntry
        do {
            entry = try await ResourceApplier(client: client, fieldManager: Self.fieldManager)
                .applyOne(intent, force: false, redactor: SecretRedactor()).0
        } catch {
            let message = "failed to run server-side apply: \(error)"
            record(object, context, severity: .trace, reason: "HelmChartSyncErr", message: message)
            throw ReconcileError.generic(reason: ConditionReason.artifactFailed, message: message)
        }
        let sourceRef = "'\(chart.spec.sourceRef.kind)/\(desired.namespace)/\(chart.spec.sourceRef.name)'"
        switch entry.action {
        case .created, .configured:
            let action = entry.action == .created ? "Created" : "Configured"
            record(object, context, severity: .trace, reason: "HelmChart\(action)",
                   message: "\(action) \(entry.subject) with SourceRef \(sourceRef)")
        default:
            context.logger.debug("\(entry.subject) with SourceRef \(sourceRef) is in-sync")
        }
        var status = object.status ?? HelmReleaseStatus()
        status.helmChart = "\(desired.namespace)/\(desired.name)"
        object.status = status
    }

    /// Flux's `buildHelmChartFromTemplate`, with the owner labels `ssa.SetOwnerLabels` adds.
    static func helmChart(from template: HelmChartTemplate, of object: HelmRelease, key: (namespace: String, name: String)) throws -> SluiceAPI.HelmChart {
        let spec = template.spec
        guard let kind = spec.sourceRef.kind, !kind.isEmpty else {
            throw ReconcileError.stalling(reason: ConditionReason.artifactFailed, message: "spec.chart.spec.sourceRef.kind is required")
        }
        var labels = template.metadata?.labels ?? [:]
        labels.merge(ownerLabels(of: object)) { $1 }
        let annotations = template.metadata?.annotations
        let verify = spec.verify.map { OCIRepositoryVerification(provider: $0.provider, secretRef: $0.secretRef) }
        return SluiceAPI.HelmChart(
            metadata: ObjectMeta(name: key.name, namespace: key.namespace, labels: labels,
                                 annotations: annotations?.isEmpty ?? true ? nil : annotations),
            spec: HelmChartSpec(
                chart: spec.chart, version: spec.version ?? "*",
                sourceRef: LocalHelmChartSourceReference(kind: kind, name: spec.sourceRef.name),
                interval: spec.interval ?? object.spec.interval, reconcileStrategy: spec.reconcileStrategy,
                valuesFiles: spec.valuesFiles, ignoreMissingValuesFiles: spec.ignoreMissingValuesFiles, verify: verify))
    }

    /// The labels that mark an object as made for this HelmRelease (`helm.toolkit.fluxcd.io/name`, `/namespace`).
    static func ownerLabels(of object: HelmRelease) -> [String: String] {
        ["\(HelmRelease.group)/name": object.metadata.name, "\(HelmRelease.group)/namespace": object.metadata.namespace ?? "default"]
    }

    /// Where `spec.chart`'s HelmChart lives: the source's namespace (or the HelmRelease's), named `<ns>-<name>`.
    static func templateKey(of object: HelmRelease) -> (namespace: String, name: String)? {
        guard let template = object.spec.chart else { return nil }
        let namespace = object.metadata.namespace ?? "default"
        return (template.spec.sourceRef.namespace ?? namespace, "\(namespace)-\(object.metadata.name)")
    }

    private func deleteHelmChart(namespace: String, name: String, of object: HelmRelease, _ context: ReconcileContext) async throws {
        do {
            _ = try await client.delete(SluiceAPI.HelmChart.gvk, namespace: namespace, name: name)
        } catch KubernetesError.notFound {
            return
        }
        record(object, context, severity: .trace, reason: "HelmChartDeleted", message: "deleted HelmChart '\(namespace)/\(name)'")
    }

    // MARK: The source and its artifact

    /// The chart's source: the `chartRef` (OCIRepository or HelmChart) or the HelmChart named in `status.helmChart`.
    func chartSource(of object: HelmRelease, _ context: ReconcileContext) async throws -> KubeObject {
        let own = object.metadata.namespace ?? "default"
        let gvk: GroupVersionKind
        let plural: String
        let namespace: String
        let name: String
        if let reference = object.spec.chartRef {
            switch reference.kind {
            case OCIRepository.kind: (gvk, plural) = (OCIRepository.gvk, OCIRepository.plural)
            case SluiceAPI.HelmChart.kind: (gvk, plural) = (SluiceAPI.HelmChart.gvk, SluiceAPI.HelmChart.plural)
            case ExternalArtifact.kind: (gvk, plural) = (ExternalArtifact.gvk, ExternalArtifact.plural)
            default:
                throw ReconcileError.stalling(reason: ConditionReason.artifactFailed,
                                              message: "spec.chartRef.kind '\(reference.kind)' is not supported: use OCIRepository, HelmChart or ExternalArtifact")
            }
            namespace = reference.namespace ?? own
            name = reference.name
        } else if let (chartNamespace, chartName) = Self.namespacedName(object.status?.helmChart) {
            (gvk, plural) = (SluiceAPI.HelmChart.gvk, SluiceAPI.HelmChart.plural)
            namespace = chartNamespace
            name = chartName
        } else {
            throw ReconcileError.stalling(reason: ConditionReason.artifactFailed, message: "invalid Chart reference: set spec.chart or spec.chartRef")
        }
        try checkAccess(object, kind: gvk.kind, namespace: namespace, name: name)
        guard let source = try await context.api.get(gvk, namespace: namespace, name: name) else {
            throw ReconcileError.waiting(
                reason: ConditionReason.artifactFailed,
                message: "could not get Source object: \(plural).\(gvk.group) \"\(name)\" not found, retrying in \(requeueDependency.components.seconds)s",
                retryAfter: requeueDependency)
        }
        return source
    }

    /// Flux's `isSourceReady`: the source's latest generation reconciled, not stalled, with an artifact; an
    /// ExternalArtifact (whose producer keeps no `observedGeneration`) needs only an artifact.
    func readyArtifact(of source: KubeObject) throws -> Artifact {
        let display = "\(source.kind) '\(source.namespace ?? "")/\(source.name)'"
        if source.kind == ExternalArtifact.kind {
            guard let artifact = source["status", "artifact"].flatMap({ try? JSONDecoder().decode(Artifact.self, from: Data(JSONSerializer().bytes($0))) }),
                artifact.digest != nil
            else {
                throw ReconcileError.waiting(reason: Self.sourceNotReadyReason, message: "\(display) is not ready: does not have an artifact",
                                             retryAfter: requeueDependency)
            }
            return artifact
        }
        func condition(_ type: String) -> JSONValue? {
            source["status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
        }
        let observed = source["status", "observedGeneration"]?.intValue
        var problem: String?
        if observed != source.generation {
            problem = "latest generation of object has not been reconciled"
            if let ready = condition(ConditionType.ready), ready["status"]?.stringValue == "False" {
                problem = ready["message"]?.stringValue ?? ""
            }
        } else if let stalled = condition(ConditionType.stalled), stalled["status"]?.stringValue == "True" {
            problem = stalled["message"]?.stringValue ?? ""
        }
        let artifact = source["status", "artifact"].flatMap { try? JSONDecoder().decode(Artifact.self, from: Data(JSONSerializer().bytes($0))) }
        if problem == nil, artifact?.digest == nil { problem = "does not have an artifact" }
        guard problem == nil, let artifact else {
            throw ReconcileError.waiting(reason: Self.sourceNotReadyReason, message: "\(display) is not ready: \(problem ?? "does not have an artifact")",
                                         retryAfter: requeueDependency)
        }
        return artifact
    }

    /// The chart in `artifact`, read from the store (size bounded by `artifactMaxSize`, digest verified) and loaded.
    func loadChart(_ artifact: Artifact, of source: KubeObject, _ context: ReconcileContext) throws -> SluiceHelm.HelmChart {
        guard let store = context.store else {
            throw ReconcileError.generic(reason: ConditionReason.artifactFailed, message: "no store to read the artifact from")
        }
        let digest = artifact.digest ?? ""
        let content: [UInt8]
        do {
            let records = try store.artifacts(kind: source.kind, namespace: source.namespace ?? "", name: source.name)
            if let record = records.first(where: { $0.digest == digest }), record.size > artifactMaxSize {
                throw ChartStepError(description: tooLarge(record.size))
            }
            content = try store.artifactContent(digest: digest)
            guard Int64(content.count) <= artifactMaxSize else { throw ChartStepError(description: tooLarge(Int64(content.count))) }
        } catch StoreError.artifactNotFound {
            throw ReconcileError.waiting(
                reason: ConditionReason.artifactFailed,
                message: "Source not ready: artifact not found. Retrying in \(requeueDependency.components.seconds)s", retryAfter: requeueDependency)
        } catch StoreError.digestMismatch(_, let expected, _) {
            throw ReconcileError.generic(reason: ConditionReason.artifactFailed,
                                         message: "Could not load chart: integrity failure: computed digest doesn't match '\(expected)'")
        } catch {
            throw ReconcileError.generic(reason: ConditionReason.artifactFailed, message: "Could not load chart: \(error)")
        }
        do {
            return try ChartLoader(maxArchiveSize: artifactMaxSize).loadArchive(content, source: artifact.path)
        } catch {
            throw ReconcileError.generic(reason: ConditionReason.artifactFailed, message: "Could not load chart: \(error)")
        }
    }

    /// Flux's `mutateChartWithSourceRevision` for an OCIRepository: the chart version gains the first 12 hex digits of
    /// the revision's digest as build metadata, so a tag pushed again is a new version; a semver tag must match the
    /// chart's version.
    ///
    /// - Returns: The revision's digest (`sha256:…`, or the whole revision when it has no semver tag), Flux's
    ///   `lastAttemptedRevisionDigest`.
    static func markVersionWithDigest(_ chart: inout SluiceHelm.HelmChart, revision: String) throws -> String {
        guard let version = SemanticVersion(chart.metadata.version) else {
            throw ChartStepError(description: "invalid chart version \(chart.metadata.version)")
        }
        let parts = revision.split(separator: "@", omittingEmptySubsequences: false).map(String.init)
        let tag = parts.count > 1 ? parts[0].replacingOccurrences(of: "_", with: "+") : revision
        let revisionDigest: String
        if let tagVersion = SemanticVersion(tag) {
            guard parts.count == 2, tagVersion == version else {
                throw ChartStepError(description: "artifact revision \(parts[0]) does not match chart version \(chart.metadata.version)")
            }
            revisionDigest = parts[1]
        } else {
            revisionDigest = revision
        }
        let pair = revisionDigest.split(separator: ":", omittingEmptySubsequences: false)
        guard pair.count == 2, pair[1].count >= 12 else { throw ChartStepError(description: "invalid artifact revision \(revisionDigest)") }
        let marked = SemanticVersion(major: version.major, minor: version.minor, patch: version.patch,
                                     prerelease: version.prerelease, build: [String(pair[1].prefix(12))])
        chart.metadata.version = marked.description
        chart.metadata.fields["version"] = .string(marked.description)
        return revisionDigest
    }

    // MARK: Helpers

    /// `--no-cross-namespace-refs`: a reference out of the HelmRelease's namespace stalls it (Flux's `AccessDenied`).
    func checkAccess(_ object: HelmRelease, kind: String, namespace: String, name: String) throws {
        guard noCrossNamespaceRefs, namespace != object.metadata.namespace ?? "default" else { return }
        throw ReconcileError.stalling(reason: Self.accessDeniedReason,
                                      message: "cross-namespace references are not allowed: cannot access \(kind) \(namespace)/\(name)")
    }

    /// `ns/name` split, nil for nil, empty or malformed text.
    static func namespacedName(_ text: String?) -> (String, String)? {
        guard let text, let slash = text.firstIndex(of: "/") else { return nil }
        let namespace = String(text[..<slash])
        let name = String(text[text.index(after: slash)...])
        return namespace.isEmpty || name.isEmpty ? nil : (namespace, name)
    }

    private func record(_ object: HelmRelease, _ context: ReconcileContext, severity: EventSeverity, reason: String, message: String) {
        guard let raw = try? KubeObject(encoding: object) else { return }
        context.events.record(raw, severity: severity, reason: reason, message: message)
    }

    private func tooLarge(_ size: Int64) -> String {
        "artifact of \(size) bytes is larger than the limit of \(artifactMaxSize) bytes (--artifact-max-size)"
    }

    /// An artifact too large to read, or an OCI chart whose version cannot carry its digest or whose tag names another
    /// version.
    struct ChartStepError: Error, CustomStringConvertible {
        var description: String
    }
}
