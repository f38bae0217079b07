import Foundation
import Logging
import SluiceApply
import SluiceCore
import SluiceHelm
import SluiceKube

extension HelmActionRunner {
    /// The label Helm marks its objects with.
    static let managedByLabel = "app.kubernetes.io/managed-by"
    /// The release an object belongs to.
    static let releaseNameAnnotation = "meta.helm.sh/release-name"
    /// The namespace of the release an object belongs to.
    static let releaseNamespaceAnnotation = "meta.helm.sh/release-namespace"
    /// `helm.sh/resource-policy: keep` leaves an object in place on uninstall and when an upgrade drops it.
    static let resourcePolicyAnnotation = "helm.sh/resource-policy"

    /// The objects of `manifest` (documents `---` separated, `List`s expanded), placed as Helm's client builds them:
    /// a namespaced object without a namespace goes to `namespace`, a cluster-scoped one has none.
    ///
    /// - Throws: ``ActionFailure`` naming the document, when one is not an object with `apiVersion` and `kind`, or its
    ///   kind is not served (`ensure CRDs are installed first`).
    func objects(of manifest: String, namespace: String) async throws -> [KubeObject] {
        var objects: [KubeObject] = []
        for document in ReleaseManifests.documents(manifest) {
            let source = document.split(separator: "\n", maxSplits: 1).first.flatMap {
                $0.hasPrefix("# Source: ") ? String($0.dropFirst("# Source: ".count)) : nil
            } ?? ""
            let parsed: [YAMLReader.Document]
            do {
                parsed = try YAMLReader().documents(document, source: source.isEmpty ? nil : source)
            } catch {
                throw ActionFailure("error parsing \(source.isEmpty ? "manifest" : source): \(error)")
            }
            for value in parsed.map(\.value) {
                if value == .null { continue }
                guard case .object(let root) = value else {
                    throw ActionFailure("error parsing \(source): expected an object, got \(value.typeName)")
                }
                let object = KubeObject(root)
                if object.kind.hasSuffix("List"), let items = root["items"]?.arrayValue {
                    for item in items { if case .object(let member) = item { objects.append(KubeObject(member)) } }
                } else {
                    objects.append(object)
                }
            }
        }
        var placed: [KubeObject] = []
        for var object in objects {
            guard !object.apiVersion.isEmpty, !object.kind.isEmpty else {
                throw ActionFailure("error validating data: apiVersion and kind must be set (\(object.name.isEmpty ? "unnamed object" : object.name))")
            }
            let resource: APIResource
            do {
                resource = try await client.mapper.mapping(for: object.gvk)
            } catch KubernetesError.notFound {
                throw ActionFailure("resource mapping not found for name: \(GoQuote.quote(object.name)) namespace: "
                    + "\(GoQuote.quote(object.namespace ?? "")) from \"\": no matches for kind \(GoQuote.quote(object.kind)) in version "
                    + "\(GoQuote.quote(object.apiVersion))\nensure CRDs are installed first")
            }
            if resource.namespaced {
                if object.namespace == nil { object.namespace = namespace }
            } else {
                object.namespace = nil
            }
            placed.append(object)
        }
        return placed
    }

    /// `object` marked as the release's: Helm's label and annotations (`setMetadataVisitor`).
    static func owned(_ object: KubeObject, release: String, namespace: String) -> KubeObject {
        var object = object
        object.labels[managedByLabel] = "Helm"
        object.annotations[releaseNameAnnotation] = release
        object.annotations[releaseNamespaceAnnotation] = namespace
        return object
    }

    /// Why the live object `live` does not belong to release `release` in `namespace`, in Helm's words
    /// (`checkOwnership`), or nil when it does.
    static func ownershipProblem(_ live: KubeObject, release: String, namespace: String) -> String? {
        var problems: [String] = []
        func require(_ map: [String: String], _ key: String, _ value: String, _ what: String) {
            guard let actual = map[key] else {
                problems.append("\(what) validation error: missing key \(GoQuote.quote(key)): must be set to \(GoQuote.quote(value))")
                return
            }
            if actual != value {
                problems.append("\(what) validation error: key \(GoQuote.quote(key)) must equal \(GoQuote.quote(value)): current value is \(GoQuote.quote(actual))")
            }
        }
        require(live.labels, managedByLabel, "Helm", "label")
        require(live.annotations, releaseNameAnnotation, release, "annotation")
        require(live.annotations, releaseNamespaceAnnotation, namespace, "annotation")
        return problems.isEmpty ? nil : "invalid ownership metadata; " + problems.joined(separator: "; ")
    }

    /// `Kind "name" in namespace "ns"`, as Helm names an object in errors.
    static func describe(_ object: KubeObject) -> String {
        "\(object.kind) \(GoQuote.quote(object.name)) in namespace \(GoQuote.quote(object.namespace ?? ""))"
    }

    /// `apiVersion/Kind/namespace/name`: an object's identity across manifests (Helm's `objectKey`).
    static func key(_ object: KubeObject) -> String {
        "\(object.apiVersion)/\(object.kind)/\(object.namespace ?? "")/\(object.name)"
    }

    /// Helm's `existingResourceConflict`: every object of `objects` that exists must already belong to the release.
    func checkOwnership(_ objects: [KubeObject], release: String, namespace: String) async throws {
        for object in objects where !object.name.isEmpty {
            guard let live = try await client.get(object.gvk, namespace: object.namespace, name: object.name) else { continue }
            if let problem = Self.ownershipProblem(live, release: release, namespace: namespace) {
                throw ActionFailure("\(Self.describe(object)) exists and cannot be imported into the current release: \(problem)")
            }
        }
    }

    /// Creates or changes `object` in the cluster: a server-side apply that takes conflicting fields (Flux forces
    /// conflicts), or without `serverSideApply` a create, or a merge patch of an existing object. With `force` an
    /// object whose change the server refuses in place is deleted and created anew.
    ///
    /// - Returns: Whether the object was created (it did not exist).
    @discardableResult
    func put(_ object: KubeObject, serverSideApply: Bool, force: Bool, deadline: ActionDeadline) async throws -> Bool {
        let live = try await client.get(object.gvk, namespace: object.namespace, name: object.name)
        do {
            try await write(object, live: live, serverSideApply: serverSideApply)
        } catch where force && live != nil && ResourceApplier.isImmutableError(error) {
            // Helm's force: replace what the server refuses to change in place.
            try await client.delete(object.gvk, namespace: object.namespace, name: object.name, propagationPolicy: .background)
            try await waitUntilGone([object], deadline: deadline)
            do {
                try await write(object, live: nil, serverSideApply: serverSideApply)
            } catch {
                throw Self.writeFailure(object, existed: false, serverSideApply: serverSideApply, error)
            }
        } catch {
            throw Self.writeFailure(object, existed: live != nil, serverSideApply: serverSideApply, error)
        }
        return live == nil
    }

    private func write(_ object: KubeObject, live: KubeObject?, serverSideApply: Bool) async throws {
        if serverSideApply {
            try await client.apply(object, fieldManager: fieldManager, force: true)
        } else if live == nil {
            try await client.create(object, fieldManager: fieldManager)
        } else {
            try await client.patch(object.gvk, namespace: object.namespace, name: object.name, patch: object.value, type: .merge,
                                   fieldManager: fieldManager)
        }
    }

    /// A failed write in the words of Helm's client.
    private static func writeFailure(_ object: KubeObject, existed: Bool, serverSideApply: Bool, _ error: any Error) -> ActionFailure {
        let message = ActionFailure.text(error)
        if serverSideApply {
            let gvk = object.gvk.group.isEmpty ? "/\(object.gvk.version), Kind=\(object.kind)" : "\(object.apiVersion), Kind=\(object.kind)"
            return ActionFailure("server-side apply failed for object \(object.namespace ?? "")/\(object.name) \(gvk): \(message)")
        }
        if !existed { return ActionFailure("failed to create resource: \(message)") }
        return ActionFailure("cannot patch \(GoQuote.quote(object.name)) with kind \(object.kind): \(message)")
    }

    /// Deletes `object` (a missing one is not an error). - Returns: whether it was there.
    @discardableResult
    func remove(_ object: KubeObject, propagation: PropagationPolicy = .background) async throws -> Bool {
        do {
            try await client.delete(object.gvk, namespace: object.namespace, name: object.name, propagationPolicy: propagation)
            return true
        } catch KubernetesError.notFound {
            return false
        }
    }

    /// Polls until none of `objects` exists, within the deadline (Helm's `WaitForDelete`).
    func waitUntilGone(_ objects: [KubeObject], deadline: ActionDeadline) async throws {
        for object in objects {
            while try await client.get(object.gvk, namespace: object.namespace, name: object.name) != nil {
                guard deadline.remaining > .zero else {
                    throw ActionFailure("\(object.displayName) termination timeout: context deadline exceeded")
                }
                try await Task.sleep(for: min(pollInterval, deadline.remaining))
            }
        }
    }

    /// Waits for the release's objects to become healthy by kstatus (Helm 4's and Flux's waiter): paused Deployments
    /// are not waited for, nor Jobs unless `waitForJobs`.
    func waitForHealth(_ objects: [KubeObject], waitForJobs: Bool, deadline: ActionDeadline) async throws {
        let targets = objects.filter { object in
            if object.gvk.group == "apps", object.kind == "Deployment", object["spec", "paused"]?.boolValue == true { return false }
            if object.gvk.group == "batch", object.kind == "Job", !waitForJobs { return false }
            return true
        }
        guard !targets.isEmpty else { return }
        switch try await HealthChecker(client: client, pollInterval: pollInterval).wait(for: targets, timeout: deadline.remaining) {
        case .healthy: return
        case .unhealthy(let message): throw ActionFailure(message)
        }
    }

    /// The release's objects that `helm.sh/resource-policy: keep` leaves in place.
    static func isKept(_ object: KubeObject) -> Bool {
        object.annotations[resourcePolicyAnnotation]?.trimmingCharacters(in: .whitespaces).lowercased() == "keep"
    }
}
