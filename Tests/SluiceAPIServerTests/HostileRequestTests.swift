import Foundation
import SluiceTestSupport
import Testing

/// Hostile requests against the real `sluice cluster serve`: each is answered with an error, and the server stays up.
@Suite struct HostileRequestTests {
    static let protobuf = "application/vnd.kubernetes.protobuf"

    @Test func theFifteenByteProtobufBodyIsABadRequest() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        let answer = try await server.http("POST", "/api/v1/namespaces/default/configmaps", body: Data(DecoderFuzzTests.crashingBody),
                                           contentType: Self.protobuf)
        #expect(answer.status == 400 || answer.status == 415, "\(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
        #expect(try TestServer.json(answer.body)["kind"] as? String == "Status")
        #expect(server.process.isRunning)
        #expect(try await server.http("GET", "/healthz").status == 200)
        // A well-formed protobuf body (as kubectl sends) still works.
        let valid = try await server.http("POST", "/api/v1/namespaces/default/configmaps", body: Data(DecoderFuzzTests.validBodies[0]),
                                          contentType: Self.protobuf)
        #expect(valid.status == 201, "\(String(decoding: valid.body, as: UTF8.self))")
    }

    @Test func aNumberBeyondInt64IsStoredAndServed() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big","annotations":{"a":"b"}},"data":{"k":"v"},"extra":12345678901234567890}"#
        let answer = try await server.http("POST", "/api/v1/namespaces/default/configmaps", body: Data(body.utf8))
        #expect(answer.status == 201)
        #expect(String(decoding: answer.body, as: UTF8.self).contains("12345678901234567000"))
        #expect(try await server.http("GET", "/api/v1/namespaces/default/configmaps/big").status == 200)
        #expect(server.process.isRunning)
    }

    @Test func fuzzedRequestsNeverStopTheServer() async throws {
        let server = try await TestServer(["--no-simulate"])
        defer { server.stopNow() }
        var fuzzer = Fuzzer(seed: 0x5eed_3008)
        let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
        let contentTypes = ["application/json", "application/yaml", Self.protobuf, "application/merge-patch+json",
                            "application/json-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"]
        let paths = ["/api/v1/namespaces/default/configmaps", "/api/v1/namespaces/default/configmaps/fuzz", "/api/v1/namespaces/fuzz",
                     "/apis/apps/v1/namespaces/default/deployments/web/scale", "/api/v1/namespaces/default/secrets",
                     "/apis/apiextensions.k8s.io/v1/customresourcedefinitions"].map { Array($0.utf8) }
        let queries = ["labelSelector=app%3Dweb", "fieldSelector=metadata.name%3Dx", "watch=1&resourceVersion=1&timeoutSeconds=1",
                       "limit=2&continue=eA%3D%3D", "fieldManager=f&force=true", "propagationPolicy=Foreground"].map { Array($0.utf8) }
        let bodies = DecoderFuzzTests.validBodies + DecoderFuzzTests.validPatches + [
            Array(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fuzz","labels":{"a":"b"}},"data":{"k":"v"}}"#.utf8),
            Array("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fuzz\ndata:\n  k: v\n".utf8),
        ]
        var statuses: [Int: Int] = [:]
        for _ in 0..<400 {
            let path = String(decoding: fuzzer.mutate(paths.randomElement(using: &fuzzer)!), as: UTF8.self)
                .addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/"
            let query = String(decoding: fuzzer.mutate(queries.randomElement(using: &fuzzer)!), as: UTF8.self)
                .addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? ""
            let body = Bool.random(using: &fuzzer) ? fuzzer.mutate(bodies.randomElement(using: &fuzzer)!) : fuzzer.bytes(maxCount: 300)
            guard path.hasPrefix("/") else { continue }
            // Some requests the client itself refuses to send (a GET with a body); the server must be up after each.
            let method = methods.randomElement(using: &fuzzer)!
            guard let answer = try? await server.http(method, "\(path)?\(query)", body: method == "GET" ? nil : Data(body),
                                                      contentType: contentTypes.randomElement(using: &fuzzer)!)
            else {
                #expect(server.process.isRunning, "\(path)?\(query)")
                continue
            }
            statuses[answer.status, default: 0] += 1
            #expect(answer.status < 500, "\(path)?\(query): \(answer.status) \(String(decoding: answer.body, as: UTF8.self))")
        }
        #expect(server.process.isRunning)
        #expect(try await server.http("GET", "/healthz").status == 200)
        #expect(statuses.keys.contains { $0 >= 400 }, "\(statuses)")
    }
}
