import Foundation

/// What Helm's actions do with a release's manifest after rendering (`pkg/release/v1/util`): split a stored manifest
/// back into documents, sort rendered files into hooks and manifests (after a post-renderer changed them), and order
/// objects for installing or uninstalling.
public enum ReleaseManifests {
    /// The documents of `manifest` (`---` separated, as Helm's `SplitManifests`), blank ones dropped, in order.
    public static func documents(_ manifest: String) -> [String] { ManifestSorter.split(manifest) }

    /// Hooks and manifests of `files` (template path → rendered text), sorted as ``ChartRenderer`` sorts them.
    public static func sort(_ files: [String: String]) throws(HelmError) -> (hooks: [HelmHook], manifests: [RenderedManifest]) {
        try ManifestSorter.sort(files)
    }

    /// `items` sorted stably by kind in Helm's `InstallOrder`.
    public static func installOrder<T>(_ items: [T], kind: (T) -> String) -> [T] { KindOrder.sorted(items, kind: kind) }

    /// `items` sorted stably by kind in Helm's `UninstallOrder`.
    public static func uninstallOrder<T>(_ items: [T], kind: (T) -> String) -> [T] { KindOrder.sorted(items, kind: kind, uninstalling: true) }
}
