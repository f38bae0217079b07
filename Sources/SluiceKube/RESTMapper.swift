import SluiceCore

/// Maps kinds to resources (and back) from the API server's discovery documents.
///
/// Discovery is read per group-version and cached. A kind the cache does not
/// know makes the mapper re-read its group-version once (a CRD may have been
/// installed since) before failing with ``KubernetesError/notFound(_:)``; a discovery request that fails otherwise
/// (credentials refused, server unreachable) fails the lookup with its own error.
public actor RESTMapper {
    /// Fetches a discovery path (`/api`, `/api/v1`, `/apis`, `/apis/g/v`) and returns its JSON.
    public typealias Fetch = @Sendable (String) async throws -> JSONValue

    private let fetch: Fetch
    private var byGroupVersion: [String: [APIResource]] = [:]
    private var inFlight: [String: Task<[APIResource], any Error>] = [:]

    /// A mapper reading discovery through `fetch`.
    public init(fetch: @escaping Fetch) { self.fetch = fetch }

    /// The resource serving `gvk`, re-reading discovery once when the kind is unknown.
    public func mapping(for gvk: GroupVersionKind) async throws -> APIResource {
        if let cached = byGroupVersion[gvk.apiVersion]?.first(where: { $0.kind == gvk.kind }) { return cached }
        let fresh: [APIResource]
        do {
            fresh = try await load(groupVersion: gvk.apiVersion)
        } catch KubernetesError.notFound {
            fresh = []
        }
        // Any other failure (401, 403, a refused connection) is the answer: it is not that the kind is unknown.
        if let found = fresh.first(where: { $0.kind == gvk.kind }) { return found }
        throw KubernetesError.notFound("no matches for kind \"\(gvk.kind)\" in version \"\(gvk.apiVersion)\"")
    }

    /// Every resource of every group-version the server serves (reads all of discovery).
    public func allResources() async throws -> [APIResource] {
        try await refresh()
        return byGroupVersion.keys.sorted().flatMap { byGroupVersion[$0]! }
    }

    /// Resolves a name typed by a person (`cm`, `configmap`, `configmaps`, `ConfigMap`, `gitrepositories.source.toolkit.fluxcd.io`).
    public func resource(named text: String) async throws -> APIResource {
        let all = try await allResources()
        let lower = text.lowercased()
        let (name, group): (String, String?) = {
            guard let dot = lower.firstIndex(of: ".") else { return (lower, nil) }
            return (String(lower[..<dot]), String(lower[lower.index(after: dot)...]))
        }()
        let matches = all.filter { resource in
            (group == nil || resource.group == group)
                && (resource.name == name || resource.singularName == name || resource.kind.lowercased() == name
                    || resource.shortNames.contains(name))
        }
        guard let first = matches.first else {
            throw KubernetesError.notFound("the server doesn't have a resource type \"\(text)\"")
        }
        return first
    }

    /// Re-reads all of discovery: `/api`, `/apis` and every group-version they list.
    public func refresh() async throws {
        var groupVersions: [String] = []
        let core = try await fetch("/api")
        groupVersions += (core["versions"]?.arrayValue ?? []).compactMap(\.stringValue)
        let groups = try await fetch("/apis")
        for group in groups["groups"]?.arrayValue ?? [] {
            for version in group["versions"]?.arrayValue ?? [] {
                if let gv = version["groupVersion"]?.stringValue { groupVersions.append(gv) }
            }
        }
        var fresh: [String: [APIResource]] = [:]
        for gv in groupVersions {
            // An unavailable aggregated API must not hide the rest of discovery.
            if let resources = try? await fetchGroupVersion(gv) { fresh[gv] = resources }
        }
        byGroupVersion = fresh
    }

    /// Forgets everything (the next lookup reads discovery again).
    public func reset() { byGroupVersion = [:] }

    private func load(groupVersion gv: String) async throws -> [APIResource] {
        if let task = inFlight[gv] { return try await task.value }
        let task = Task { try await self.fetchGroupVersion(gv) }
        inFlight[gv] = task
        defer { inFlight[gv] = nil }
        let resources = try await task.value
        byGroupVersion[gv] = resources
        return resources
    }

    private func fetchGroupVersion(_ gv: String) async throws -> [APIResource] {
        let path = gv.contains("/") ? "/apis/\(gv)" : "/api/\(gv)"
        let document = try await fetch(path)
        return Self.parseResourceList(document, groupVersion: gv)
    }

    /// Reads an `APIResourceList`, skipping subresources (`pods/status`).
    static func parseResourceList(_ document: JSONValue, groupVersion: String) -> [APIResource] {
        let gv = document["groupVersion"]?.stringValue ?? groupVersion
        let parsed = GroupVersionKind(apiVersion: gv, kind: "")
        return (document["resources"]?.arrayValue ?? []).compactMap { item in
            guard let name = item["name"]?.stringValue, !name.contains("/"), let kind = item["kind"]?.stringValue else { return nil }
            return APIResource(
                group: item["group"]?.stringValue ?? parsed.group,
                version: item["version"]?.stringValue ?? parsed.version,
                kind: kind, name: name,
                singularName: item["singularName"]?.stringValue ?? "",
                namespaced: item["namespaced"]?.boolValue ?? false,
                verbs: (item["verbs"]?.arrayValue ?? []).compactMap(\.stringValue),
                shortNames: (item["shortNames"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
    }
}
