import SluiceAPI
import SluiceCore

extension KustomizationReconciler {
    /// The source kinds a Kustomization's `sourceRef` may name; each keeps its artifact at `status.artifact`.
    static let sourceKinds = [GitRepository.gvk, OCIRepository.gvk, ExternalArtifact.gvk]

    /// The kind `sourceRef.kind` names, if it is a supported source.
    static func sourceKind(named kind: String) -> GroupVersionKind? { sourceKinds.first { $0.kind == kind } }
}
