import Foundation
import SluiceCore

/// The immutability rules the real API server enforces on updates of built-in kinds (never on create), with
/// Kubernetes' field paths, cause reasons and messages, so that clients that recognise an immutable-field error
/// (`kubectl`, Flux's `spec.force`) see what a real cluster would send.
enum ImmutableFields {
    /// Kubernetes' `FieldImmutableErrorMsg`.
    static let immutableMessage = "field is immutable"
    /// The message for ConfigMaps and Secrets marked `immutable: true`.
    static let immutableWhenSetMessage = "field is immutable when `immutable` is set"
    /// The fields of a StatefulSet's spec that an update may change (apps/v1 validation).
    static let mutableStatefulSetFields = ["replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit",
                                           "persistentVolumeClaimRetentionPolicy", "minReadySeconds"]
    static let statefulSetMessage = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
        + "'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
    static let persistentVolumeClaimMessage =
        "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"

    /// Causes why `new` may not replace `old` (both already defaulted); empty when the update is allowed.
    static func causes(_ type: ResourceType, old: JSONValue, new: JSONValue) -> [APIError.Cause] {
        guard !type.isCustom else { return [] }
        switch type.key {
        case "apps/deployments", "apps/replicasets", "apps/daemonsets":
            return selectorCauses(old: old, new: new)
        case "apps/statefulsets":
            var oldSpec = old["spec"] ?? .null, newSpec = new["spec"] ?? .null
            for field in mutableStatefulSetFields {
                oldSpec[path: [field]] = nil
                newSpec[path: [field]] = nil
            }
            guard !same(oldSpec, newSpec) else { return [] }
            return [forbidden("spec", statefulSetMessage)]
        case "batch/jobs":
            var causes = selectorCauses(old: old, new: new)
            if !same(old[path: ["spec", "template"]], new[path: ["spec", "template"]]) {
                // The real message prints the whole internal PodTemplateSpec with %#v; it is abbreviated here.
                causes.append(invalid("spec.template", value: "core.PodTemplateSpec{...}", immutableMessage))
            }
            return causes
        case "/services":
            return clusterIPCauses(old: old, new: new)
        case "/configmaps":
            return immutableDataCauses(old: old, new: new, fields: ["data", "binaryData"], data: { $0 })
        case "/secrets":
            var causes: [APIError.Cause] = []
            let oldType = old["type"]?.stringValue ?? "Opaque", newType = new["type"]?.stringValue ?? "Opaque"
            if oldType != newType { causes.append(invalid("type", value: GoQuote.quote(newType), immutableMessage)) }
            return causes + immutableDataCauses(old: old, new: new, fields: ["data"], data: secretData)
        case "/persistentvolumeclaims":
            var oldSpec = old["spec"] ?? .null, newSpec = new["spec"] ?? .null
            for path in [["resources", "requests"], ["volumeAttributesClassName"]] {
                oldSpec[path: path] = nil
                newSpec[path: path] = nil
            }
            guard !same(oldSpec, newSpec) else { return [] }
            return [forbidden("spec", persistentVolumeClaimMessage)]
        case "rbac.authorization.k8s.io/rolebindings", "rbac.authorization.k8s.io/clusterrolebindings":
            guard !same(old["roleRef"], new["roleRef"]) else { return [] }
            let ref = new["roleRef"]
            let value = "rbac.RoleRef{APIGroup:\(GoQuote.quote(ref?["apiGroup"]?.stringValue ?? "")), "
                + "Kind:\(GoQuote.quote(ref?["kind"]?.stringValue ?? "")), Name:\(GoQuote.quote(ref?["name"]?.stringValue ?? ""))}"
            return [invalid("roleRef", value: value, "cannot change roleRef")]
        default:
            return []
        }
    }

    /// `spec.selector` of a workload or Job changed (apps/v1 and batch/v1 refuse it; only extensions/v1beta1 allowed it).
    static func selectorCauses(old: JSONValue, new: JSONValue) -> [APIError.Cause] {
        let before = old[path: ["spec", "selector"]], after = new[path: ["spec", "selector"]]
        guard !same(before, after) else { return [] }
        return [invalid("spec.selector", value: goLabelSelector(after), immutableMessage)]
    }

    /// A Service's cluster IP changed once allocated: the server normalises `clusterIPs` from a changed `clusterIP`,
    /// then refuses `spec.clusterIPs[0]` (ExternalName Services and headless-to-headless updates are exempt).
    static func clusterIPCauses(old: JSONValue, new: JSONValue) -> [APIError.Cause] {
        let oldType = old[path: ["spec", "type"]]?.stringValue, newType = new[path: ["spec", "type"]]?.stringValue
        guard oldType != "ExternalName", newType != "ExternalName" else { return [] }
        let oldIP = old[path: ["spec", "clusterIP"]]?.stringValue ?? ""
        let newIP = new[path: ["spec", "clusterIP"]]?.stringValue ?? ""
        guard !oldIP.isEmpty, !newIP.isEmpty, oldIP != newIP else { return [] }
        var newIPs = new[path: ["spec", "clusterIPs"]]?.arrayValue?.compactMap(\.stringValue) ?? []
        let oldIPs = old[path: ["spec", "clusterIPs"]]?.arrayValue?.compactMap(\.stringValue) ?? [oldIP]
        if newIPs.isEmpty || newIPs == oldIPs { newIPs = [newIP] + newIPs.dropFirst() }
        let value = "[]string{" + newIPs.map { GoQuote.quote($0) }.joined(separator: ", ") + "}"
        return [invalid("spec.clusterIPs[0]", value: value, "may not change once set")]
    }

    /// A ConfigMap or Secret marked `immutable: true` changed its data or was made mutable again.
    static func immutableDataCauses(old: JSONValue, new: JSONValue, fields: [String],
                                    data: (JSONValue) -> JSONValue) -> [APIError.Cause] {
        guard old["immutable"]?.boolValue == true else { return [] }
        var causes: [APIError.Cause] = []
        if new["immutable"]?.boolValue != true { causes.append(forbidden("immutable", immutableWhenSetMessage)) }
        let before = data(old), after = data(new)
        for field in fields where !same(before[field], after[field]) {
            causes.append(forbidden(field, immutableWhenSetMessage))
        }
        return causes
    }

    /// A Secret with its `stringData` folded into `data`, as the server does before it validates.
    static func secretData(_ secret: JSONValue) -> JSONValue {
        var secret = secret
        guard let strings = secret["stringData"]?.objectValue, !strings.isEmpty else { return secret }
        var data = secret["data"]?.objectValue ?? JSONObject()
        for (key, value) in strings {
            data[key] = .string(Data((value.stringValue ?? "").utf8).base64EncodedString())
        }
        secret["data"] = .object(data)
        secret["stringData"] = nil
        return secret
    }

    /// Equality as Kubernetes' semantic DeepEqual sees it: nulls, empty lists and empty maps are the same as absent.
    static func same(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        normalized(a) == normalized(b)
    }

    static func normalized(_ value: JSONValue?) -> JSONValue? {
        switch value {
        case nil, .null?: return nil
        case .array(let elements)?:
            return elements.isEmpty ? nil : .array(elements.map { normalized($0) ?? .null })
        case .object(let object)?:
            let members = object.members.compactMap { member in normalized(member.value).map { (member.key, $0) } }
            return members.isEmpty ? nil : .object(JSONObject(members))
        default: return value
        }
    }

    /// A `field.Invalid` cause: `Invalid value: VALUE: DETAIL`.
    static func invalid(_ field: String, value: String, _ detail: String) -> APIError.Cause {
        .init(reason: "FieldValueInvalid", message: "Invalid value: \(value): \(detail)", field: field)
    }

    /// A `field.Forbidden` cause: `Forbidden: DETAIL`.
    static func forbidden(_ field: String, _ detail: String) -> APIError.Cause {
        .init(reason: "FieldValueForbidden", message: "Forbidden: \(detail)", field: field)
    }

    /// A label selector as Go's `%#v` prints `metav1.LabelSelector` (`"null"` when absent, as `field.Invalid` does).
    static func goLabelSelector(_ selector: JSONValue?) -> String {
        guard let selector, !selector.isNull else { return "\"null\"" }
        let labels = selector["matchLabels"]?.objectValue.map { map -> String in
            "map[string]string{" + map.members.sorted { $0.key < $1.key }
                .map { "\(GoQuote.quote($0.key)):\(GoQuote.quote($0.value.stringValue ?? ""))" }.joined(separator: ", ") + "}"
        } ?? "map[string]string(nil)"
        let expressions = selector["matchExpressions"]?.arrayValue.map { list -> String in
            "[]v1.LabelSelectorRequirement{" + list.map { requirement -> String in
                let values = requirement["values"]?.arrayValue.map { "[]string{" + $0.map { GoQuote.quote($0.stringValue ?? "") }.joined(separator: ", ") + "}" }
                    ?? "[]string(nil)"
                return "v1.LabelSelectorRequirement{Key:\(GoQuote.quote(requirement["key"]?.stringValue ?? "")), "
                    + "Operator:\(GoQuote.quote(requirement["operator"]?.stringValue ?? "")), Values:\(values)}"
            }.joined(separator: ", ") + "}"
        } ?? "[]v1.LabelSelectorRequirement(nil)"
        return "v1.LabelSelector{MatchLabels:\(labels), MatchExpressions:\(expressions)}"
    }
}
