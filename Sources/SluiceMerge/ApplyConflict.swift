/// A field a server-side apply would change that another manager owns.
public struct ApplyConflict: Sendable, Hashable {
    /// The other manager's name, such as `kubectl-client-side-apply`.
    public var manager: String
    /// The field, as kube-apiserver prints it: `.spec.replicas`, `.spec.template.spec.containers[name="app"].image`.
    public var field: String
    /// The other manager's operation: `Apply` or `Update`.
    public var operation: String
    /// The API version the other manager wrote with (shown for `Update` managers, as the server does).
    public var apiVersion: String

    /// A conflict with `manager` over `field`.
    public init(manager: String, field: String, operation: String = "Apply", apiVersion: String = "") {
        self.manager = manager
        self.field = field
        self.operation = operation
        self.apiVersion = apiVersion
    }

    /// The manager as kube-apiserver names it in messages: `"name"`, or `"name" using apps/v1` for an update.
    public var managerDescription: String {
        let quoted = "\"" + manager.replacingQuotes() + "\""
        return operation == "Update" && !apiVersion.isEmpty ? "\(quoted) using \(apiVersion)" : quoted
    }
}

extension String {
    /// Escapes backslashes and quotes as Go's `%q` does for plain text.
    fileprivate func replacingQuotes() -> String {
        var out = ""
        for character in self {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.append(character)
            }
        }
        return out
    }
}
