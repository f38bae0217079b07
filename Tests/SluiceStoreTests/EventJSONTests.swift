import Foundation
import SluiceCore
@testable import SluiceStore
import Testing

@Suite("Event JSON, as Flux writes it")
struct EventJSONTests {
    /// An event with every field set, including characters Go escapes.
    let event = Event(
        id: 17,
        involvedObject: InvolvedObject(
            kind: "GitRepository", namespace: "flux-system", name: "podinfo", uid: "7d0c",
            apiVersion: "source.toolkit.fluxcd.io/v1"),
        severity: .info,
        timestamp: Date(timeIntervalSince1970: 1_714_564_800.75),
        message: "stored artifact for 'main@sha1:abc' <&>\n\"quoted\"\t\u{2028}",
        reason: "NewArtifact",
        metadata: ["source.toolkit.fluxcd.io/revision": "main@sha1:abc", "a": "1"],
        reportingController: "source-controller",
        reportingInstance: "source-controller-7f9")

    @Test("fluxJSON() writes Go's bytes: field order, omitempty, sorted metadata, RFC 3339 seconds, HTML-safe escapes")
    func goBytes() {
        let expected = #"""
            {"involvedObject":{"kind":"GitRepository","namespace":"flux-system","name":"podinfo","uid":"7d0c","apiVersion":"source.toolkit.fluxcd.io/v1"},"severity":"info","timestamp":"2024-05-01T12:00:00Z","message":"stored artifact for 'main@sha1:abc' \u003c\u0026\u003e\n\"quoted\"\t\u2028","reason":"NewArtifact","metadata":{"a":"1","source.toolkit.fluxcd.io/revision":"main@sha1:abc"},"reportingController":"source-controller","reportingInstance":"source-controller-7f9"}
            """#
        #expect(String(decoding: event.fluxJSON(), as: UTF8.self) == expected)
    }

    @Test("required fields are written even when empty; optional ones are left out")
    func omitEmpty() {
        let bare = Event(
            involvedObject: InvolvedObject(kind: "Bucket", name: "b"), severity: .trace,
            timestamp: Date(timeIntervalSince1970: 0), message: "", reason: "", metadata: [:],
            reportingController: "source-controller", reportingInstance: "")
        let expected = #"""
            {"involvedObject":{"kind":"Bucket","name":"b"},"severity":"trace","timestamp":"1970-01-01T00:00:00Z","message":"","reason":"","reportingController":"source-controller"}
            """#
        #expect(String(decoding: bare.fluxJSON(), as: UTF8.self) == expected)
    }

    @Test("Codable writes the same keys and values as fluxJSON(), without the store's id")
    func codableMatchesFlux() throws {
        let encoded = try JSONEncoder().encode(event)
        let viaCodable = try JSONSerialization.jsonObject(with: encoded) as? NSDictionary
        let viaFlux = try JSONSerialization.jsonObject(with: Data(event.fluxJSON())) as? NSDictionary
        #expect(viaCodable != nil && viaCodable == viaFlux)
        #expect(viaCodable?["id"] == nil)
    }

    @Test("decoding Flux's JSON gives the event back, timestamp to the second")
    func decode() throws {
        let json = #"""
            {
              "involvedObject": {
                "apiVersion": "kustomize.toolkit.fluxcd.io/v1",
                "kind": "Kustomization",
                "name": "webapp",
                "namespace": "apps",
                "uid": "0b9d7c3e-1111-4222-8333-944455556666"
              },
              "metadata": {"kustomize.toolkit.fluxcd.io/revision": "main@sha1:0123456789abcdef"},
              "severity": "error",
              "reason": "HealthCheckFailed",
              "message": "Deployment/apps/webapp not ready",
              "reportingController": "kustomize-controller",
              "timestamp": "2023-03-04T05:06:07.250+01:00"
            }
            """#
        let decoded = try JSONDecoder().decode(Event.self, from: Data(json.utf8))
        #expect(decoded.id == nil)
        #expect(decoded.involvedObject == InvolvedObject(
            kind: "Kustomization", namespace: "apps", name: "webapp", uid: "0b9d7c3e-1111-4222-8333-944455556666",
            apiVersion: "kustomize.toolkit.fluxcd.io/v1"))
        #expect(decoded.severity == .error)
        #expect(decoded.timestamp == Date(timeIntervalSince1970: 1_677_902_767.25))
        #expect(decoded.metadata == ["kustomize.toolkit.fluxcd.io/revision": "main@sha1:0123456789abcdef"])
        #expect(decoded.reportingInstance == nil)

        var expected = event
        expected.id = nil
        expected.timestamp = Date(timeIntervalSince1970: 1_714_564_800)
        #expect(try JSONDecoder().decode(Event.self, from: Data(event.fluxJSON())) == expected)
    }

    @Test("an unknown severity is a decoding error")
    func unknownSeverity() {
        let json = #"{"involvedObject":{"kind":"Bucket","name":"b"},"severity":"warning","timestamp":"2024-01-01T00:00:00Z","message":"","reason":"","reportingController":"c"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Event.self, from: Data(json.utf8)) }
    }

    @Test("RFC 3339 formatting matches Go across the calendar", arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (-1.0, "1969-12-31T23:59:59Z"),
        (-0.5, "1969-12-31T23:59:59Z"),
        (1_709_251_199.999, "2024-02-29T23:59:59Z"),
        (951_868_800.0, "2000-03-01T00:00:00Z"),
        (-2_208_988_800.0, "1900-01-01T00:00:00Z"),
        (9_223_372_036.0, "2262-04-11T23:47:16Z"),
    ])
    func rfc3339(seconds: Double, text: String) {
        #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: seconds)) == text)
        #expect(Timestamp.parse(text) == Date(timeIntervalSince1970: seconds.rounded(.down)))
    }
}
