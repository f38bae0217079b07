import SluiceApply
import SluiceCore

/// One object of a Helm release that differs from the cluster, as Flux's helm-controller finds it
/// (`jsondiff.Diff` of type create or update): missing from the cluster, or changed in fields the release sets.
///
/// The fields are already masked: a Secret's values show only as `***`, `*** (before)` and `*** (after)`, and so does
/// any field whose value holds a value of a Secret of the release, so a drift can go into events, status and logs.
public struct ReleaseDrift: Sendable, Equatable {
    /// How the object differs.
    public enum Change: String, Sendable {
        /// The object is not in the cluster (deleted); correcting drift creates it.
        case missing
        /// The object is in the cluster with fields that differ from the release's; correcting drift sets them back.
        case changed
        /// The object is in the cluster but no longer rendered; only previews of an upgrade report it (Helm deletes it).
        case deleted
    }

    /// `Kind/namespace/name` (or `Kind/name`), as Flux names objects.
    public var subject: String
    /// The object's inventory identity.
    public var identifier: ResourceIdentifier
    /// The object's API version (`v1`, `apps/v1`).
    public var apiVersion: String
    /// How it differs.
    public var change: Change
    /// The drifted fields of a ``Change/changed`` object (desired: what the release sets; live: what the cluster has),
    /// masked; empty otherwise.
    public var fields: [FieldDrift]

    /// A drifted object.
    public init(subject: String, identifier: ResourceIdentifier, apiVersion: String, change: Change, fields: [FieldDrift] = []) {
        self.subject = subject
        self.identifier = identifier
        self.apiVersion = apiVersion
        self.change = change
        self.fields = fields
    }

    /// The drift of `object` (placed in its namespace).
    init(_ object: KubeObject, change: Change, fields: [FieldDrift] = []) {
        self.init(subject: object.displayName, identifier: object.identifier, apiVersion: object.apiVersion, change: change, fields: fields)
    }

    /// Flux's one-line summary (`diff.SummarizeDiffSet`): `Deployment/default/web removed` for a missing object (removed
    /// from the cluster), `Deployment/default/web changed (0 additions, 1 changes, 0 removals)` for a changed one, the
    /// additions, changes and removals counted as the JSON patch from the live object to the release's would hold them.
    public var summary: String {
        switch change {
        case .missing: return "\(subject) removed"
        case .deleted: return "\(subject) would be deleted"
        case .changed:
            let added = fields.count { $0.live == nil && $0.desired != nil }
            let removed = fields.count { $0.desired == nil && $0.live != nil }
            let changed = fields.count - added - removed
            return "\(subject) changed (\(added) additions, \(changed) changes, \(removed) removals)"
        }
    }

    /// One line per drifted field (`Deployment/default/web: spec.replicas 2 -> 5`, desired then live), or one for the
    /// whole object (`Deployment/default/web: missing`), for logs.
    public var lines: [String] {
        switch change {
        case .missing, .deleted: return ["\(subject): \(change.rawValue)"]
        case .changed: return fields.map { "\(subject): \($0)" }
        }
    }
}
