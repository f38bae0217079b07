import SluiceCore

/// What a `DELETE` asked for, from its body or query.
struct DeleteOptions: Sendable {
    enum Propagation: String, Sendable {
        case foreground = "Foreground", background = "Background", orphan = "Orphan"
    }

    var propagation: Propagation?
    var preconditionUID: String?
    var preconditionResourceVersion: String?
    var gracePeriodSeconds: Int64?
    var dryRun = false

    /// Options read from a `DeleteOptions` body (if any) and the query (which the body overrides).
    init(body: JSONValue?, query: [String: String]) throws(APIError) {
        let policy = body?["propagationPolicy"]?.stringValue ?? query["propagationPolicy"]
        if let policy {
            guard let value = Propagation(rawValue: policy) else {
                throw .badRequest("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"\(policy)\": supported values: \"Foreground\", \"Background\", \"Orphan\"")
            }
            propagation = value
        } else if let orphan = body?["orphanDependents"]?.boolValue ?? query["orphanDependents"].map({ QueryFlag.isSet($0) }) {
            propagation = orphan ? .orphan : .background
        }
        preconditionUID = body?[path: ["preconditions", "uid"]]?.stringValue
        preconditionResourceVersion = body?[path: ["preconditions", "resourceVersion"]]?.stringValue
        gracePeriodSeconds = body?["gracePeriodSeconds"]?.intValue ?? query["gracePeriodSeconds"].flatMap { Int64($0) }
        let dry = body?["dryRun"]?.arrayValue?.compactMap(\.stringValue) ?? []
        dryRun = dry.contains("All") || query["dryRun"] == "All"
    }
}
