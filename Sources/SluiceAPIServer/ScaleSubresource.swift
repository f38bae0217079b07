import SluiceCore

/// Where a kind keeps what its `scale` subresource shows: the desired and current replica counts and the selector.
///
/// Built-in workloads keep them at fixed places; a CustomResourceDefinition names them in
/// `subresources.scale` (`specReplicasPath`, `statusReplicasPath`, `labelSelectorPath`).
public struct ScaleSubresource: Sendable, Hashable {
    /// The path of the desired replica count, as `["spec", "replicas"]`.
    public var specReplicasPath: [String]
    /// The path of the observed replica count, as `["status", "replicas"]`.
    public var statusReplicasPath: [String]
    /// The path of the selector, if any.
    public var labelSelectorPath: [String]?
    /// Whether the selector is a `metav1.LabelSelector` object (built-ins) rather than a string (custom resources).
    public var structuredSelector: Bool

    /// A scale subresource over the given paths.
    public init(specReplicasPath: [String], statusReplicasPath: [String], labelSelectorPath: [String]?, structuredSelector: Bool) {
        self.specReplicasPath = specReplicasPath
        self.statusReplicasPath = statusReplicasPath
        self.labelSelectorPath = labelSelectorPath
        self.structuredSelector = structuredSelector
    }

    /// Deployments, ReplicaSets and StatefulSets: `spec.replicas`, `status.replicas`, `spec.selector`.
    static let workload = ScaleSubresource(specReplicasPath: ["spec", "replicas"], statusReplicasPath: ["status", "replicas"],
                                           labelSelectorPath: ["spec", "selector"], structuredSelector: true)

    /// The subresource a CRD version's `subresources.scale` declares, or `nil` when its paths are missing or not simple
    /// `.a.b` paths (the real server refuses such CRDs; here the kind is then served without `scale`).
    static func custom(_ declaration: JSONValue) -> ScaleSubresource? {
        guard let spec = declaration["specReplicasPath"]?.stringValue.flatMap(path),
            let status = declaration["statusReplicasPath"]?.stringValue.flatMap(path)
        else { return nil }
        let selector = declaration["labelSelectorPath"]?.stringValue.flatMap(path)
        return ScaleSubresource(specReplicasPath: spec, statusReplicasPath: status, labelSelectorPath: selector, structuredSelector: false)
    }

    /// `.spec.replicas` as `["spec", "replicas"]`; `nil` unless it is a dotted path of plain field names.
    static func path(_ text: String) -> [String]? {
        guard text.hasPrefix(".") else { return nil }
        let parts = text.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && !$0.contains("[") && !$0.contains("]") }) else { return nil }
        return parts
    }

    /// The `autoscaling/v1` `Scale` of `object`: the parent's identity, its desired and current replicas and its selector.
    func scale(of object: JSONValue) -> JSONValue {
        var metadata = JSONObject()
        for field in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            if let value = object[path: ["metadata", field]] { metadata[field] = value }
        }
        var spec = JSONObject()
        // ScaleSpec.replicas is `omitempty` in Go, ScaleStatus.replicas is not.
        let desired = object[path: specReplicasPath]?.intValue ?? 0
        if desired != 0 { spec["replicas"] = .int(desired) }
        var status: JSONObject = ["replicas": .int(object[path: statusReplicasPath]?.intValue ?? 0)]
        if let selector = selector(of: object), !selector.isEmpty { status["selector"] = .string(selector) }
        return ["kind": "Scale", "apiVersion": "autoscaling/v1", "metadata": .object(metadata), "spec": .object(spec),
                "status": .object(status)]
    }

    /// The selector in its string form (`app=web,tier in (a,b)`), as `metav1.LabelSelectorAsSelector(…).String()`.
    func selector(of object: JSONValue) -> String? {
        guard let labelSelectorPath, let value = object[path: labelSelectorPath] else { return nil }
        guard structuredSelector else { return value.stringValue }
        return LabelSelector(structured: value).description
    }
}
