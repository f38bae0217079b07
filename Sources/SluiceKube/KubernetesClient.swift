import Logging
import NIOHTTP1
import SluiceCore

/// A client of the Kubernetes API: a real cluster, or Sluice's embedded server.
///
/// Requests are paced by a token bucket (``ClientConfiguration/qps`` and
/// ``ClientConfiguration/burst``), retried after `Retry-After` on `429`, and
/// resolved from kinds to URLs through a ``RESTMapper`` fed by discovery.
/// Non-2xx responses become ``KubernetesError``s. Credentials are never logged.
///
/// The verbs live in `KubernetesClient+Verbs.swift`, watches in
/// `KubernetesClient+Watch.swift`, the HTTP exchange in `KubernetesTransport.swift`.
public final class KubernetesClient: KubernetesAPI, Sendable {
    /// The configuration the client was made from.
    public var configuration: ClientConfiguration { transport.configuration }
    /// Kind-to-resource mapping from discovery.
    public let mapper: RESTMapper
    /// Sends requests: rate limit, credentials, TLS, retries, error mapping.
    let transport: KubernetesTransport

    /// A client for `configuration`.
    ///
    /// - Parameters:
    ///   - configuration: Where the server is and how to reach it.
    ///   - logger: Where request summaries go (at `debug`); never credentials.
    ///   - maxRetries: How many times a `429` is retried after its `Retry-After` before it is thrown.
    public init(configuration: ClientConfiguration, logger: Logger = Logger(label: "sluice.kube"), maxRetries: Int = 5) throws {
        let transport = try KubernetesTransport(configuration: configuration, logger: logger, maxRetries: maxRetries)
        self.transport = transport
        mapper = RESTMapper { path in try await transport.requestJSON(method: .GET, path: path) }
    }

    /// A client over an existing transport and mapper (``impersonating(user:groups:)``).
    init(transport: KubernetesTransport, mapper: RESTMapper) {
        self.transport = transport
        self.mapper = mapper
    }

    /// Finds the configuration (see ``ClientConfiguration/load(kubeconfig:context:environment:)``) and makes a client.
    public convenience init(kubeconfig: String? = nil, context: String? = nil, logger: Logger = Logger(label: "sluice.kube")) throws {
        try self.init(configuration: ClientConfiguration.load(kubeconfig: kubeconfig, context: context), logger: logger)
    }

    func requestJSON(method: HTTPMethod, path: String, query: QueryItems = QueryItems(), body: JSONValue? = nil,
                     contentType: String? = nil) async throws -> JSONValue
    {
        try await transport.requestJSON(method: method, path: path, query: query, body: body, contentType: contentType)
    }

    // MARK: KubernetesAPI

    /// The object, or `nil` when it does not exist (an unknown kind still throws).
    public func get(_ gvk: GroupVersionKind, namespace: String?, name: String) async throws -> KubeObject? {
        let resource = try await mapper.mapping(for: gvk)
        do {
            return try await object(from: requestJSON(method: .GET, path: resource.objectPath(namespace: namespace, name: name)), gvk: gvk)
        } catch KubernetesError.notFound {
            return nil
        }
    }

    /// Every object of a kind, following `continue` pages.
    public func list(_ gvk: GroupVersionKind, namespace: String?) async throws -> ObjectList {
        try await listAll(gvk, namespace: namespace)
    }

    /// Changes after `resourceVersion`, with bookmarks; ends with ``KubernetesError/gone(_:)`` when the version is too old.
    public func watch(_ gvk: GroupVersionKind, namespace: String?, resourceVersion: String) -> AsyncThrowingStream<WatchEvent, any Error> {
        watch(gvk, namespace: namespace, options: WatchOptions(resourceVersion: resourceVersion))
    }

    /// Applies a JSON merge patch to the object or its status.
    public func mergePatch(_ gvk: GroupVersionKind, namespace: String?, name: String, patch: JSONValue, subresource: Subresource?) async throws -> KubeObject {
        try await self.patch(gvk, namespace: namespace, name: name, patch: patch, type: .merge, subresource: subresource)
    }

    /// Turns a response body into an object, filling in `apiVersion` and `kind` when the server left them out (list items).
    func object(from value: JSONValue, gvk: GroupVersionKind) throws -> KubeObject {
        guard var root = value.objectValue else {
            throw KubernetesError.other(code: 0, "expected an object, got \(value.typeName)")
        }
        if root["apiVersion"]?.stringValue?.isEmpty ?? true { root["apiVersion"] = .string(gvk.apiVersion) }
        if root["kind"]?.stringValue?.isEmpty ?? true { root["kind"] = .string(gvk.kind) }
        return KubeObject(root)
    }
}
