import SluiceAPI
import SluiceCore

/// Key-value pairs looked for in an object's labels and annotations, matched as fluxcd/pkg `ssa/utils.AnyInMetadata`
/// matches them: a pair matches when the label or the annotation under its key is set (not empty) and equals its
/// value ignoring case, so `Disabled` as a label keeps an object as `disabled` as an annotation does.
public struct MetadataSelector: Sendable {
    /// The pairs, any of which selects an object.
    public var pairs: [(key: String, value: String)]

    /// A selector of any of `pairs`.
    public init(pairs: [(key: String, value: String)]) { self.pairs = pairs }

    /// Whether any pair is among `object`'s labels or annotations.
    public func matchesAny(_ object: KubeObject) -> Bool {
        let labels = object.labels
        let annotations = object.annotations
        return pairs.contains { key, value in
            [labels[key], annotations[key]].contains { found in
                guard let found, !found.isEmpty else { return false }
                return found.lowercased() == value.lowercased()
            }
        }
    }

    /// Whether any pair is among the labels or annotations of `desired` or, when there is one, `live`.
    public func matchesAny(_ desired: KubeObject, _ live: KubeObject?) -> Bool {
        matchesAny(desired) || live.map(matchesAny) == true
    }

    /// What the controller never applies (Flux's apply `ExclusionSelector`): `reconcile: disabled`, `ssa: Ignore`.
    public static let applyExclusions = MetadataSelector(pairs: [
        (FluxAnnotations.kustomizeReconcile, "disabled"), (FluxAnnotations.kustomizeServerSideApply, "Ignore"),
    ])

    /// What prune and deletion policies never delete (Flux's delete `Exclusions`): `prune: disabled`,
    /// `reconcile: disabled`, `ssa: Ignore`.
    public static let pruneExclusions = MetadataSelector(pairs: [
        (FluxAnnotations.kustomizePrune, "disabled"), (FluxAnnotations.kustomizeReconcile, "disabled"),
        (FluxAnnotations.kustomizeServerSideApply, "Ignore"),
    ])

    /// What is created once and then left alone (Flux's `IfNotPresentSelector`): `ssa: IfNotPresent`.
    public static let ifNotPresent = MetadataSelector(pairs: [(FluxAnnotations.kustomizeServerSideApply, "IfNotPresent")])

    /// What is recreated when an immutable field changes (Flux's `ForceSelector`): `force: enabled`.
    public static let force = MetadataSelector(pairs: [(FluxAnnotations.kustomizeForce, "enabled")])
}
