import ArgumentParser

/// `<kind> NAME`: the words naming a Flux kind, then an object's name.
struct KindArguments: ParsableArguments {
    @Argument(help: "The kind (source git|source helm|source chart|kustomization|helmrelease|alert|provider|receiver) and the name.")
    var words: [String] = []

    /// The kind and the required name.
    func kindAndName() throws -> (kind: FluxKind, name: String) {
        let (kind, rest) = try FluxKind.parse(words)
        guard rest.count == 1 else {
            throw CLIError(rest.isEmpty ? "missing the object's name" : "too many arguments: \(rest.joined(separator: " "))",
                           hint: "for example: sluice reconcile kustomization NAME")
        }
        return (kind, rest[0])
    }
}
