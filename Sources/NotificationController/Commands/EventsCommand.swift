import ArgumentParser
import SluiceCore
import SluiceRuntime
import SluiceStore

/// `notification-controller events [--for KIND/NAME] [-n NAMESPACE]`: the events in the store, oldest first.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "events", abstract: "List the events controllers recorded in the store.")

    @Option(name: .customLong("for"), help: "Only events about this object, KIND/NAME (such as GitRepository/app).")
    var object: String?

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "Only events about objects in this namespace.")
    var namespace: String?

    @Option(name: .customLong("limit"), help: "At most this many, the newest.")
    var limit = 100

    @OptionGroup var cluster: ClusterOptions

    func validate() throws {
        if let object, object.split(separator: "/").count != 2 { throw ValidationError("--for takes KIND/NAME, got '\(object)'") }
    }

    func run() throws {
        let store = try Store(path: cluster.storePath)
        let parts = object?.split(separator: "/").map(String.init)
        let kind = parts.flatMap { parts -> String? in
            let lower = parts[0].lowercased()
            let known = ["GitRepository", "HelmRepository", "HelmChart", "Kustomization", "HelmRelease", "Receiver", "OCIRepository", "Bucket"]
            return known.first { $0.lowercased() == lower || $0.lowercased() + "s" == lower } ?? parts[0]
        }
        let last = try store.lastEventID()
        let events = try store.events(after: max(0, last - Int64(limit) * 50), limit: Int.max, involvedKind: kind, namespace: namespace, name: parts?[1])
            .suffix(limit)
        guard !events.isEmpty else {
            print("no events found")
            return
        }
        var lines = [["TIME", "TYPE", "OBJECT", "REASON", "MESSAGE"]]
        for event in events {
            let object = event.involvedObject
            lines.append([Timestamp.rfc3339(event.timestamp), event.severity == .error ? "Warning" : "Normal",
                          "\(object.kind)/\(object.namespace.map { "\($0)/" } ?? "")\(object.name)", event.reason, event.message])
        }
        print(NotificationGetCommand.render(lines))
    }
}
