import Synchronization

/// The authenticated requests served, by client and HTTP method, for `GET /metrics`
/// (`apiserver_request_total{client="helm-controller",method="GET"} 1234`).
///
/// The client is the product of the `User-Agent` (before the first `/`), as client-go names a process
/// (`helm-controller/v2.0.0`, `kubectl/v1.31.0 (linux/amd64) …`). Clients name themselves, so the label is cut to
/// `[A-Za-z0-9._-]`, at most 64 characters, and at most `maxClients` distinct ones are kept apart (the rest count as
/// `other`): no client can grow the table or break the exposition format.
final class APIRequestCounter: Sendable {
    /// The most distinct clients counted apart.
    static let maxClients = 32

    private struct Key: Hashable {
        var client: String
        var method: String
    }

    private struct State {
        var counts: [Key: Int] = [:]
        var clients: Set<String> = []
    }

    private let state = Mutex(State())

    /// Counts one request.
    func count(userAgent: String?, method: String) {
        var client = Self.client(userAgent)
        let method = String(method.prefix(16).filter { $0.isASCII && $0.isLetter })
        state.withLock { state in
            if !state.clients.contains(client) {
                if state.clients.count < Self.maxClients { state.clients.insert(client) } else { client = "other" }
            }
            state.counts[Key(client: client, method: method), default: 0] += 1
        }
    }

    /// The Prometheus text exposition of the counts, sorted.
    func exposition() -> String {
        let snapshot = state.withLock { $0.counts }
        var text = "# HELP apiserver_request_total Requests served, by client (User-Agent product) and HTTP method.\n"
        text += "# TYPE apiserver_request_total counter\n"
        for (key, value) in snapshot.sorted(by: { ($0.key.client, $0.key.method) < ($1.key.client, $1.key.method) }) {
            text += "apiserver_request_total{client=\"\(key.client)\",method=\"\(key.method)\"} \(value)\n"
        }
        return text
    }

    /// The label for a `User-Agent`: its product, restricted to a safe alphabet; `unknown` when there is none.
    static func client(_ userAgent: String?) -> String {
        let product = (userAgent ?? "").split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        let safe = String(product.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }.prefix(64))
        return safe.isEmpty ? "unknown" : safe
    }
}
