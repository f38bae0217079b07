import Foundation
import SluiceTestSupport
import Synchronization

/// Many raw connections to one server, each sending a prefix as fast as the server takes it and then a trickle: a byte per
/// connection per round, forever. A pump thread of its own does the sending (never a cooperative thread); a connection
/// counts as closed once the server has closed it (a send fails).
final class SlowClientFlood: Sendable {
    /// One connection's bytes: `prefix` sent as fast as accepted, then `trickle` a byte a round, cycled.
    struct Plan: Sendable {
        var prefix: [UInt8]
        var trickle: [UInt8]
    }

    private final class Client: @unchecked Sendable {
        let connection: RawConnection
        let plan: Plan
        var sent = 0
        var trickled = 0
        var closed = false
        init(connection: RawConnection, plan: Plan) {
            self.connection = connection
            self.plan = plan
        }
    }

    /// What the pump thread and the test share.
    private final class Shared: Sendable {
        let stopping = Mutex(false)
        let closed = Mutex(0)
        let finished = Mutex(false)
    }

    private let clients: [Client]
    private let shared = Shared()

    /// Connects every plan to `port`; the pump starts at once.
    init(port: Int, plans: [Plan], round: Duration = .milliseconds(100)) throws {
        clients = try plans.map { Client(connection: try RawConnection(port: port), plan: $0) }
        let clients = self.clients, shared = self.shared
        let pause = Double(round.components.seconds) + Double(round.components.attoseconds) / 1e18
        Thread.detachNewThread {
            while !shared.stopping.withLock({ $0 }) {
                for client in clients where !client.closed {
                    var result: Int?
                    if client.sent < client.plan.prefix.count {
                        result = client.connection.sendWithoutWaiting(client.plan.prefix[client.sent...])
                        client.sent += result ?? 0
                    } else if !client.plan.trickle.isEmpty {
                        let index = client.trickled % client.plan.trickle.count
                        result = client.connection.sendWithoutWaiting(client.plan.trickle[index...index])
                        client.trickled += result ?? 0
                    } else {
                        result = 0
                    }
                    if result == nil {
                        client.closed = true
                        shared.closed.withLock { $0 += 1 }
                    }
                }
                Thread.sleep(forTimeInterval: pause)
            }
            shared.finished.withLock { $0 = true }
        }
    }

    /// How many connections the server has closed.
    var closed: Int { shared.closed.withLock { $0 } }

    /// How many connections there are.
    var count: Int { clients.count }

    /// Stops the pump and waits for it (polling, so no thread blocks); the connections close when the flood is released.
    func stop() async {
        shared.stopping.withLock { $0 = true }
        while !shared.finished.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(20)) }
    }
}
