import Foundation
import Testing
@testable import SluiceCore

@Suite struct ModelTests {
    @Test(arguments: [("1m30s", 90.0), ("10m", 600), ("1h", 3600), ("1.5h", 5400), ("300ms", 0.3), ("2h45m0.5s", 9900.5), ("0", 0), ("-1m", -60), ("1us", 0.000001)])
    func parsesGoDurations(_ text: String, _ seconds: Double) throws {
        let duration = try #require(GoDuration(text))
        #expect(abs(duration.seconds - seconds) < 1e-9)
    }

    @Test(arguments: ["", "10", "10x", "m", ".m", "1h-5m", " 1m"])
    func rejectsInvalidDurations(_ text: String) {
        #expect(GoDuration(text) == nil)
    }

    @Test(arguments: [("1m30s", "1m30s"), ("90s", "1m30s"), ("1h", "1h0m0s"), ("500ms", "500ms"), ("0s", "0s"), ("1.5s", "1.5s"), ("2us", "2µs")])
    func formatsAsGoDoes(_ input: String, _ output: String) throws {
        #expect(try #require(GoDuration(input)).description == output)
    }

    @Test func resourceIdentifiersRoundTrip() throws {
        let id = ResourceIdentifier(namespace: "", name: "system:controller", group: "rbac.authorization.k8s.io", kind: "ClusterRole")
        #expect(id.id == "_system__controller_rbac.authorization.k8s.io_ClusterRole")
        #expect(ResourceIdentifier(id.id) == id)
        #expect(ResourceIdentifier("default_podinfo_apps_Deployment") == ResourceIdentifier(namespace: "default", name: "podinfo", group: "apps", kind: "Deployment"))
        #expect(ResourceIdentifier("default_cm__ConfigMap")?.group == "")
        #expect(ResourceIdentifier("too_few_fields") == nil)
    }

    @Test func kubeObjectAccessorsEditMetadata() {
        var object = KubeObject(apiVersion: "v1", kind: "ConfigMap", name: "cm", namespace: "ns")
        object.labels = ["b": "2", "a": "1"]
        object.annotations = ["reconcile.fluxcd.io/requestedAt": "now"]
        object.finalizers = ["finalizers.fluxcd.io"]
        object.ownerReferences = [OwnerReference(apiVersion: "v1", kind: "Secret", name: "s", uid: "u1", controller: true)]
        object["data", "key"] = "value"
        #expect(object.metadata["labels"]?.objectValue?.keys == ["a", "b"])
        #expect(object.annotations["reconcile.fluxcd.io/requestedAt"] == "now")
        #expect(object.finalizers == ["finalizers.fluxcd.io"])
        #expect(object.ownerReferences.first?.uid == "u1")
        #expect(object["data", "key"] == "value")
        #expect(object.displayName == "ConfigMap/ns/cm")
        object.finalizers = []
        #expect(object.metadata["finalizers"] == nil)
    }

    struct Sample: Codable, Equatable {
        struct Spec: Codable, Equatable {
            var url: String
            var interval: GoDuration
            var replicas: Int?
        }
        var apiVersion: String
        var kind: String
        var metadata: ObjectMeta
        var spec: Spec
    }

    @Test func typedDecodingNamesFieldAndValue() throws {
        let objects = try ManifestReader().objects("""
            apiVersion: example.io/v1
            kind: Sample
            metadata: {name: s, namespace: ns}
            spec: {url: "https://x", interval: 10x}
            ---
            apiVersion: example.io/v1
            kind: Sample
            metadata: {name: t}
            spec: {interval: 1m}
            ---
            apiVersion: example.io/v1
            kind: Sample
            metadata: {name: u}
            spec: {url: "https://x", interval: 1m, replicas: "three"}
            """)
        let bad = #expect(throws: ManifestError.self) { try objects[0].decode(as: Sample.self, document: 1) }
        #expect(bad?.reason == .invalidField(field: "spec.interval", value: "\"10x\"", problem: "invalid duration \"10x\": expected a Go duration such as 30s, 1m30s or 1h"))
        #expect(bad?.object == "Sample/ns/s")
        let missing = #expect(throws: ManifestError.self) { try objects[1].decode(as: Sample.self, document: 2) }
        #expect(missing?.reason == .invalidField(field: "spec.url", value: nil, problem: "required field is missing"))
        #expect(missing?.description.contains("document 2") == true)
        let wrongType = #expect(throws: ManifestError.self) { try objects[2].decode(as: Sample.self) }
        #expect(wrongType?.reason == .invalidField(field: "spec.replicas", value: "\"three\"", problem: "expected an integer"))

        let good = Sample(apiVersion: "example.io/v1", kind: "Sample", metadata: ObjectMeta(name: "g"), spec: .init(url: "u", interval: .minutes(1), replicas: 2))
        #expect(try KubeObject(encoding: good).decode(as: Sample.self) == good)
    }

    @Test func timestampsAreRFC3339() {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(Timestamp.rfc3339(date) == "2023-11-14T22:13:20Z")
        #expect(Timestamp.parse("2023-11-14T22:13:20Z") == date)
        #expect(Timestamp.parse("2023-11-14T22:13:20.5Z") != nil)
        // RFC3339Nano as Go writes it: trailing zeros dropped, no fraction when whole.
        #expect(Timestamp.rfc3339Nano(date) == "2023-11-14T22:13:20Z")
        #expect(Timestamp.rfc3339Nano(date.addingTimeInterval(0.25)) == "2023-11-14T22:13:20.25Z")
        #expect(Timestamp.rfc3339Nano(date.addingTimeInterval(0.000_125)) == "2023-11-14T22:13:20.000125Z")
    }
}

@Suite struct ResourceIdentifierParsingTests {
    @Test(arguments: [
        ("default_svc__Service", "default", "svc", "", "Service"),
        ("_ns1__Namespace", "", "ns1", "", "Namespace"),
        ("_system__auth_rbac.authorization.k8s.io_ClusterRole", "", "system:auth", "rbac.authorization.k8s.io", "ClusterRole"),
        ("flux-system_podinfo_apps_Deployment", "flux-system", "podinfo", "apps", "Deployment"),
    ])
    func parsesFromBothEnds(_ id: String, _ namespace: String, _ name: String, _ group: String, _ kind: String) throws {
        let parsed = try #require(ResourceIdentifier(id))
        #expect(parsed == ResourceIdentifier(namespace: namespace, name: name, group: group, kind: kind))
        #expect(parsed.id == id)
    }
}
