import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import SluiceCore

extension KubernetesClient {
    /// Streams changes to objects of a kind as the server reports them.
    ///
    /// The server's chunked, newline-delimited `{"type":…,"object":…}` events
    /// become ``WatchEvent``s. An `ERROR` event (or an HTTP error) ends the
    /// stream with its ``KubernetesError``, ``KubernetesError/gone(_:)`` for a
    /// resource version that is too old. The stream also ends, without error,
    /// when the server closes it (after `timeoutSeconds`); reconnecting is the
    /// caller's job (see ``Informer``).
    public func watch(_ gvk: GroupVersionKind, namespace: String?, options: WatchOptions) -> AsyncThrowingStream<WatchEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<WatchEvent, any Error>.makeStream()
        let task = Task {
            do {
                try await self.runWatch(gvk, namespace: namespace, options: options, continuation: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Streams changes with the common options spelled out.
    public func watch(_ gvk: GroupVersionKind, namespace: String?, resourceVersion: String?, labelSelector: String? = nil,
                      allowBookmarks: Bool = true, timeoutSeconds: Int? = nil) -> AsyncThrowingStream<WatchEvent, any Error>
    {
        watch(gvk, namespace: namespace, options: WatchOptions(resourceVersion: resourceVersion, labelSelector: labelSelector,
                                                               allowBookmarks: allowBookmarks, timeoutSeconds: timeoutSeconds))
    }

    private func runWatch(_ gvk: GroupVersionKind, namespace: String?, options: WatchOptions,
                          continuation: AsyncThrowingStream<WatchEvent, any Error>.Continuation) async throws
    {
        let resource = try await mapper.mapping(for: gvk)
        var query = QueryItems()
        query.add("watch", "true")
        query.add("resourceVersion", options.resourceVersion.flatMap { $0.isEmpty ? nil : $0 })
        query.add("labelSelector", options.labelSelector.flatMap { $0.isEmpty ? nil : $0 })
        query.add("fieldSelector", options.fieldSelector.flatMap { $0.isEmpty ? nil : $0 })
        if options.allowBookmarks { query.add("allowWatchBookmarks", "true") }
        query.add("timeoutSeconds", options.timeoutSeconds.map(String.init))
        let response = try await transport.stream(path: resource.collectionPath(namespace: namespace), query: query)
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let body = try await response.body.collect(upTo: 1 << 20)
            throw KubernetesError.from(statusCode: status, body: Array(buffer: body), retryAfter: response.headers.first(name: "Retry-After"))
        }
        var splitter = LineSplitter()
        for try await chunk in response.body {
            for line in try splitter.feed(chunk.readableBytesView) {
                continuation.yield(try decodeEvent(line, gvk: gvk))
            }
        }
        if let last = splitter.finish() { continuation.yield(try decodeEvent(last, gvk: gvk)) }
    }

    /// Decodes one watch line; an `ERROR` event throws its Status as a ``KubernetesError``.
    func decodeEvent(_ line: [UInt8], gvk: GroupVersionKind) throws -> WatchEvent {
        let value: JSONValue
        do {
            value = try JSONParser().parse(line)
        } catch {
            throw KubernetesError.other(code: 0, "invalid watch event: \(error)")
        }
        let type = value["type"]?.stringValue ?? ""
        let object = value["object"] ?? .null
        if type == "ERROR" { throw KubernetesError.from(status: object) }
        guard let eventType = WatchEvent.EventType(rawValue: type) else {
            throw KubernetesError.other(code: 0, "unknown watch event type \"\(type)\"")
        }
        return WatchEvent(type: eventType, object: try self.object(from: object, gvk: gvk))
    }
}
