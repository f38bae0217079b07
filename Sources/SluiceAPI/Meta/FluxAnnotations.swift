import SluiceCore

/// Annotation keys Flux's controllers read.
public enum FluxAnnotations {
    /// `reconcile.fluxcd.io/requestedAt`: a token whose change asks for an immediate reconciliation (Flux's `ReconcileRequestAnnotation`).
    public static let reconcileRequest = "reconcile.fluxcd.io/requestedAt"
    /// `reconcile.fluxcd.io/forceAt`: with an equal `requestedAt`, asks for a forced one-off reconciliation (such as a Helm upgrade without changes).
    public static let forceRequest = "reconcile.fluxcd.io/forceAt"
    /// `reconcile.fluxcd.io/resetAt`: with an equal `requestedAt`, resets a HelmRelease's failure counters.
    public static let resetRequest = "reconcile.fluxcd.io/resetAt"
    /// `kustomize.toolkit.fluxcd.io/reconcile`: `disabled` stops a Kustomization from changing the object.
    public static let kustomizeReconcile = "kustomize.toolkit.fluxcd.io/reconcile"
    /// `kustomize.toolkit.fluxcd.io/prune`: `disabled` keeps the object when it leaves the Kustomization.
    public static let kustomizePrune = "kustomize.toolkit.fluxcd.io/prune"
    /// `kustomize.toolkit.fluxcd.io/ssa`: `Merge`, `IfNotPresent` or `Ignore`, how server-side apply treats the object.
    public static let kustomizeServerSideApply = "kustomize.toolkit.fluxcd.io/ssa"
    /// `kustomize.toolkit.fluxcd.io/force`: `enabled` recreates the object when an immutable field changes.
    public static let kustomizeForce = "kustomize.toolkit.fluxcd.io/force"
    /// `kustomize.toolkit.fluxcd.io/substitute`: `disabled` skips post-build variable substitution for the object.
    public static let kustomizeSubstitute = "kustomize.toolkit.fluxcd.io/substitute"
}

extension APIObject {
    /// The value of the `reconcile.fluxcd.io/requestedAt` annotation, if set.
    public var reconcileRequestedAt: String? {
        metadata.annotations?[FluxAnnotations.reconcileRequest]
    }
}
