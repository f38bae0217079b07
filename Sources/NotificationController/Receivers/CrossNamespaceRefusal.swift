/// A Receiver naming resources in another namespace while `--no-cross-namespace-refs` is set: those are not annotated
/// (the others are), and the webhook is answered 500, as Flux answers it.
public struct CrossNamespaceRefusal: Error, Sendable, CustomStringConvertible {
    /// The refused resources, `Kind/namespace/name`.
    public var resources: [String]
    /// How many of the allowed resources were annotated.
    public var annotated: Int

    /// Flux's words, and the refused resources.
    public var description: String { "cross-namespace references are not allowed: \(resources.joined(separator: ", "))" }
}
