import Foundation
import Logging
import SluiceCore
import SluiceKube
import SluiceTestSupport
import Synchronization
import Testing
@testable import SluiceRuntime

/// ``DependentsWatcher`` against a real `sluice cluster serve`, watching ConfigMaps: which changes reach the
/// dependents mapping, in the order the watch delivers them (so a change wrongly reported shows up in the sequence,
/// without waiting for anything not to happen).
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice"), "needs the built `sluice`"))
struct DependentsWatcherTests {
    static let configMaps = GroupVersionKind(group: "", version: "v1", kind: "ConfigMap")

    /// The batches of changed keys the watcher reported, in order.
    final class Reported: Sendable {
        private let batches = Mutex<[[String]]>([])
        var all: [[String]] { batches.withLock { $0 } }
        func add(_ keys: Set<ObjectKey>) { batches.withLock { $0.append(keys.map(\.name).sorted()) } }
    }

    static func configMap(_ name: String, data: [String: String] = [:], labels: [String: String] = [:]) -> KubeObject {
        var object = KubeObject(apiVersion: "v1", kind: "ConfigMap", name: name, namespace: "default")
        object["data"] = .object(JSONObject(data.map { ($0.key, JSONValue.string($0.value)) }))
        object["metadata", "labels"] = .object(JSONObject(labels.map { ($0.key, JSONValue.string($0.value)) }))
        return object
    }

    /// Runs a watcher of ConfigMaps until the returned task is cancelled, recording what it reports.
    static func start(_ client: KubernetesClient, queue: WorkQueue<ObjectKey>, reported: Reported, queuesFirstList: Bool, queuesDeletions: Bool,
                      fingerprint: @escaping @Sendable (KubeObject) -> String?) -> Task<Void, any Error>
    {
        var logger = Logger(label: "dependents-watcher")
        logger.logLevel = .error
        let watcher = DependentsWatcher(api: client, kind: configMaps, namespace: "default", queue: queue, logger: logger,
                                        queuesFirstList: queuesFirstList, queuesDeletions: queuesDeletions, fingerprint: fingerprint)
        { _, changed in
            reported.add(changed)
            return changed.map { ObjectKey(namespace: $0.namespace, name: "dependent-of-\($0.name)") }
        }
        return Task { try await watcher.run() }
    }

    @Test func anArtifactStyleWatcherReportsExistingAndChangedFingerprintsOnlyNotOtherChangesOrDeletions() async throws {
        let cluster = try await LocalCluster()
        defer { cluster.stopNow() }
        let client = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:])))
        _ = try await client.create(Self.configMap("a", data: ["digest": "1"]))
        let queue = WorkQueue<ObjectKey>()
        let reported = Reported()
        let task = Self.start(client, queue: queue, reported: reported, queuesFirstList: true, queuesDeletions: false) {
            $0["data", "digest"]?.stringValue
        }
        defer { task.cancel() }

        // The first list reports what already has a fingerprint, and its dependent is queued.
        try await eventually { reported.all == [["a"]] }
        #expect(await queue.next() == ObjectKey(namespace: "default", name: "dependent-of-a"))

        // A label change, a new object without a fingerprint and a deletion report nothing; a new fingerprint does.
        _ = try await client.mergePatch(Self.configMaps, namespace: "default", name: "a", patch: ["metadata": ["labels": ["x": "y"]]], subresource: nil)
        _ = try await client.create(Self.configMap("b"))
        _ = try await client.delete(Self.configMaps, namespace: "default", name: "a")
        _ = try await client.mergePatch(Self.configMaps, namespace: "default", name: "b", patch: ["data": ["digest": "2"]], subresource: nil)
        try await eventually { reported.all.count >= 2 }
        #expect(reported.all == [["a"], ["b"]])
    }

    @Test func aSecretStyleWatcherTakesTheFirstListAsBaselineAndReportsChangesAndDeletions() async throws {
        let cluster = try await LocalCluster()
        defer { cluster.stopNow() }
        let client = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:])))
        _ = try await client.create(Self.configMap("quiet", data: ["token": "one"]))
        _ = try await client.create(Self.configMap("probe"))
        _ = try await client.create(Self.configMap("x", data: ["token": "one"]))
        let queue = WorkQueue<ObjectKey>()
        let reported = Reported()
        let task = Self.start(client, queue: queue, reported: reported, queuesFirstList: false, queuesDeletions: true) { $0.resourceVersion ?? "" }
        defer { task.cancel() }

        // The probe is changed until its change is reported, so the watch runs; nothing of the first list was.
        var round = 0
        try await eventually {
            round += 1
            _ = try await client.mergePatch(Self.configMaps, namespace: "default", name: "probe", patch: ["data": ["round": .string("\(round)")]], subresource: nil)
            try await Task.sleep(for: .milliseconds(200))
            return !reported.all.isEmpty
        }
        // A change, then a deletion, each reported (after every probe change, as the watch delivers them in order).
        _ = try await client.mergePatch(Self.configMaps, namespace: "default", name: "x", patch: ["data": ["token": "two"]], subresource: nil)
        try await eventually { reported.all.last == ["x"] }
        let count = reported.all.count
        _ = try await client.delete(Self.configMaps, namespace: "default", name: "x")
        try await eventually { reported.all.count > count }
        #expect(reported.all.last == ["x"] && reported.all.count == count + 1, "\(reported.all)")
        #expect(Set(reported.all.flatMap { $0 }) == ["probe", "x"], "\(reported.all)")
        #expect(await queue.next() == ObjectKey(namespace: "default", name: "dependent-of-probe"))
    }
}
