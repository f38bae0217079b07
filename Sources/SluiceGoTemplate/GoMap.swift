/// A Go map with string keys: a reference, so `set`, `unset` and `merge` change it where it is held, as in Go.
final class GoMap {
    /// The entries.
    var entries: [String: GoValue]
    /// The element type (`interface {}` for values and `dict`, `string` for `split`).
    let elementType: GoType
    /// Methods callable on the map as `.Map.Name arg…` (Helm's `.Files.Get`, `.Capabilities.APIVersions.Has`); a
    /// method shadows an entry of the same name, as a Go method on a named map type would.
    var methods: [String: TemplateMethod] = [:]

    /// A map of `elementType` holding `entries`.
    init(_ entries: [String: GoValue] = [:], elementType: GoType = .interface) {
        self.entries = entries
        self.elementType = elementType
    }

    /// The keys in Go's sorted order (byte-wise), as `range`, `fmt` and `encoding/json` visit them.
    var sortedKeys: [String] { entries.keys.sorted(by: GoString.less) }

    /// The entries in sorted key order.
    var sortedEntries: [(key: String, value: GoValue)] { sortedKeys.map { ($0, entries[$0]!) } }

    /// A copy of this map and, recursively, of every map and slice inside it (Sprig's `deepCopy`).
    func deepCopy(depth: Int = 0) -> GoMap {
        let copy = GoMap(entries.mapValues { $0.deepCopy(depth: depth) }, elementType: elementType)
        copy.methods = methods
        return copy
    }
}
