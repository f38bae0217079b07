import Foundation
import SluiceAPI
import SluiceCore

/// A plain-text table of Flux objects as `flux get` prints them: name, revision, suspended, ready, message.
public struct StatusTable {
    /// One row's cells.
    public struct Row: Sendable {
        /// The namespace.
        public var namespace: String
        /// The name.
        public var name: String
        /// The last applied or stored revision.
        public var revision: String
        /// Whether `spec.suspend` is set.
        public var suspended: Bool
        /// `Ready`'s status, or `Unknown`.
        public var ready: String
        /// `Ready`'s message.
        public var message: String
        /// When the object was created, if known (for the AGE column).
        public var created: Date?

        /// A row from an object and its revision.
        public init<Object: Reconcilable>(_ object: Object, revision: String?) {
            namespace = object.metadata.namespace ?? ""
            name = object.metadata.name
            self.revision = revision ?? ""
            suspended = object.isSuspended
            let condition = object.conditions.first { $0.type == ConditionType.ready }
            ready = condition?.status.rawValue ?? "Unknown"
            message = condition?.message ?? "waiting to be reconciled"
            created = object.metadata.creationTimestamp.flatMap(Timestamp.parse)
        }

        /// A row from an untyped object of any Flux kind; kinds without conditions (a Provider) show `True`.
        public init(object: KubeObject, revision: String?) {
            namespace = object.namespace ?? ""
            name = object.name
            self.revision = revision ?? ""
            suspended = object["spec", "suspend"]?.boolValue ?? false
            let conditions = object["status", "conditions"]?.arrayValue ?? []
            let ready = conditions.first { $0.objectValue?["type"]?.stringValue == ConditionType.ready }?.objectValue
            if let ready {
                self.ready = ready["status"]?.stringValue ?? "Unknown"
                message = ready["message"]?.stringValue ?? ""
            } else if object["status"] == nil && object.kind == "Provider" {
                self.ready = "True"
                message = "no status: providers are not reconciled"
            } else {
                self.ready = "Unknown"
                message = "waiting to be reconciled"
            }
            created = object.creationTimestamp.flatMap(Timestamp.parse)
        }
    }

    /// The rows, in the order given.
    public var rows: [Row]
    /// Whether to print the NAMESPACE column.
    public var showNamespace: Bool

    /// Whether to print the AGE column.
    public var showAge: Bool
    /// The time ages are measured to.
    public var now: Date

    /// A table.
    public init(rows: [Row], showNamespace: Bool, showAge: Bool = false, now: Date = Date()) {
        self.rows = rows
        self.showNamespace = showNamespace
        self.showAge = showAge
        self.now = now
    }

    /// A duration as kubectl's AGE column prints it: `42s`, `5m`, `3h`, `2d`.
    public static func age(_ seconds: TimeInterval) -> String {
        let seconds = max(0, Int(seconds))
        if seconds < 120 { return "\(seconds)s" }
        if seconds < 7200 { return "\(seconds / 60)m" }
        if seconds < 172_800 { return "\(seconds / 3600)h" }
        return "\(seconds / 86400)d"
    }

    /// The table, columns padded with spaces as kubectl pads them.
    public func render() -> String {
        var lines = [(showNamespace ? ["NAMESPACE"] : []) + ["NAME", "REVISION", "SUSPENDED", "READY"] + (showAge ? ["AGE"] : []) + ["MESSAGE"]]
        for row in rows {
            let age = row.created.map { Self.age(now.timeIntervalSince($0)) } ?? "<unknown>"
            lines.append((showNamespace ? [row.namespace] : []) + [row.name, row.revision, row.suspended ? "True" : "False", row.ready]
                         + (showAge ? [age] : []) + [row.message])
        }
        let widths = (0..<lines[0].count).map { column in lines.map { $0[column].count }.max() ?? 0 }
        return lines.map { cells in
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index] + 3, withPad: " ", startingAt: 0)
            }.joined()
        }.joined(separator: "\n")
    }
}
