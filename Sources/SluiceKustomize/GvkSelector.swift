import SluiceCore

/// A partial group/version/kind that selects kinds: empty fields match anything.
struct GvkSelector: Hashable {
    var group = ""
    var version = ""
    var kind = ""

    /// Whether every kind `other` selects is also selected by this one (kustomize's `Gvk.IsSelected` on selectors).
    func selects(_ other: GvkSelector) -> Bool {
        (group.isEmpty || group == other.group) && (version.isEmpty || version == other.version) && (kind.isEmpty || kind == other.kind)
    }

    func selects(_ gvk: GroupVersionKind) -> Bool {
        (group.isEmpty || group == gvk.group) && (version.isEmpty || version == gvk.version) && (kind.isEmpty || kind == gvk.kind)
    }
}
