import SluiceCore

/// What applying or pruning did to one object, as Flux's change set says it.
public struct ChangeSetEntry: Sendable, Equatable {
    /// The action taken.
    public enum Action: String, Sendable {
        case created, configured, unchanged, deleted, skipped
    }

    /// `Kind/namespace/name`.
    public var subject: String
    /// The object's inventory identity.
    public var identifier: ResourceIdentifier
    /// The object's API version (the inventory's `v`).
    public var version: String
    /// The action taken.
    public var action: Action

    /// An entry.
    public init(subject: String, identifier: ResourceIdentifier, version: String, action: Action) {
        self.subject = subject
        self.identifier = identifier
        self.version = version
        self.action = action
    }

    /// `Deployment/default/podinfo configured`.
    public var line: String { "\(subject) \(action.rawValue)" }
}
