import ArgumentParser

/// Where a debugging `get` lists: `-n NAMESPACE` (default `default`) or `-A` for every namespace.
public struct ListScopeOptions: ParsableArguments, Sendable {
    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "List in every namespace.")
    public var allNamespaces = false

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace to list.")
    public var namespaceOption = "default"

    public init() {}

    /// The namespace to list, or nil for all.
    public var namespace: String? { allNamespaces ? nil : namespaceOption }
}
