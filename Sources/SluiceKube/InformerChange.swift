import SluiceCore

/// A change an ``Informer`` saw in its cache.
public enum InformerChange: Sendable {
    /// A new object.
    case added(KubeObject)
    /// An object changed (a re-list reports every object still present whose resource version moved).
    case updated(old: KubeObject, new: KubeObject)
    /// An object went away (its last known state).
    case deleted(KubeObject)
}
