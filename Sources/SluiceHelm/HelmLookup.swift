import SluiceCore

/// What a chart's `lookup apiVersion kind namespace name` reads: the controller supplies one backed by the cluster;
/// without one (as in `helm template`) `lookup` finds nothing.
///
/// The contract is Helm's (`pkg/engine/lookup_func.go`): the object as a map; with an empty `name`, the list object
/// (`{apiVersion, kind: KindList, metadata, items}`); an empty map when the object (or the kind) is not found.
/// Integers in the objects reach templates as `int64`, other numbers as `float64`, as Kubernetes' unstructured
/// objects hold them.
public protocol HelmLookup: Sendable {
    /// The object `name` of `kind` (served at `apiVersion`) in `namespace` (empty: cluster-scoped, or every
    /// namespace for a list), the list when `name` is empty, or an empty object when none is found.
    ///
    /// - Throws: any error; the render fails with `error calling lookup: ERROR` at the template and line that
    ///   called it, so the error's description must be fit for status and events (no secrets).
    func lookup(apiVersion: String, kind: String, namespace: String, name: String) throws -> JSONObject
}
