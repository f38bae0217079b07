import SluiceAPI
import SluiceCore
import SluiceRuntime

extension ArtifactGeneratorReconciler {
    /// The `validate` step (source-watcher's `validateSpec`): unique aliases and artifact names, names that are valid
    /// object names, a `revision` naming a source; and what Sluice does not do (`pathPattern`, `Bucket` sources).
    /// Each refusal stalls the generator, naming the field.
    func validate(_ object: ArtifactGenerator) throws -> ReconcileResult {
        func refuse(_ reason: String, _ message: String) -> ReconcileError { .stalling(reason: reason, message: message) }
        let namespace = object.metadata.namespace ?? "default"
        var aliases: Set<String> = []
        for source in object.spec.sources {
            guard aliases.insert(source.alias).inserted else {
                throw refuse(Self.validationFailed, "duplicate source alias '\(source.alias)' found")
            }
            if noCrossNamespaceRefs, let other = source.namespace, !other.isEmpty, other != namespace {
                throw refuse(Self.accessDenied, "cross-namespace reference to source \(source.kind)/\(other)/\(source.name) is not allowed")
            }
            if Self.sourceKind(named: source.kind) == nil {
                throw refuse(Self.validationFailed, "source '\(source.alias)' kind '\(source.kind)' is not supported by Sluice (use GitRepository, OCIRepository, HelmChart or ExternalArtifact)")
            }
        }
        if let pattern = object.spec.pathPattern, !pattern.isEmpty {
            throw refuse(Self.validationFailed, "spec.pathPattern is not supported by Sluice's source-controller yet")
        }
        var names: Set<String> = []
        for artifact in object.spec.artifacts {
            guard names.insert(artifact.name).inserted else {
                throw refuse(Self.validationFailed, "duplicate artifact name '\(artifact.name)' found")
            }
            if !DNSName.isSubdomain(artifact.name) {
                throw refuse(Self.validationFailed, "artifact name \"\(artifact.name)\" is not a valid Kubernetes object name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character")
            }
            if let revision = artifact.revision, !revision.isEmpty, !aliases.contains(String(revision.dropFirst())) || !revision.hasPrefix("@") {
                throw refuse(Self.validationFailed, "artifact \(artifact.name) revision source alias '\(revision.hasPrefix("@") ? String(revision.dropFirst()) : revision)' not found")
            }
        }
        return .success
    }

    /// The source kinds Sluice reads, by `kind`.
    static func sourceKind(named kind: String) -> GroupVersionKind? {
        [GitRepository.gvk, OCIRepository.gvk, HelmChart.gvk, ExternalArtifact.gvk].first { $0.kind == kind }
    }
}
