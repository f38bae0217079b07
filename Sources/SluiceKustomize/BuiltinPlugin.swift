import SluiceCore

/// One plugin config from a kustomization's `generators`, `transformers` or `validators`: a KRM-style object whose
/// `apiVersion: builtin` and `kind` name one of kustomize's built-in plugins, configured by its other fields.
///
/// Flux runs kustomize with plugins restricted to the built-in ones (no exec, container or Go plugins) and without
/// Helm, so any other `apiVersion` is refused as kustomize refuses it then, and `HelmChartInflationGenerator` fails
/// configuration with kustomize's "must specify --enable-helm".
struct BuiltinPlugin {
    /// What a plugin is used as, from the field that lists it.
    enum Role {
        case generator, transformer, validator
    }

    /// The built-in generator kinds of kustomize v5.5.0.
    static let generatorKinds: Set<String> = ["ConfigMapGenerator", "IAMPolicyGenerator", "SecretGenerator", "HelmChartInflationGenerator"]

    /// The built-in transformer kinds of kustomize v5.5.0. `SortOrderTransformer` is not among them: kustomize
    /// keeps it for the top kustomization's `sortOptions` only.
    static let transformerKinds: Set<String> = [
        "AnnotationsTransformer", "HashTransformer", "ImageTagTransformer", "LabelTransformer", "NamespaceTransformer",
        "PatchJson6902Transformer", "PatchStrategicMergeTransformer", "PatchTransformer", "PrefixSuffixTransformer",
        "PrefixTransformer", "SuffixTransformer", "ReplacementTransformer", "ReplicaCountTransformer", "ValueAddTransformer",
    ]

    /// The config object.
    var config: JSONObject
    /// Where the config came from, for messages.
    var source: String

    var kind: String { config["kind"]?.stringValue ?? "" }
    var name: String { config["metadata"]?["name"]?.stringValue ?? "" }
    var namespace: String { config["metadata"]?["namespace"]?.stringValue ?? "" }

    /// The config's id as kustomize prints it in plugin errors (`Kind.version.[noGrp]/name.[noNs]`).
    var idText: String {
        let gvk = GroupVersionKind(apiVersion: config["apiVersion"]?.stringValue ?? "", kind: kind)
        let group = gvk.group.isEmpty ? "[noGrp]" : gvk.group
        return "\(kind).\(gvk.version.isEmpty ? "[noVer]" : gvk.version).\(group)/\(name).\(namespace.isEmpty ? "[noNs]" : namespace)"
    }

    /// A config checked for `role`: built-in, known, and of the role's kind, with kustomize's words otherwise.
    init(_ resource: Resource, role: Role) throws(KustomizeError) {
        config = resource.object
        source = resource.source
        let gvk = GroupVersionKind(apiVersion: config["apiVersion"]?.stringValue ?? "", kind: kind)
        guard gvk.group.isEmpty, gvk.version == "builtin" else {
            throw KustomizeError("external plugins disabled; unable to load external plugin '\(kind)' (Flux runs built-in plugins only)", file: source)
        }
        let isGenerator = Self.generatorKinds.contains(kind)
        guard isGenerator || Self.transformerKinds.contains(kind) else {
            throw KustomizeError("unable to load builtin \(kind).builtin.[noGrp]", file: source)
        }
        if kind == "HelmChartInflationGenerator" {
            throw KustomizeError("plugin \(idText) fails configuration: must specify --enable-helm (Flux does not inflate Helm charts in kustomizations)", file: source)
        }
        if role == .generator && !isGenerator {
            throw KustomizeError("failed to load generator: plugin \(idText) not a generator", file: source)
        }
        if role != .generator && isGenerator {
            throw KustomizeError("plugin \(idText) not a transformer", file: source)
        }
    }

    /// A string field (`nil` when absent or null); other scalars are refused as Go's decoding refuses them.
    func string(_ key: String) throws(KustomizeError) -> String? {
        try Kustomization.string(config[key], field: key, file: source)
    }

    /// A map of strings (labels, annotations). Plugin configs are decoded by kyaml, which takes numbers and booleans
    /// as their text (`8080`, `true`, `1.5`), where a kustomization's own fields would be refused.
    func scalarMap(_ key: String) throws(KustomizeError) -> [(String, String)] {
        guard let value = config[key], !value.isNull else { return [] }
        guard let object = value.objectValue else { throw KustomizeError("plugin \(idText): '\(key)' must be a map of strings", file: source) }
        var result: [(String, String)] = []
        for (name, item) in object {
            guard item.isNull || Kustomization.scalarString(item) != nil else {
                throw KustomizeError("plugin \(idText): '\(key).\(name)' must be a string, found a \(item.typeName)", file: source)
            }
            result.append((name, Kustomization.scalarString(item) ?? ""))
        }
        return result
    }

    /// The config's `fieldSpecs`, `nil` when absent.
    func fieldSpecs() throws(KustomizeError) -> [FieldSpec]? {
        guard let value = config["fieldSpecs"], !value.isNull else { return nil }
        guard let items = value.arrayValue else { throw KustomizeError("plugin \(idText): 'fieldSpecs' must be a list", file: source) }
        var result: [FieldSpec] = []
        for item in items {
            do { result.append(try FieldSpec(json: item)) } catch { throw KustomizeError("plugin \(idText): fieldSpecs: \(error.message)", file: source) }
        }
        return result
    }
}
