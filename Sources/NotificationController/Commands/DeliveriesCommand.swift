import ArgumentParser
import SluiceCore
import SluiceRuntime
import SluiceStore

/// `notification-controller deliveries [--failed] [--limit N]`: the newest delivery outcomes from the store.
struct DeliveriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deliveries", abstract: "List recent deliveries to providers, newest first.")

    @Flag(name: .customLong("failed"), help: "Only deliveries that failed.")
    var failed = false

    @Option(name: .customLong("limit"), help: "At most this many.")
    var limit = 50

    @OptionGroup var cluster: ClusterOptions

    func run() throws {
        let store = try Store(path: cluster.storePath)
        let deliveries = try store.deliveries(outcome: failed ? .failed : nil, limit: limit)
        guard !deliveries.isEmpty else {
            print(failed ? "no failed deliveries" : "no deliveries")
            return
        }
        var lines = [["TIME", "EVENT", "ALERT", "PROVIDER", "TYPE", "OUTCOME", "ATTEMPTS", "STATUS", "ERROR"]]
        for delivery in deliveries {
            lines.append([Timestamp.rfc3339(delivery.deliveredAt), "\(delivery.eventID)", delivery.alert, delivery.provider, delivery.providerType,
                          delivery.outcome.rawValue, "\(delivery.attempts)", delivery.statusCode.map { "\($0)" } ?? "-", delivery.error ?? ""])
        }
        print(NotificationGetCommand.render(lines))
    }
}
