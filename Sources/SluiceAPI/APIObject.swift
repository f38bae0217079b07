import SluiceCore

/// A typed Kubernetes object of a kind Sluice serves.
public protocol APIObject: Codable, Sendable {
    /// The API group, such as `source.toolkit.fluxcd.io`.
    static var group: String { get }
    /// The version, such as `v1`.
    static var version: String { get }
    /// The kind, such as `GitRepository`.
    static var kind: String { get }
    /// The plural resource name, such as `gitrepositories`.
    static var plural: String { get }

    /// The object's metadata.
    var metadata: ObjectMeta { get set }
}

extension APIObject {
    /// `group/version`.
    public static var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    /// The group, version and kind.
    public static var gvk: GroupVersionKind { GroupVersionKind(group: group, version: version, kind: kind) }
}

/// An object a Sluice controller reconciles on an interval, with Flux's common spec and status fields.
public protocol Reconcilable: APIObject {
    /// `spec.interval`: how often to reconcile.
    var interval: GoDuration { get }
    /// `spec.suspend`: whether reconciliation is paused.
    var isSuspended: Bool { get }
    /// `status.conditions`.
    var conditions: [Condition] { get set }
    /// `status.observedGeneration`.
    var observedGeneration: Int64? { get set }
    /// `status.lastHandledReconcileAt`: the last `reconcile.fluxcd.io/requestedAt` value handled.
    var lastHandledReconcileAt: String? { get set }
}
