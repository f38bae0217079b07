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

    /// A body as kubectl sends it: `k8s\0`, then `runtime.Unknown` (type meta, raw object).
    static func protobufBody(kind: String, object: [UInt8]) -> [UInt8] {
        [0x6b, 0x38, 0x73, 0x00] + field(1, field(1, "v1") + field(2, kind)) + field(2, object)
    }

    static let validBodies: [[UInt8]] = {
        let metadata = field(1, field(1, "demo") + field(3, "default") + field(11, field(1, "app") + field(2, "web"))
                                + field(12, field(1, "note") + field(2, "x")) + field(14, "example.com/f"))
        let entry = field(1, "key") + field(2, "value")
        return [
            protobufBody(kind: "ConfigMap", object: metadata + field(2, entry) + field(3, entry) + varint(4 << 3) + [1]),
            protobufBody(kind: "Secret", object: metadata + field(2, entry) + field(3, "Opaque") + field(4, entry) + varint(5 << 3) + [0]),
            protobufBody(kind: "Namespace", object: field(1, field(1, "team"))),
            protobufBody(kind: "ServiceAccount", object: metadata),
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
