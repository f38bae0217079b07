import Foundation
import SluiceAPI
import SluiceCore
import Testing

/// Every manifest in `Config/samples` decodes into its typed struct and encodes back to the same data.
@Suite struct SampleManifestTests {
    static let files = RepositoryRoot.sampleFiles

    static func read(_ file: String) throws -> [KubeObject] {
        let url = RepositoryRoot.samplesDirectory.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        return try ManifestReader().objects(text, source: "Config/samples/\(file)")
    }

    @Test("there is one sample per kind")
    func onePerKind() throws {
        var kinds: [String] = []
        for file in Self.files { kinds += try Self.read(file).map { "\($0.apiVersion)/\($0.kind)" } }
        let served = APIScheme.resources.map { "\($0.apiVersion)/\($0.kind)" }
        #expect(kinds.sorted() == served.sorted())
    }

    @Test("a sample decodes, and encodes back to the same data", arguments: files)
    func decodesAndRoundTrips(file: String) throws {
        for (index, object) in try Self.read(file).enumerated() {
            let typed = try APIScheme.decodeResource(object, document: index + 1, source: file)
            #expect(type(of: typed).kind == object.kind)

            // Encoding loses nothing the sample says (durations compare by length: `10m` is written `10m0s`).
            let encoded = try KubeObject(encoding: typed)
            let differences = JSONComparison.differences(object.value, encoded.value)
            #expect(differences.isEmpty, "\(file): \(differences.joined(separator: "; "))")

            // And decoding the encoding gives the same value.
            let again = try APIScheme.decodeResource(encoded, source: file)
            #expect(Self.equal(typed, again))
        }
    }

    @Test("a sample's fields are typed as expected")
    func typedFields() throws {
        let git = try #require(APIScheme.decode(try Self.read("source_v1_gitrepository.yaml")[0]) as? GitRepository)
        #expect(git.spec.url == "https://github.com/stefanprodan/podinfo")
        #expect(git.spec.interval == .minutes(5))
        #expect(git.interval == .minutes(5))
        #expect(git.spec.ref?.branch == "master")
        #expect(!git.isSuspended)

        let release = try #require(APIScheme.decode(try Self.read("helm_v2_helmrelease.yaml")[0]) as? HelmRelease)
        #expect(release.spec.chart?.spec.sourceRef.kind == "HelmRepository")
        #expect(release.spec.values?["replicaCount"] == 2)
        #expect(release.spec.values?[path: ["resources", "limits", "memory"]] == "256Mi")
        #expect(release.spec.install?.remediation?.retries == 3)

        let kustomization = try #require(APIScheme.decode(try Self.read("kustomize_v1_kustomization.yaml")[0]) as? Kustomization)
        #expect(kustomization.spec.prune)
        #expect(kustomization.spec.sourceRef.kind == "GitRepository")
        #expect(kustomization.spec.postBuild?.substituteFrom?.first?.optional == true)

        let receiver = try #require(APIScheme.decode(try Self.read("notification_v1_receiver.yaml")[0]) as? Receiver)
        #expect(receiver.interval == .minutes(10), "Flux's default interval when unset")
    }

    @Test("Reconcilable's status accessors write through to status")
    func reconcilableAccessors() throws {
        var git = try #require(APIScheme.decode(try Self.read("source_v1_gitrepository.yaml")[0]) as? GitRepository)
        #expect(git.status == nil)
        git.observedGeneration = 3
        git.conditions = [Condition(type: ConditionType.ready, status: .true, lastTransitionTime: "2024-01-01T00:00:00Z",
                                    reason: ConditionReason.succeeded, message: "stored artifact")]
        git.lastHandledReconcileAt = "now"
        #expect(git.status?.observedGeneration == 3)
        #expect(git.status?.conditions?.first?.reason == "Succeeded")
        #expect(git.status?.lastHandledReconcileAt == "now")

        git.metadata.annotations = [FluxAnnotations.reconcileRequest: "2024-01-01T00:00:00Z"]
        #expect(git.reconcileRequestedAt == "2024-01-01T00:00:00Z")
    }

    static func equal(_ lhs: any CustomResource, _ rhs: any CustomResource) -> Bool {
        func open<T: CustomResource>(_ lhs: T) -> Bool { (rhs as? T) == lhs }
        return open(lhs)
    }
}

/// Compares JSON trees as data, treating two strings that are the same Go duration as equal.
enum JSONComparison {
    static func differences(_ expected: JSONValue, _ actual: JSONValue, at path: String = "") -> [String] {
        switch (expected, actual) {
        case (.object(let a), .object(let b)):
            var result: [String] = []
            for key in Set(a.keys).union(b.keys).sorted() {
                switch (a[key], b[key]) {
                case (let x?, let y?): result += differences(x, y, at: path + "." + key)
                case (_?, nil): result.append("\(path).\(key) dropped")
                case (nil, _?): result.append("\(path).\(key) added")
                case (nil, nil): break
                }
            }
            return result
        case (.array(let a), .array(let b)):
            guard a.count == b.count else { return ["\(path): \(a.count) elements became \(b.count)"] }
            return zip(a, b).enumerated().flatMap { differences($1.0, $1.1, at: path + "[\($0)]") }
        case (.string(let a), .string(let b)) where a != b:
            if let x = GoDuration(a), let y = GoDuration(b), x == y { return [] }
            return ["\(path): \(a) became \(b)"]
        default:
            return expected == actual ? [] : ["\(path): \(expected) became \(actual)"]
        }
    }
}
