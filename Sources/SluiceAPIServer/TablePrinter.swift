import Foundation
import SluiceCore

/// Server-side printing: the `meta.k8s.io/v1 Table` kubectl asks for (`Accept: …;as=Table`).
///
/// Built-ins get the columns `kubectl get` shows against a real cluster (a
/// subset); custom resources get their CRD's `additionalPrinterColumns`.
enum TablePrinter {
    struct Column: Sendable {
        var name: String
        var type: String = "string"
        var format: String = ""
        var priority: Int = 0
        var cell: @Sendable (JSONValue) -> JSONValue
    }

    /// Whether the `Accept` header asks for a table.
    static func wantsTable(_ accept: String?) -> Bool {
        guard let accept else { return false }
        return accept.split(separator: ",").first.map { $0.contains("as=Table") } ?? false
    }

    static func columns(for type: ResourceType, printerColumns: [JSONValue]?) -> [Column] {
        var columns = [Column(name: "Name", format: "name") { $0[path: ["metadata", "name"]] ?? "" }]
        let age = Column(name: "Age", format: "") { .string(Self.age($0[path: ["metadata", "creationTimestamp"]]?.stringValue)) }
        if type.isCustom {
            guard let printerColumns, !printerColumns.isEmpty else { return columns + [age] }
            for column in printerColumns {
                let path = column["jsonPath"]?.stringValue ?? ""
                let kind = column["type"]?.stringValue ?? "string"
                columns.append(Column(name: column["name"]?.stringValue ?? "", type: kind == "date" ? "string" : kind,
                                      priority: Int(column["priority"]?.intValue ?? 0)) { object in
                    let value = evaluate(path, in: object)
                    if kind == "date" { return .string(Self.age(value?.stringValue)) }
                    return value ?? .null
                })
            }
            return columns
        }
        func s(_ name: String, priority: Int = 0, _ cell: @escaping @Sendable (JSONValue) -> String) -> Column {
            Column(name: name, priority: priority) { .string(cell($0)) }
        }
        let n: @Sendable (JSONValue?) -> Int64 = { $0?.intValue ?? 0 }
        switch type.key {
        case "/configmaps":
            columns.append(s("Data") { String(($0["data"]?.objectValue?.count ?? 0) + ($0["binaryData"]?.objectValue?.count ?? 0)) })
        case "/secrets":
            columns.append(s("Type") { $0["type"]?.stringValue ?? "Opaque" })
            columns.append(s("Data") { String($0["data"]?.objectValue?.count ?? 0) })
        case "/namespaces":
            columns.append(s("Status") { $0[path: ["status", "phase"]]?.stringValue ?? "" })
        case "/pods":
            columns.append(s("Ready") { "0/\($0[path: ["spec", "containers"]]?.arrayValue?.count ?? 0)" })
            columns.append(s("Status") { $0[path: ["status", "phase"]]?.stringValue ?? "Pending" })
            columns.append(s("Restarts") { _ in "0" })
        case "/services":
            columns.append(s("Type") { $0[path: ["spec", "type"]]?.stringValue ?? "ClusterIP" })
            columns.append(s("Cluster-IP") { $0[path: ["spec", "clusterIP"]]?.stringValue ?? "<none>" })
            columns.append(s("Ports") { object in
                let ports = object[path: ["spec", "ports"]]?.arrayValue ?? []
                if ports.isEmpty { return "<none>" }
                return ports.map { "\($0["port"]?.intValue ?? 0)/\($0["protocol"]?.stringValue ?? "TCP")" }.joined(separator: ",")
            })
        case "apps/deployments":
            columns.append(s("Ready") { "\(n($0[path: ["status", "readyReplicas"]]))/\(n($0[path: ["spec", "replicas"]]))" })
            columns.append(s("Up-to-date") { String(n($0[path: ["status", "updatedReplicas"]])) })
            columns.append(s("Available") { String(n($0[path: ["status", "availableReplicas"]])) })
        case "apps/statefulsets":
            columns.append(s("Ready") { "\(n($0[path: ["status", "readyReplicas"]]))/\(n($0[path: ["spec", "replicas"]]))" })
        case "apps/replicasets":
            columns.append(s("Desired") { String(n($0[path: ["spec", "replicas"]])) })
            columns.append(s("Current") { String(n($0[path: ["status", "replicas"]])) })
            columns.append(s("Ready") { String(n($0[path: ["status", "readyReplicas"]])) })
        case "apps/daemonsets":
            columns.append(s("Desired") { String(n($0[path: ["status", "desiredNumberScheduled"]])) })
            columns.append(s("Ready") { String(n($0[path: ["status", "numberReady"]])) })
            columns.append(s("Available") { String(n($0[path: ["status", "numberAvailable"]])) })
        case "batch/jobs":
            columns.append(s("Status") { object in
                let conditions = object[path: ["status", "conditions"]]?.arrayValue ?? []
                if conditions.contains(where: { $0["type"] == "Complete" && $0["status"] == "True" }) { return "Complete" }
                if conditions.contains(where: { $0["type"] == "Failed" && $0["status"] == "True" }) { return "Failed" }
                return "Running"
            })
            columns.append(s("Completions") { "\(n($0[path: ["status", "succeeded"]]))/\($0[path: ["spec", "completions"]]?.intValue ?? 1)" })
        case "apiextensions.k8s.io/customresourcedefinitions":
            columns.append(s("Created At") { $0[path: ["metadata", "creationTimestamp"]]?.stringValue ?? "" })
            return columns
        default:
            break
        }
        columns.append(age)
        if ["apps/deployments", "apps/statefulsets", "apps/replicasets", "apps/daemonsets", "batch/jobs"].contains(type.key) {
            let containers: @Sendable (JSONValue) -> [JSONValue] = { $0[path: ["spec", "template", "spec", "containers"]]?.arrayValue ?? [] }
            columns.append(s("Containers", priority: 1) { containers($0).compactMap { $0["name"]?.stringValue }.joined(separator: ",") })
            columns.append(s("Images", priority: 1) { containers($0).compactMap { $0["image"]?.stringValue }.joined(separator: ",") })
        }
        return columns
    }

    /// A table of `objects`.
    /// The columns of a `Scale`, as `kubectl get --subresource=scale` shows them against a real cluster.
    static let scaleColumns: [Column] = [
        Column(name: "Name", format: "name") { $0[path: ["metadata", "name"]] ?? "" },
        Column(name: "Desired", type: "integer") { $0[path: ["spec", "replicas"]] ?? 0 },
        Column(name: "Available", type: "integer") { $0[path: ["status", "replicas"]] ?? 0 },
    ]

    static func table(_ objects: [JSONValue], columns: [Column], resourceVersion: String, continueToken: String? = nil) -> JSONValue {
        let definitions: [JSONValue] = columns.map {
            ["name": .string($0.name), "type": .string($0.type), "format": .string($0.format), "description": "", "priority": .int(Int64($0.priority))]
        }
        let rows: [JSONValue] = objects.map { object in
            var meta = object["metadata"] ?? .object(JSONObject())
            meta["managedFields"] = nil
            return ["cells": .array(columns.map { $0.cell(object) }),
                    "object": ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": meta]]
        }
        var listMeta: JSONObject = ["resourceVersion": .string(resourceVersion)]
        if let continueToken { listMeta["continue"] = .string(continueToken) }
        return ["kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": .object(listMeta),
                "columnDefinitions": .array(definitions), "rows": .array(rows)]
    }

    /// Kubernetes' short age: `45s`, `5m10s`, `3h`, `2d4h`.
    static func age(_ timestamp: String?) -> String {
        guard let timestamp, let date = Timestamp.parse(timestamp) else { return "<unknown>" }
        let seconds = max(0, Int(Date().timeIntervalSince(date)))
        let minutes = seconds / 60, hours = seconds / 3600, days = seconds / 86400
        if seconds < 120 { return "\(seconds)s" }
        if minutes < 10 { return seconds % 60 == 0 ? "\(minutes)m" : "\(minutes)m\(seconds % 60)s" }
        if hours < 3 { return "\(minutes)m" }
        if hours < 8 { return minutes % 60 == 0 ? "\(hours)h" : "\(hours)h\(minutes % 60)m" }
        if hours < 48 { return "\(hours)h" }
        if days < 8 { return hours % 24 == 0 ? "\(days)d" : "\(days)d\(hours % 24)h" }
        if days < 365 * 2 { return "\(days)d" }
        return "\(days / 365)y\(days % 365)d"
    }

    /// The subset of JSONPath printer columns use: `.a.b`, `.a[0]`, `.a[?(@.type=="Ready")].status`.
    static func evaluate(_ path: String, in object: JSONValue) -> JSONValue? {
        var node: JSONValue? = object
        var rest = Substring(path.trimmingCharacters(in: CharacterSet(charactersIn: "{}")))
        while !rest.isEmpty, let current = node {
            if rest.hasPrefix(".") {
                rest = rest.dropFirst()
                let key = rest.prefix { $0 != "." && $0 != "[" }
                rest = rest.dropFirst(key.count)
                node = current[String(key)]
            } else if rest.hasPrefix("[?(@.") {
                guard let close = rest.range(of: ")]") else { return nil }
                let filter = rest[rest.index(rest.startIndex, offsetBy: 5)..<close.lowerBound]
                rest = rest[close.upperBound...]
                let parts = filter.components(separatedBy: "==")
                guard parts.count == 2 else { return nil }
                let field = parts[0].trimmingCharacters(in: .whitespaces)
                let expected = parts[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                node = current.arrayValue?.first { $0[field]?.stringValue == expected }
            } else if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]"), let index = Int(rest[rest.index(after: rest.startIndex)..<close]) else { return nil }
                rest = rest[rest.index(after: close)...]
                guard let array = current.arrayValue, index >= 0, index < array.count else { return nil }
                node = array[index]
            } else {
                return nil
            }
        }
        return node
    }
}
