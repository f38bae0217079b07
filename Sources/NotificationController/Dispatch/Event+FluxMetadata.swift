import SluiceCore
import SluiceRuntime
import SluiceStore

/// Event metadata as Flux's notification-controller reads it. Controllers key their metadata with the involved object's
/// API group (`kustomize.toolkit.fluxcd.io/revision`), objects add `event.toolkit.fluxcd.io/…` annotations; providers
/// see the keys with those prefixes stripped (`revision`, `commit`).
extension Event {
    /// The group of the involved object's kind (`kustomize.toolkit.fluxcd.io`).
    var objectGroup: String { GroupVersionKind(apiVersion: involvedObject.apiVersion, kind: involvedObject.kind).group }

    /// The value of the controller's metadata `key` (without its group), such as `revision`.
    func objectMetadata(_ key: String) -> String? { metadata?["\(objectGroup)/\(key)"] }

    /// Flux's `cleanupMetadata`: only the keys prefixed with the event group or the object's group, without the
    /// artifact's `checksum` and `digest`.
    func keepingAlertMetadata() -> Event {
        var event = self
        let objectPrefix = objectGroup + "/", eventPrefix = EventRecorder.eventGroup + "/"
        let dropped: Set<String> = [objectPrefix + "checksum", objectPrefix + "digest"]
        let kept = (metadata ?? [:]).filter { key, _ in
            !dropped.contains(key) && (key.hasPrefix(eventPrefix) || key.hasPrefix(objectPrefix))
        }
        event.metadata = kept.isEmpty ? nil : kept
        return event
    }

    /// Flux's `excludeInternalMetadata`: without the `token`, which only keys the rate limiter.
    func withoutInternalMetadata() -> Event {
        var event = self
        event.metadata?["\(objectGroup)/token"] = nil
        if event.metadata?.isEmpty == true { event.metadata = nil }
        return event
    }

    /// Whether the event asks for a commit status (`<group>/commit_status: update`, Flux's `isCommitStatusUpdate`).
    var isCommitStatusUpdate: Bool { objectMetadata("commit_status") == "update" }

    /// Whether the event names a commit itself (`event.toolkit.fluxcd.io/commit`).
    var hasCommitKey: Bool { !(metadata?["\(EventRecorder.eventGroup)/commit"] ?? "").isEmpty }

    /// The metadata with both prefixes stripped, as providers see it: the event group's keys first, then `alertMetadata`
    /// over them, then the object group's keys over both (Flux's `combineEventMetadata` order).
    func combiningMetadata(with alertMetadata: [String: String]) -> Event {
        var event = self
        let objectPrefix = objectGroup + "/", eventPrefix = EventRecorder.eventGroup + "/"
        var combined: [String: String] = [:]
        for (key, value) in metadata ?? [:] where key.hasPrefix(eventPrefix) { combined[String(key.dropFirst(eventPrefix.count))] = value }
        for (key, value) in alertMetadata { combined[key] = value }
        for (key, value) in metadata ?? [:] where key.hasPrefix(objectPrefix) { combined[String(key.dropFirst(objectPrefix.count))] = value }
        event.metadata = combined.isEmpty ? nil : combined
        return event
    }
}
