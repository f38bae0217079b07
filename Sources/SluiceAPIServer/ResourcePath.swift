/// A request path under `/api/v1` or `/apis/{group}/{version}`, split into its parts.
struct ResourcePath: Sendable, Equatable {
    var group: String
    var version: String
    var namespace: String?
    /// The plural resource; `nil` for the group-version's discovery document.
    var resource: String?
    var name: String?
    var subresource: String?
    /// A legacy `/watch/` path.
    var watch = false

    /// Parses `path`; `nil` when it is not a resource path.
    init?(_ path: String) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let first = parts.first else { return nil }
        if first == "api" {
            guard parts.count >= 2 else { return nil }
            group = ""
            version = parts[1]
            parts.removeFirst(2)
        } else if first == "apis" {
            guard parts.count >= 3 else { return nil }
            group = parts[1]
            version = parts[2]
            parts.removeFirst(3)
        } else {
            return nil
        }
        if parts.first == "watch" {
            watch = true
            parts.removeFirst()
        }
        guard !parts.isEmpty else { return }
        if parts[0] == "namespaces" && parts.count >= 3 && !(group.isEmpty && parts.count == 3 && ["status", "finalize"].contains(parts[2])) {
            namespace = parts[1]
            parts.removeFirst(2)
        }
        resource = parts[0]
        if parts.count >= 2 { name = parts[1] }
        if parts.count >= 3 { subresource = parts[2] }
        if parts.count > 3 { return nil }
    }
}
