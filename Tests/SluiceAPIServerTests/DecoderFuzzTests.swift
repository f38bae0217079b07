import Foundation
import SluiceCore
import SluiceMerge
import SluiceTestSupport
import Testing
@testable import SluiceAPIServer

/// Seeded fuzzing of everything the API server decodes from a request: protobuf bodies, paths, query strings,
/// label and field selectors, delete options and patch bodies. A trap ends the test process, so each test passes
/// when every input is either decoded or refused with an error.
struct DecoderFuzzTests {
    // MARK: - Protobuf

    /// A protobuf varint.
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        return bytes + [UInt8(value)]
    }

    /// A length-delimited field.
    static func field(_ number: UInt64, _ payload: [UInt8]) -> [UInt8] {
        varint(number << 3 | 2) + varint(UInt64(payload.count)) + payload
    }

    static func field(_ number: UInt64, _ text: String) -> [UInt8] { field(number, Array(text.utf8)) }

    /// A varint field.
    static func field(_ number: UInt64, varint value: UInt64) -> [UInt8] { varint(number << 3) + varint(value) }

    /// A body as kubectl sends it: `k8s\0`, then `runtime.Unknown` (type meta, raw object).
    static func protobufBody(kind: String, object: [UInt8], apiVersion: String = "v1") -> [UInt8] {
        [0x6b, 0x38, 0x73, 0x00] + field(1, field(1, apiVersion) + field(2, kind)) + field(2, object)
    }

    /// A Deployment as `kubectl create deployment web --image=nginx --port=80` encodes it: a zero creation time
    /// (no bytes), non-pointer zero fields present, an empty strategy and resources.
    static let deploymentBody: [UInt8] = {
        let labels = field(11, field(1, "app") + field(2, "web"))
        let container = field(1, "nginx") + field(2, "nginx") + field(6, field(3, varint: 80) + field(4, "TCP"))
            + field(8, []) + field(13, "") + field(16, varint: 0)
        let podSpec = field(2, container) + field(3, "") + field(6, "")
        let template = field(1, field(8, []) + labels) + field(2, podSpec)
        let spec = field(1, varint: 1) + field(2, field(1, field(1, "app") + field(2, "web"))) + field(3, template) + field(4, [])
            + field(5, varint: 0) + field(7, varint: 0)
        let status = field(1, varint: 0) + field(2, varint: 0)
        return protobufBody(kind: "Deployment", object: field(1, field(1, "web") + field(8, []) + labels) + field(2, spec)
                            + field(3, status), apiVersion: "apps/v1")
    }()

    /// A Service with an int target port, a string target port, and a Job with a time and a duration-free spec.
    static let serviceBody: [UInt8] = {
        let intPort = field(1, "http") + field(2, "TCP") + field(3, varint: 80) + field(4, field(1, varint: 0) + field(2, varint: 8080))
        let namedPort = field(1, "metrics") + field(3, varint: 9090) + field(4, field(1, varint: 1) + field(3, "metrics"))
        let spec = field(1, intPort) + field(1, namedPort) + field(2, field(1, "app") + field(2, "web")) + field(4, "ClusterIP")
        return protobufBody(kind: "Service", object: field(1, field(1, "web") + field(8, field(1, varint: 1_700_000_000))) + field(2, spec))
    }()

    static let validBodies: [[UInt8]] = {
        let metadata = field(1, field(1, "demo") + field(3, "default") + field(11, field(1, "app") + field(2, "web"))
                                + field(12, field(1, "note") + field(2, "x")) + field(14, "example.com/f"))
        let entry = field(1, "key") + field(2, "value")
        return [
            protobufBody(kind: "ConfigMap", object: metadata + field(2, entry) + field(3, entry) + varint(4 << 3) + [1]),
            protobufBody(kind: "Secret", object: metadata + field(2, entry) + field(3, "Opaque") + field(4, entry) + varint(5 << 3) + [0]),
            protobufBody(kind: "Namespace", object: field(1, field(1, "team"))),
            protobufBody(kind: "ServiceAccount", object: metadata),
            deploymentBody, serviceBody,
        ]
    }()

    /// The 15 bytes that crashed the server: a length-delimited field whose length is 2^64 - 1.
    static let crashingBody: [UInt8] = [0x6b, 0x38, 0x73, 0x00, 0x12] + varint(UInt64.max)

    @Test func protobufLengthsBeyondTheBodyAreRefused() throws {
        #expect(Self.crashingBody.count == 15)
        #expect(throws: APIError.self) { try ProtobufBody.decode(Self.crashingBody) }
        // Fixed-width fields that run past the end, and a length that fits in Int but not in the body.
        #expect(throws: APIError.self) { try ProtobufBody.decode([0x6b, 0x38, 0x73, 0x00, 0x09, 1, 2]) }
        #expect(throws: APIError.self) { try ProtobufBody.decode([0x6b, 0x38, 0x73, 0x00, 0x0d, 1]) }
        #expect(throws: APIError.self) { try ProtobufBody.decode([0x6b, 0x38, 0x73, 0x00, 0x12] + Self.varint(UInt64(Int.max))) }
        let decoded = try ProtobufBody.decode(Self.validBodies[0])
        #expect(decoded[path: ["metadata", "labels", "app"]] == "web")
        #expect(decoded[path: ["data", "key"]] == "value")
    }

    @Test func protobufBuiltInKindsDecodeAsGoWritesJSON() throws {
        let deployment = try ProtobufBody.decode(Self.deploymentBody)
        #expect(deployment["apiVersion"] == "apps/v1")
        #expect(deployment["kind"] == "Deployment")
        #expect(deployment[path: ["metadata", "creationTimestamp"]] == nil, "Go's zero time has no bytes and is null")
        #expect(deployment[path: ["spec", "replicas"]] == 1)
        #expect(deployment[path: ["spec", "selector", "matchLabels", "app"]] == "web")
        #expect(deployment[path: ["spec", "strategy"]] == .object(JSONObject()), "a struct is never omitted")
        #expect(deployment[path: ["spec", "minReadySeconds"]] == nil, "omitempty zero")
        #expect(deployment[path: ["spec", "paused"]] == nil, "omitempty false")
        let container = deployment[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first
        #expect(container?["name"] == "nginx")
        #expect(container?["resources"] == .object(JSONObject()))
        #expect(container?["imagePullPolicy"] == nil)
        #expect(container?["ports"] == [["containerPort": 80, "protocol": "TCP"]])
        #expect(deployment[path: ["spec", "template", "metadata", "labels"]] == ["app": "web"])
        #expect(deployment[path: ["status"]] == .object(JSONObject()))

        let service = try ProtobufBody.decode(Self.serviceBody)
        #expect(service[path: ["metadata", "creationTimestamp"]] == "2023-11-14T22:13:20Z")
        #expect(service[path: ["spec", "ports"]] == [
            ["name": "http", "protocol": "TCP", "port": 80, "targetPort": 8080],
            ["name": "metrics", "port": 9090, "targetPort": "metrics"],
        ])
        #expect(service[path: ["spec", "selector"]] == ["app": "web"])
        #expect(service[path: ["spec", "type"]] == "ClusterIP")

        // Unknown kinds are refused with 415; a time beyond year 9999 and runaway nesting with 400.
        #expect(throws: APIError.self) { try ProtobufBody.decode(Self.protobufBody(kind: "Widget", object: [])) }
        let farFuture = Self.protobufBody(kind: "ConfigMap", object: Self.field(1, Self.field(8, Self.field(1, varint: UInt64(Int64.max)))))
        #expect(throws: APIError.self) { try ProtobufBody.decode(farFuture) }
        var nested = Self.field(1, "leaf")
        for _ in 0..<100 { nested = Self.field(1, Self.field(1, nested)) }  // JSONSchemaProps-like recursion: Ingress rules
        _ = try? ProtobufBody.decode(Self.protobufBody(kind: "Pod", object: nested))
    }

    @Test func protobufBodiesNeverTrap() {
        var fuzzer = Fuzzer(seed: 0x5eed_0008)
        for input in fuzzer.inputs(count: 4000, valid: Self.validBodies) {
            _ = try? ProtobufBody.decode(input)
            _ = try? ProtobufBody.decode([0x6b, 0x38, 0x73, 0x00] + input)
        }
    }

    // MARK: - Request parsing

    static let validPaths = [
        "/api/v1/namespaces/default/configmaps/x", "/apis/apps/v1/namespaces/a/deployments/web/scale", "/api/v1/namespaces/n/status",
        "/apis/apps/v1/watch/namespaces/a/deployments", "/api/v1/namespaces", "/openapi/v3/apis/apps/v1",
    ].map { Array($0.utf8) }
    static let validQueries = [
        "labelSelector=app%3Dweb%2Ctier+in+%28a%2Cb%29&fieldSelector=metadata.name%3Dx&limit=5&continue=eA%3D%3D",
        "watch=1&resourceVersion=10&timeoutSeconds=30&allowWatchBookmarks=true", "dryRun=All&fieldManager=kubectl&force=true",
    ].map { Array($0.utf8) }
    static let validSelectors = [
        "app=web,tier==front", "tier in (front, back),!legacy", "app notin (a,b),x!=y,z", "metadata.name=x,spec.nodeName!=n",
    ].map { Array($0.utf8) }

    @Test func pathsQueriesAndSelectorsNeverTrap() {
        var fuzzer = Fuzzer(seed: 0x5eed_0108)
        for input in fuzzer.inputs(count: 3000, valid: Self.validPaths) {
            _ = ResourcePath(String(decoding: input, as: UTF8.self))
        }
        for input in fuzzer.inputs(count: 3000, valid: Self.validQueries) {
            let query = APIResponder.query(String(decoding: input, as: UTF8.self))
            _ = try? DeleteOptions(body: nil, query: query)
            _ = PatchType(contentType: query.values.first ?? "")
        }
        for input in fuzzer.inputs(count: 3000, valid: Self.validSelectors) {
            let text = String(decoding: input, as: UTF8.self)
            _ = (try? LabelSelector(parsing: text))?.matches(["app": "web"])
            _ = (try? FieldSelector(parsing: text))?.matches(["metadata": ["name": "x"]])
        }
    }

    // MARK: - Patch bodies

    static let deployment: JSONValue = [
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web", "namespace": "default", "labels": ["app": "web"]],
        "spec": ["replicas": 2, "selector": ["matchLabels": ["app": "web"]],
                 "template": ["metadata": ["labels": ["app": "web"]],
                              "spec": ["containers": [["name": "web", "image": "nginx", "ports": [["containerPort": 80]],
                                                       "env": [["name": "A", "value": "1"]]]]]]],
    ]
    static let validPatches = [
        #"{"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"web","image":"nginx:2"},{"$patch":"delete","name":"x"}]}}}}"#,
        #"[{"op":"replace","path":"/spec/replicas","value":4},{"op":"add","path":"/metadata/labels/x","value":"y"},{"op":"remove","path":"/spec/template/spec/containers/0/env/0"}]"#,
        #"{"metadata":{"labels":null},"spec":{"$retainKeys":["replicas"],"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}]}}}}"#,
        #"[{"op":"move","from":"/spec/replicas","path":"/spec/x"},{"op":"copy","from":"/metadata","path":"/spec/m"},{"op":"test","path":"/kind","value":"Deployment"}]"#,
    ].map { Array($0.utf8) }

    @Test func patchBodiesNeverTrap() {
        var fuzzer = Fuzzer(seed: 0x5eed_0208)
        let gvk = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
        var decoded = 0
        for input in fuzzer.inputs(count: 3000, valid: Self.validPatches) {
            guard let patch = try? JSONParser().parse(input) else { continue }
            decoded += 1
            _ = MergePatch.apply(patch, to: Self.deployment)
            _ = try? JSONPatch.apply(patch, to: Self.deployment)
            _ = try? StrategicMergePatch.apply(patch, to: Self.deployment, gvk: gvk)
            var configuration = patch
            if configuration.objectValue != nil {
                configuration["apiVersion"] = "apps/v1"
                configuration["kind"] = "Deployment"
                _ = try? ServerSideApply.apply(configuration: configuration, to: Self.deployment, manager: "fuzz", force: false,
                                               gvk: gvk, now: "2026-01-01T00:00:00Z")
            }
        }
        #expect(decoded > 100, "the mutations should keep many patches valid JSON")
    }
}
