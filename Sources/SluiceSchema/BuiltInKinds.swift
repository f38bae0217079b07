import SluiceCore

/// The built-in resources of Kubernetes v1.32 (the table is generated; see ``BuiltInKind``).
public enum BuiltInKinds {
    /// Every built-in resource at every served group version.
    public static var all: [BuiltInKind] { table }

    /// The entry for a group, version and kind, if built in.
    public static func kind(_ gvk: GroupVersionKind) -> BuiltInKind? {
        all.first { $0.group == gvk.group && $0.version == gvk.version && $0.kind == gvk.kind }
    }

    /// CONTRACT: replaced by the generated table.
    static let table: [BuiltInKind] = []
}
