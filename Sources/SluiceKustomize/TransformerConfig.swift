import SluiceCore

/// Which fields each transformer touches: kustomize's built-in field specs plus a kustomization's `configurations`.
struct TransformerConfig: Equatable {
    /// A kind that other objects refer to by name, and the fields where they do.
    struct NameReference: Equatable {
        var target: GvkSelector
        var referrers: [FieldSpec]
    }

    var namePrefix: [FieldSpec] = []
    var nameSuffix: [FieldSpec] = []
    var namespace: [FieldSpec] = []
    var commonLabels: [FieldSpec] = []
    /// Extra fields for every `labels:` entry (kustomize's `labels` configuration section).
    var labels: [FieldSpec] = []
    var templateLabels: [FieldSpec] = []
    var commonAnnotations: [FieldSpec] = []
    var varReference: [FieldSpec] = []
    var images: [FieldSpec] = []
    var replicas: [FieldSpec] = []
    var nameReference: [NameReference] = []

    /// The built-in configuration of kustomize v5.5.0.
    static func builtIn() -> TransformerConfig {
        do {
            let documents = try YAMLReader().documents(BuiltinFieldSpecs.yaml, source: "builtin field specs")
            return try TransformerConfig(json: documents.first?.value ?? .null, source: "builtin field specs")
        } catch {
            preconditionFailure("SluiceKustomize: the built-in field specs do not parse: \(error)")
        }
    }

    init() {}

    /// A configuration holding one name reference only.
    static func with(nameReference: NameReference) -> TransformerConfig {
        var config = TransformerConfig()
        config.nameReference = [nameReference]
        return config
    }

    /// A configuration from a `configurations:` file's content.
    init(json: JSONValue, source: String) throws(KustomizeError) {
        func specs(_ key: String) throws(KustomizeError) -> [FieldSpec] {
            var result: [FieldSpec] = []
            for item in json[key]?.arrayValue ?? [] {
                do { result.append(try FieldSpec(json: item)) } catch { throw KustomizeError("\(key): \(error.message)", file: source) }
            }
            return result
        }
        namePrefix = try specs("namePrefix")
        nameSuffix = try specs("nameSuffix")
        namespace = try specs("namespace")
        commonLabels = try specs("commonLabels")
        labels = try specs("labels")
        templateLabels = try specs("templateLabels")
        commonAnnotations = try specs("commonAnnotations")
        varReference = try specs("varReference")
        images = try specs("images")
        replicas = try specs("replicas")
        for item in json["nameReference"]?.arrayValue ?? [] {
            var referrers: [FieldSpec] = []
            for spec in item["fieldSpecs"]?.arrayValue ?? [] {
                do { referrers.append(try FieldSpec(json: spec)) } catch { throw KustomizeError("nameReference: \(error.message)", file: source) }
            }
            var target = GvkSelector(group: item["group"]?.stringValue ?? "", version: item["version"]?.stringValue ?? "",
                                     kind: item["kind"]?.stringValue ?? "")
            // Some entries spell the group with its version (`networking.k8s.io/v1`), as kustomize's own table does.
            if target.group.contains("/"), let slash = target.group.firstIndex(of: "/") {
                target.group = String(target.group[..<slash])
            }
            nameReference.append(NameReference(target: target, referrers: referrers))
        }
    }

    /// This configuration with `other`'s specs added, as kustomize's `FsSlice.MergeAll`: a spec is dropped when one
    /// already here has the same path and a kind it selects (so a custom `metadata/name` for one kind, merged
    /// first, replaces the default `metadata/name` for every kind).
    func merging(_ other: TransformerConfig) -> TransformerConfig {
        // Most merges are of identical configurations (every level starts from the defaults).
        if self == other { return self }
        func union(_ a: [FieldSpec], _ b: [FieldSpec]) -> [FieldSpec] {
            var result = a
            for spec in b where !result.contains(where: { $0.path == spec.path && spec.selector.selects($0.selector) }) {
                result.append(spec)
            }
            return result
        }
        var merged = self
        merged.namePrefix = union(namePrefix, other.namePrefix)
        merged.nameSuffix = union(nameSuffix, other.nameSuffix)
        merged.namespace = union(namespace, other.namespace)
        merged.commonLabels = union(commonLabels, other.commonLabels)
        merged.labels = union(labels, other.labels)
        merged.templateLabels = union(templateLabels, other.templateLabels)
        merged.commonAnnotations = union(commonAnnotations, other.commonAnnotations)
        merged.varReference = union(varReference, other.varReference)
        merged.images = union(images, other.images)
        merged.replicas = union(replicas, other.replicas)
        for reference in other.nameReference {
            if let index = merged.nameReference.firstIndex(where: { $0.target == reference.target }) {
                merged.nameReference[index].referrers = union(merged.nameReference[index].referrers, reference.referrers)
            } else {
                merged.nameReference.append(reference)
            }
        }
        return merged
    }
}
