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

        /// A row from an object and its revision.
        public init<Object: Reconcilable>(_ object: Object, revision: String?) {
            namespace = object.metadata.namespace ?? ""
            name = object.metadata.name
            self.revision = revision ?? ""
            suspended = object.isSuspended
            let condition = object.conditions.first { $0.type == ConditionType.ready }
            ready = condition?.status.rawValue ?? "Unknown"
            message = condition?.message ?? "waiting to be reconciled"
        }
    }

    /// The rows, in the order given.
    public var rows: [Row]
    /// Whether to print the NAMESPACE column.
    public var showNamespace: Bool

    /// A table.
    public init(rows: [Row], showNamespace: Bool) {
        self.rows = rows
        self.showNamespace = showNamespace
    }

    /// The table, columns padded with spaces as kubectl pads them.
    public func render() -> String {
        var lines = [(showNamespace ? ["NAMESPACE"] : []) + ["NAME", "REVISION", "SUSPENDED", "READY", "MESSAGE"]]
        for row in rows {
            lines.append((showNamespace ? [row.namespace] : []) + [row.name, row.revision, row.suspended ? "True" : "False", row.ready, row.message])
        }
        let widths = (0..<lines[0].count).map { column in lines.map { $0[column].count }.max() ?? 0 }
        return lines.map { cells in
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index] + 3, withPad: " ", startingAt: 0)
            }.joined()
        }.joined(separator: "\n")
    }
}
