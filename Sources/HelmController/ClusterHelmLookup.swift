import Dispatch
import SluiceCore
import SluiceHelm
import SluiceKube
import Synchronization

/// What a chart's `lookup` reads: the live cluster, through the controller's client, as Helm's
/// `engine.NewLookupFunction` does.
///
/// An object (or, with an empty name, the list of a kind: `{apiVersion, kind: KindList, metadata, items}`) is returned
/// as it is served; one that does not exist is an empty map. A kind the server does not serve in a group-version it
/// does serve is not found either (Helm's request for an empty resource name gets a 404); a group-version the server
/// does not serve fails the render with Helm's `unable to get apiresource from unstructured: …`.
///
/// ``HelmLookup`` is synchronous and is called on the chart engine's own render thread, never on a thread of the
/// cooperative pool: each lookup runs as a task while that thread waits, at most ``timeout`` (a cluster that does
/// not answer fails the render rather than holding its thread).
struct ClusterHelmLookup: HelmLookup {
    /// The cluster.
    let client: KubernetesClient
    /// How long one lookup may take.
    var timeout: Duration = .seconds(30)

    func lookup(apiVersion: String, kind: String, namespace: String, name: String) throws -> JSONObject {
        let outcome = Mutex<Result<JSONObject, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let task = Task { [client] in
            let result: Result<JSONObject, any Error>
            do {
                result = .success(try await Self.read(client: client, apiVersion: apiVersion, kind: kind, namespace: namespace, name: name))
            } catch {
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
            done.signal()
        }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        guard done.wait(timeout: .now() + seconds) == .success else {
            task.cancel()
            throw LookupError(description: "lookup of \(kind) \(namespace.isEmpty ? "" : namespace + "/")\(name) timed out after \(timeout)")
        }
        return try outcome.withLock { $0! }.get()
    }

    /// The object, the list, or an empty map, as Helm's lookup function answers.
    static func read(client: KubernetesClient, apiVersion: String, kind: String, namespace: String, name: String) async throws -> JSONObject {
        let gvk = GroupVersionKind(apiVersion: apiVersion, kind: kind)
        let resource: APIResource
        do {
            resource = try await client.mapper.mapping(for: gvk)
        } catch KubernetesError.notFound {
            let served = try await client.mapper.allResources().contains { $0.gvk.apiVersion == gvk.apiVersion }
            if served { return JSONObject() }
            throw LookupError(description: "unable to get apiresource from unstructured: \(gvk.group)/\(gvk.version), Kind=\(kind): the server could not find the requested resource")
        }
        let scope = resource.namespaced && !namespace.isEmpty ? namespace : nil
        if !name.isEmpty {
            return try await client.get(gvk, namespace: scope, name: name)?.root ?? JSONObject()
        }
        let list: ObjectList
        do {
            list = try await client.listAll(gvk, namespace: scope)
        } catch KubernetesError.notFound {
            return JSONObject()
        }
        return [
            "apiVersion": .string(apiVersion),
            "kind": .string(kind + "List"),
            "metadata": ["resourceVersion": .string(list.resourceVersion)],
            "items": .array(list.items.map { .object($0.root) }),
        ]
    }

    /// A lookup the cluster did not answer in time, or of a group-version it does not serve.
    struct LookupError: Error, CustomStringConvertible {
        var description: String
    }
}
