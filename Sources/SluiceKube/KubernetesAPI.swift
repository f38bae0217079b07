import SluiceCore

/// The part of the Kubernetes API the controller runtime needs.
///
/// The real client talks to a cluster or to Sluice's embedded API server; tests
/// may pass a double. Kept small so that every implementation is complete.
public protocol KubernetesAPI: Sendable {
    /// The object, or `nil` when it does not exist.
    func get(_ gvk: GroupVersionKind, namespace: String?, name: String) async throws -> KubeObject?

    /// Every object of a kind (in one namespace, or in all when `namespace` is `nil`).
    func list(_ gvk: GroupVersionKind, namespace: String?) async throws -> ObjectList

    /// Changes to objects of a kind after `resourceVersion`; ends with ``KubernetesError/gone`` when that version is too old.
    func watch(_ gvk: GroupVersionKind, namespace: String?, resourceVersion: String) -> AsyncThrowingStream<WatchEvent, any Error>

    /// Applies a JSON merge patch (RFC 7386) to the object, or to its status subresource.
    func mergePatch(_ gvk: GroupVersionKind, namespace: String?, name: String, patch: JSONValue, subresource: Subresource?) async throws -> KubeObject
}

/// A subresource of an object.
public enum Subresource: String, Sendable {
    case status
}

/// A page of objects and the resource version to watch from.
public struct ObjectList: Sendable {
    /// The objects.
    public var items: [KubeObject]
    /// The list's resource version.
    public var resourceVersion: String

    /// A list.
    public init(items: [KubeObject], resourceVersion: String) {
        self.items = items
        self.resourceVersion = resourceVersion
    }
}

/// One change seen by a watch.
public struct WatchEvent: Sendable {
    /// What happened.
    public enum EventType: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
        case bookmark = "BOOKMARK"
    }

    /// What happened.
    public var type: EventType
    /// The object after the change (for `DELETED`, its last state).
    public var object: KubeObject

    /// A watch event.
    public init(type: EventType, object: KubeObject) {
        self.type = type
        self.object = object
    }
}

/// Failures the Kubernetes API reports, mapped from its `Status` responses.
public enum KubernetesError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 404: the object or resource does not exist.
    case notFound(String)
    /// 409: a stale resource version or an apply conflict.
    case conflict(String)
    /// 422: the object is invalid; `causes` name the fields.
    case invalid(String, causes: [String])
    /// 410: the resource version is too old to watch from.
    case gone(String)
    /// 429: slow down; retry after the given seconds when known.
    case tooManyRequests(String, retryAfter: Double?)
    /// 401.
    case unauthorized(String)
    /// 403.
    case forbidden(String)
    /// Any other failure.
    case other(code: Int, String)

    public var description: String {
        switch self {
        case .notFound(let m): return "not found: \(m)"
        case .conflict(let m): return "conflict: \(m)"
        case .invalid(let m, let causes): return causes.isEmpty ? "invalid: \(m)" : "invalid: \(m) (\(causes.joined(separator: "; ")))"
        case .gone(let m): return "gone: \(m)"
        case .tooManyRequests(let m, _): return "too many requests: \(m)"
        case .unauthorized(let m): return "unauthorized: \(m)"
        case .forbidden(let m): return "forbidden: \(m)"
        case .other(let code, let m): return "HTTP \(code): \(m)"
        }
    }
}
