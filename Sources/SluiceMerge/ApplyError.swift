/// Why a server-side apply failed.
public enum ApplyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Fields owned by other managers would change; apply again with `force` to take them.
    case conflicts([ApplyConflict])
    /// The configuration is malformed (wrong type, missing list-map key, duplicate element, ...).
    case invalid(String)

    /// The message kube-apiserver gives for the same failure.
    public var description: String {
        switch self {
        case .invalid(let message):
            return message
        case .conflicts(let conflicts):
            if conflicts.count == 1, let only = conflicts.first {
                return "Apply failed with 1 conflict: conflict with \(only.managerDescription): \(only.field)"
            }
            // Grouped by manager, managers sorted, as the server's getConflictMessage.
            var order: [String] = []
            var byManager: [String: (description: String, fields: [String])] = [:]
            for conflict in conflicts {
                let id = "\(conflict.manager)\u{0}\(conflict.operation)\u{0}\(conflict.apiVersion)"
                if byManager[id] == nil {
                    order.append(id)
                    byManager[id] = (conflict.managerDescription, [])
                }
                byManager[id]!.fields.append(conflict.field)
            }
            var lines: [String] = []
            for id in order.sorted() {
                let group = byManager[id]!
                lines.append("conflicts with \(group.description):")
                lines.append(contentsOf: group.fields.map { "- \($0)" })
            }
            return "Apply failed with \(conflicts.count) conflicts: " + lines.joined(separator: "\n")
        }
    }
}
