import ArgumentParser
import Foundation
import SluiceCore
import SluiceStore

/// `sluice events [--for KIND/NAME] [-w]`: the controllers' events from the shared store.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Show the controllers' events from the shared store; -w follows new ones.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("for"), help: "Only events about KIND/NAME, such as Kustomization/apps.")
    var target: String?

    @Flag(name: [.customShort("w"), .customLong("watch")], help: "Keep printing new events until interrupted.")
    var watch = false

    @Option(name: .customLong("limit"), help: "At most this many past events.")
    var limit = 1000

    func run() async throws {
        var kind: String?
        var name: String?
        if let target {
            let parts = target.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw CLIError("--for expects KIND/NAME, not '\(target)'", hint: "for example: --for Kustomization/apps")
            }
            kind = FluxKind(word: parts[0])?.gvk.kind ?? parts[0]
            name = parts[1]
        }
        // The CLI's namespace (flux-system unless -n says otherwise), as `flux events`; -A shows every namespace.
        let namespace = global.allNamespaces ? nil : global.namespaceWithoutCluster()
        let store = try global.openStore()
        var cursor: Int64 = 0
        let showNamespace = namespace == nil
        Terminal.out(Self.header(showNamespace: showNamespace))
        var first = true
        while true {
            let events = try store.events(after: cursor, limit: first ? max(limit, 1) : 1000,
                                          involvedKind: kind, namespace: namespace, name: name)
            first = false
            for event in events {
                Terminal.out(Self.line(event, showNamespace: showNamespace))
                cursor = max(cursor, event.id ?? cursor)
            }
            guard watch else { return }
            if events.isEmpty { try await Task.sleep(for: .milliseconds(500)) }
        }
    }

    /// The header line.
    static func header(showNamespace: Bool) -> String {
        (showNamespace ? "NAMESPACE\t" : "") + "TIME\tTYPE\tREASON\tOBJECT\tMESSAGE"
    }

    /// One event as a tab-separated line, the way `flux events` lists them.
    static func line(_ event: Event, showNamespace: Bool) -> String {
        let type = event.severity == .error ? "Warning" : "Normal"
        let object = "\(event.involvedObject.kind)/\(event.involvedObject.name)"
        let message = event.message.replacingOccurrences(of: "\n", with: " ")
        return (showNamespace ? "\(event.involvedObject.namespace ?? "")\t" : "")
            + "\(Timestamp.rfc3339(event.timestamp))\t\(type)\t\(event.reason)\t\(object)\t\(message)"
    }
}
