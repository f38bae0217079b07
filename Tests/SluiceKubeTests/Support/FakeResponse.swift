import SluiceCore

/// What the fake API server answers.
struct FakeResponse: Sendable {
    var status: Int
    var headers: [(String, String)] = []
    /// Body chunks, written one after another with `chunkDelay` between them (a watch stream).
    var chunks: [[UInt8]]
    var chunkDelay: Duration = .milliseconds(20)

    static func json(_ value: JSONValue, status: Int = 200, headers: [(String, String)] = []) -> FakeResponse {
        FakeResponse(status: status, headers: [("Content-Type", "application/json")] + headers, chunks: [JSONSerializer().bytes(value)])
    }

    /// A Kubernetes `Status` failure.
    static func status(_ code: Int, reason: String, message: String, causes: [JSONValue] = [], headers: [(String, String)] = []) -> FakeResponse {
        var status: JSONValue = ["kind": "Status", "apiVersion": "v1", "status": "Failure", "message": .string(message),
                                 "reason": .string(reason), "code": .int(Int64(code))]
        if !causes.isEmpty { status["details"] = ["causes": .array(causes)] }
        return .json(status, status: code, headers: headers)
    }

    /// A watch stream: one JSON line per event, split into chunks at awkward places.
    static func watch(_ events: [JSONValue]) -> FakeResponse {
        var bytes: [UInt8] = []
        for event in events { bytes += JSONSerializer().bytes(event) + [UInt8(ascii: "\n")] }
        // Chunk boundaries that do not line up with events, as real proxies do.
        var chunks: [[UInt8]] = []
        var index = 0
        var size = 7
        while index < bytes.count {
            let end = min(bytes.count, index + size)
            chunks.append(Array(bytes[index..<end]))
            index = end
            size = size * 3 % 97 + 5
        }
        return FakeResponse(status: 200, headers: [("Content-Type", "application/json")], chunks: chunks, chunkDelay: .milliseconds(2))
    }
}
