/// The patch formats the API server accepts, by content type.
public enum PatchType: String, Sendable {
    /// RFC 7386 JSON merge patch.
    case merge = "application/merge-patch+json"
    /// RFC 6902 JSON patch (a list of operations).
    case json = "application/json-patch+json"
    /// Kubernetes strategic merge patch.
    case strategicMerge = "application/strategic-merge-patch+json"
    /// Server-side apply (the body is YAML; JSON is YAML).
    case apply = "application/apply-patch+yaml"
}
