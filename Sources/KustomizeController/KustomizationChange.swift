import SluiceCore
import SluiceApply

/// One object applying a Kustomization now would change, as `flux diff kustomization` reports it.
public struct KustomizationChange: Sendable, Equatable {
    /// What applying would do to the object.
    public enum Action: String, Sendable {
        /// The object is missing from the cluster and would be created.
        case created
        /// The object differs from what would be applied in ``KustomizationChange/fields``.
        case drifted
        /// The object left the build but is in the inventory, and would be pruned.
        case deleted
    }

    /// `Kind/namespace/name` (or `Kind/name`), as Flux names objects.
    public var subject: String
    /// What applying would do.
    public var action: Action
    /// The drifted fields (for ``Action/drifted``).
    public var fields: [FieldDrift]

    /// A change.
    public init(subject: String, action: Action, fields: [FieldDrift] = []) {
        self.subject = subject
        self.action = action
        self.fields = fields
    }

    /// One line per drifted field (`Deployment/default/podinfo: spec.replicas 2 -> 5`), or one for a created
    /// (`…: missing (would be created)`) or deleted (`…: would be pruned`) object: the compact form of
    /// `kustomize-controller diff`.
    public var lines: [String] {
        switch action {
        case .created: ["\(subject): missing (would be created)"]
        case .drifted: fields.map { "\(subject): \($0)" }
        case .deleted: ["\(subject): would be pruned"]
        }
    }
}
