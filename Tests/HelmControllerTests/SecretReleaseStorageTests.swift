import Foundation
import HelmController
import SluiceArchive
import SluiceCore
import SluiceKube
import SluiceTestSupport
import Testing

/// ``SecretReleaseStorage`` against a real `sluice cluster serve`, checked with the real kubectl.
@Suite struct SecretReleaseStorageTests {
    /// A fresh cluster with namespace `apps`, a client and a storage over `apps`.
    static func withStorage(_ body: (LocalCluster, SecretReleaseStorage) async throws -> Void) async throws {
        let cluster = try await LocalCluster()
        defer { cluster.stopNow() }
        try await cluster.kubectl(["create", "namespace", "apps"])
        let client = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:])))
        try await body(cluster, SecretReleaseStorage(client: client, namespace: "apps"))
    }

    static func record(_ version: Int, _ status: HelmReleaseStatusValue, name: String = "web") -> HelmReleaseRecord {
        HelmReleaseRecord(name: name, info: HelmReleaseInfo(firstDeployed: "2026-12-01T09:30:15.5Z", lastDeployed: "2026-12-01T09:30:15.5Z",
                                                            description: "revision \(version)", status: status),
                          config: ["replicas": .int(Int64(version))], manifest: "---\n# Source: web/templates/cm.yaml\nkind: ConfigMap\n",
                          version: version, namespace: "apps", labels: ["team": "blue"], applyMethod: "ssa")
    }

    /// The Secrets labelled `owner=helm`, as kubectl lists them.
    static func helmSecrets(_ cluster: LocalCluster) async throws -> [JSONValue] {
        let list = try JSONParser().parse(try await cluster.kubectl(["get", "secret", "-n", "apps", "-l", "owner=helm", "-o", "json"]))
        return list["items"]?.arrayValue ?? []
    }

    static func storageError(_ body: () async throws -> Void) async -> ReleaseStorageError? {
        do { try await body() } catch let error as ReleaseStorageError { return error } catch { return nil }
        return nil
    }

    @Test func storesRevisionsAsHelmsSecrets() async throws {
        try await Self.withStorage { cluster, storage in
            try await storage.create(Self.record(1, .superseded))
            try await storage.create(Self.record(2, .deployed))
            try await storage.create(Self.record(1, .deployed, name: "other"))

            let secrets = try await Self.helmSecrets(cluster)
            #expect(secrets.compactMap { $0[path: ["metadata", "name"]]?.stringValue }.sorted()
                == ["sh.helm.release.v1.other.v1", "sh.helm.release.v1.web.v1", "sh.helm.release.v1.web.v2"])
            let second = try #require(secrets.first { $0[path: ["metadata", "name"]] == "sh.helm.release.v1.web.v2" })
            #expect(second["type"] == "helm.sh/release.v1")
            let labels = try #require(second[path: ["metadata", "labels"]]?.objectValue)
            #expect(labels.keys.sorted() == ["createdAt", "name", "owner", "status", "team", "version"])
            #expect((labels["name"], labels["owner"], labels["status"], labels["version"], labels["team"])
                == ("web", "helm", "deployed", "2", "blue"))
            #expect(labels["createdAt"]?.stringValue.flatMap { Int($0) }.map { $0 > 1_700_000_000 } == true)
            // data.release is Helm's encoding, which decodes to what was stored.
            let outer = try #require(second[path: ["data", "release"]]?.stringValue.flatMap { Data(base64Encoded: $0) })
            #expect(try HelmReleaseCodec.decode(String(decoding: outer, as: UTF8.self)).info.description == "revision 2")
            // kubectl's label selector sees Helm's labels.
            let deployed = try await cluster.kubectl(["get", "secret", "-n", "apps", "-l", "owner=helm,name=web,status=deployed", "-o", "name"])
            #expect(deployed.split(separator: "\n") == ["secret/sh.helm.release.v1.web.v2"])

            let history = try await storage.history(name: "web")
            #expect(history.map(\.version) == [1, 2])
            #expect(history == [Self.record(1, .superseded), Self.record(2, .deployed)])
            #expect(try await storage.get(name: "web", version: 2) == Self.record(2, .deployed))
            #expect(try await storage.get(name: "web", version: 3) == nil)
            #expect(try await storage.last(name: "web")?.version == 2)
            #expect(try await storage.deployed(name: "web")?.version == 2)
            #expect(try await storage.last(name: "none") == nil)

            let exists = await Self.storageError { try await storage.create(Self.record(2, .failed)) }
            #expect(exists?.kind == .exists)
            #expect(exists?.description == "release: already exists")
            #expect(exists?.object == "apps/sh.helm.release.v1.web.v2")

            // Update: status label follows the record, createdAt stays, modifiedAt appears.
            try await storage.update(Self.record(2, .superseded))
            let updated = try await Self.helmSecrets(cluster).first { $0[path: ["metadata", "name"]] == "sh.helm.release.v1.web.v2" }
            #expect(updated?[path: ["metadata", "labels", "status"]] == "superseded")
            #expect(updated?[path: ["metadata", "labels", "createdAt"]] == labels["createdAt"])
            #expect(updated?[path: ["metadata", "labels", "modifiedAt"]] != nil)
            #expect(try await storage.deployed(name: "web") == nil)
            #expect(await Self.storageError { try await storage.update(Self.record(9, .failed)) }?.kind == .notFound)

            try await storage.delete(name: "web", version: 1)
            #expect(try await storage.history(name: "web").map(\.version) == [2])
            #expect(await Self.storageError { try await storage.delete(name: "web", version: 1) }?.description == "release: not found")
            #expect(await Self.storageError { _ = try await storage.history(name: "-bad name") }?.kind == .invalidName)
        }
    }

    @Test func adoptsAReleaseHelmMade() async throws {
        try await Self.withStorage { cluster, storage in
            // The Secret as Helm's driver writes it (Fixtures/release/make_fixture.py), applied as any client would.
            let secret = HelmReleaseCodecTests.fixtures.appendingPathComponent("podinfo.v1.yaml").path
            try await cluster.kubectl(["apply", "-n", "apps", "-f", secret])
            var expected = try HelmReleaseCodecTests.fixtureRecord()
            expected.labels = ["team": "blue"]
            #expect(try await storage.history(name: "podinfo") == [expected])
            #expect(try await storage.last(name: "podinfo") == expected)
            #expect(try await storage.deployed(name: "podinfo") == expected)
            #expect(try await storage.get(name: "podinfo", version: 1) == expected)

            // Sluice continues the history as Helm would: the adopted revision superseded, revision 2 deployed.
            var superseded = expected
            superseded.info.status = .superseded
            try await storage.update(superseded)
            var next = expected
            next.version = 2
            next.config = ["replicaCount": 3]
            try await storage.create(next)
            #expect(try await storage.history(name: "podinfo").map { "\($0.version) \($0.info.status.rawValue)" } == ["1 superseded", "2 deployed"])
            // What Sluice wrote is Helm's encoding again: the JSON Go would write for the record.
            let json = try await cluster.kubectl(["get", "secret", "-n", "apps", "sh.helm.release.v1.podinfo.v1", "-o", "jsonpath={.data.release}"])
            let outer = try #require(Data(base64Encoded: json))
            let gzipped = [UInt8](try #require(Data(base64Encoded: outer)))
            let fixtureJSON = try HelmReleaseCodecTests.fixture("podinfo.v1.json")
            #expect(try Gzip.decompress(gzipped)
                == Array(String(decoding: fixtureJSON, as: UTF8.self).replacingOccurrences(of: #""status":"deployed""#,
                                                                                           with: #""status":"superseded""#).utf8))
        }
    }

    @Test func prunesAsHelmKeepingTheLastDeployed() async throws {
        try await Self.withStorage { _, storage in
            let statuses: [HelmReleaseStatusValue] = [.superseded, .deployed, .failed, .failed, .failed]
            for (index, status) in statuses.enumerated() { try await storage.create(Self.record(index + 1, status)) }
            #expect(try await storage.prune(name: "web", maxHistory: 10) == [])
            #expect(try await storage.prune(name: "web", maxHistory: -1) == [])
            #expect(try await storage.prune(name: "web", maxHistory: 2) == [1, 3, 4])
            #expect(try await storage.history(name: "web").map(\.version) == [2, 5])
            // Helm's Storage.Create with MaxHistory 2: room is made for the new revision, the deployed one stays.
            try await storage.create(Self.record(6, .pendingUpgrade), maxHistory: 2)
            #expect(try await storage.history(name: "web").map(\.version) == [2, 6])
            // Without a deployed revision the oldest go.
            try await storage.update(Self.record(2, .superseded))
            #expect(try await storage.prune(name: "web", maxHistory: 0) == [2, 6])
            #expect(try await storage.history(name: "web").isEmpty)
        }
    }

    @Test func namesTheSecretThatHoldsNoRelease() async throws {
        try await Self.withStorage { cluster, storage in
            let bomb = Data(Gzip.compress([UInt8](repeating: 0x20, count: 40 << 20), level: 9)).base64EncodedString()
            for (version, release) in [(1, "bm90IGJhc2U2NCEh" /* "not base64!!" */), (2, Data(bomb.utf8).base64EncodedString()),
                                       (3, Data(Data("{\"version\":\"x\"}".utf8).base64EncodedString().utf8).base64EncodedString())] {
                try await cluster.kubectl(["apply", "-n", "apps", "-f", "-"], input: """
                    apiVersion: v1
                    kind: Secret
                    metadata:
                      name: sh.helm.release.v1.bad.v\(version)
                      labels: {name: bad, owner: helm, status: deployed, version: "\(version)"}
                    type: helm.sh/release.v1
                    data:
                      release: \(release)
                    """)
                let error = await Self.storageError { _ = try await storage.get(name: "bad", version: version) }
                #expect(error?.object == "apps/sh.helm.release.v1.bad.v\(version)")
                #expect(error?.description.hasPrefix("failed to decode data of Secret 'apps/sh.helm.release.v1.bad.v\(version)': ") == true)
                #expect(error?.kind == [.undecodable(.base64), .undecodable(.tooLarge), .undecodable(.invalidRecord)][version - 1])
            }
            #expect(await Self.storageError { _ = try await storage.history(name: "bad") }?.object == "apps/sh.helm.release.v1.bad.v1")
        }
    }
}
