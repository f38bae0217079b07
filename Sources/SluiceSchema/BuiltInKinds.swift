import SluiceCore

/// The built-in resources of Kubernetes v1.32 (the table is generated; see ``BuiltInKind``).
public enum BuiltInKinds {
    /// Every built-in resource at every served group version.
    public static var all: [BuiltInKind] { table }

    /// The entry for a group, version and kind, if built in.
    public static func kind(_ gvk: GroupVersionKind) -> BuiltInKind? {
        byGVK[gvk]
    }

    /// The entry for a group, version and plural resource name (`apps`, `v1`, `deployments`), if built in.
    public static func resource(group: String, version: String, plural: String) -> BuiltInKind? {
        all.first { $0.group == group && $0.version == version && $0.plural == plural }
    }

    /// The preferred version's entry of a group's kind (`autoscaling` `HorizontalPodAutoscaler` is `v2`), if built in.
    public static func preferred(group: String, kind: String) -> BuiltInKind? {
        all.first { $0.group == group && $0.kind == kind && $0.preferred }
    }

    /// The table keyed by group, version and kind.
    private static let byGVK: [GroupVersionKind: BuiltInKind] = Dictionary(
        table.map { ($0.gvk, $0) }, uniquingKeysWith: { first, _ in first })
}
