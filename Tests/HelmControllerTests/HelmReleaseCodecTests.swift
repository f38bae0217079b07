import Foundation
import HelmController
import SluiceArchive
import SluiceCore
import SluiceHelm
import SluiceTestSupport
import Testing

/// Helm's encoding of release records, against a record built byte for byte the way Helm's Secrets driver encodes one
/// (`Fixtures/release/make_fixture.py` documents the derivation).
@Suite struct HelmReleaseCodecTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/release")

    static func fixture(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name)))
    }

    static func fixtureRecord() throws -> HelmReleaseRecord {
        try HelmReleaseCodec.decode(String(decoding: try fixture("podinfo.v1.release"), as: UTF8.self))
    }

    static func error(_ body: () throws -> Void) -> HelmReleaseCodecError? {
        do { try body() } catch let error as HelmReleaseCodecError { return error } catch { return nil }
        return nil
    }

    @Test func decodesEveryFieldOfHelmsRecord() throws {
        let record = try Self.fixtureRecord()
        #expect(record.name == "podinfo")
        #expect(record.version == 1)
        #expect(record.namespace == "apps")
        #expect(record.applyMethod == "ssa")
        #expect(record.labels.isEmpty)
        #expect(record.info.firstDeployed == "2026-12-01T09:30:15.123456789Z")
        #expect(record.info.lastDeployed == "2026-12-01T09:30:15.123456789Z")
        #expect(record.info.deleted == nil)
        #expect(record.info.description == "Install complete")
        #expect(record.info.status == .deployed)
        #expect(record.info.rollbackRevision == 0)
        #expect(record.info.notes == "1. Get the application URL: http://127.0.0.1:8080 && enjoy <3\n")
        #expect(record.chartName == "podinfo")
        #expect(record.chartVersion == "6.9.2")
        #expect(record.appVersion == "6.9.2")
        #expect(record.chart[path: ["metadata", "annotations", "artifacthub.io/license"]] == "Apache-2.0")
        #expect(record.chart[path: ["metadata", "dependencies"]]?.arrayValue?.first?.objectValue?["condition"] == "redis.enabled")
        #expect(record.chart["lock"] == .null)
        let templates = try #require(record.chart["templates"]?.arrayValue)
        #expect(templates.map { $0.objectValue?["name"] } == ["templates/deployment.yaml", "templates/service.yaml"])
        let deployment = try #require(templates[0].objectValue?["data"]?.stringValue.flatMap { Data(base64Encoded: $0) })
        #expect(String(decoding: deployment, as: UTF8.self).contains("replicas: {{ .Values.replicaCount }}"))
        #expect(templates[0].objectValue?["modtime"] == "2026-11-30T10:00:00Z")
        #expect(record.chart[path: ["values", "ui", "message"]] == "a <b> & c")
        #expect(record.chart[path: ["values", "ratio"]] == .double(0.25))
        #expect(record.chart[path: ["values", "big"]] == .double(1e21))
        #expect(record.chart["schema"] == .string(Data(#"{"type":"object"}"#.utf8).base64EncodedString()))
        #expect(record.config == ["replicaCount": 2, "ui": ["message": "hello <world>"]])
        #expect(record.manifest.hasPrefix("---\n# Source: podinfo/templates/service.yaml\n"))
        let hook = try #require(record.hooks.first)
        #expect(record.hooks.count == 1)
        #expect(hook.name == "podinfo-grpc-test-x7k2p")
        #expect(hook.kind == "Pod")
        #expect(hook.path == "podinfo/templates/tests/grpc.yaml")
        #expect(hook.manifest.contains("grpc_health_probe"))
        #expect(hook.events == ["test"])
        #expect(hook.lastRun == HelmHookExecution(startedAt: "2026-12-01T09:31:00.5+02:00", completedAt: "2026-12-01T09:31:04.25+02:00",
                                                  phase: "Succeeded"))
        #expect(hook.weight == -5)
        #expect(hook.deletePolicies == ["before-hook-creation", "hook-succeeded"])
        #expect(hook.outputLogPolicies.isEmpty)
    }

    @Test func encodesTheJSONGoWrites() throws {
        let record = try Self.fixtureRecord()
        #expect(try HelmReleaseCodec.encodeJSON(record) == Self.fixture("podinfo.v1.json"))
    }

    @Test func encodesWithGosGzipHeaderAndRoundTrips() throws {
        let record = try Self.fixtureRecord()
        let encoded = try HelmReleaseCodec.encode(record)
        let gzipped = [UInt8](try #require(Data(base64Encoded: encoded)))
        // Magic, deflate, no flags, mtime 0, XFL 2 (BestCompression), OS 255: what Go's gzip.NewWriterLevel(w, 9) writes.
        #expect(Array(gzipped.prefix(10)) == [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x02, 0xFF])
        #expect(Array(try Self.fixture("podinfo.v1.release").prefix(14)) == Array(encoded.utf8.prefix(14)))
        #expect(try Gzip.decompress(gzipped) == Self.fixture("podinfo.v1.json"))
        #expect(try HelmReleaseCodec.decode(encoded) == record)
        // Through Codable too.
        let viaCodable = try JSONDecoder().decode(HelmReleaseRecord.self, from: JSONEncoder().encode(record))
        #expect(try HelmReleaseCodec.encodeJSON(viaCodable) == HelmReleaseCodec.encodeJSON(record))
    }

    @Test func acceptsRecordsWrittenBeforeCompression() throws {
        let plain = Data(try Self.fixture("podinfo.v1.json")).base64EncodedString()
        #expect(try HelmReleaseCodec.decode(plain) == Self.fixtureRecord())
        // Go's base64 decoder skips line breaks.
        let wrapped = stride(from: 0, to: plain.count, by: 76).map { start in
            String(plain.dropFirst(start).prefix(76))
        }.joined(separator: "\r\n")
        #expect(try HelmReleaseCodec.decode(wrapped) == Self.fixtureRecord())
    }

    @Test func writesGosSpellingOfValuesStringsAndTimes() throws {
        var record = HelmReleaseRecord(name: "demo", info: HelmReleaseInfo(firstDeployed: "2026-01-02T03:04:05.120000000+00:00",
                                                                         lastDeployed: "0001-01-01T00:00:00Z", status: .pendingUpgrade),
                                       version: 3, namespace: "")
        record.config = ["z": 1, "a": ["tiny": .double(1e-7), "huge": .double(1e21), "whole": .double(3), "neg": .double(-0.5)],
                         "beyond": .int(9_007_199_254_740_993), "text": "<a href=\"x\">&\u{2028}\u{1}é\tb</a>"]
        record.hooks = [HelmReleaseHook(name: "h", kind: "Job", path: "p", manifest: "", events: [], lastRun: HelmHookExecution(phase: ""))]
        let json = String(decoding: try HelmReleaseCodec.encodeJSON(record), as: UTF8.self)
        #expect(json == #"{"name":"demo","info":{"first_deployed":"2026-01-02T03:04:05.12Z","status":"pending-upgrade"},"#
            + #""config":{"a":{"huge":1e+21,"neg":-0.5,"tiny":1e-7,"whole":3},"beyond":9007199254740992,"#
            + #""text":"\u003ca href=\"x\"\u003e\u0026\u2028\u0001é\tb\u003c/a\u003e","z":1},"#
            + #""hooks":[{"name":"h","kind":"Job","path":"p","last_run":{"phase":""}}],"version":3}"#)
        // An empty record is what Go writes for a zero Release with an Info.
        #expect(String(decoding: try HelmReleaseCodec.encodeJSON(HelmReleaseRecord(name: "", info: HelmReleaseInfo(status: .unknown),
                                                                                    version: 0, namespace: "")), as: UTF8.self)
            == #"{"info":{"status":"unknown"}}"#)
    }

    @Test func readsOlderRecordsTimesAsHelm4Does() throws {
        let json = #"{"name":"old","info":{"first_deployed":"2020-05-01T10:00:00.000000001-07:00","last_deployed":"","deleted":""#
            + #"0001-01-01T00:00:00Z","status":"superseded","rollback_revision":2.0,"resources":{"v1/Pod":[]}},"#
            + #""hooks":[{"name":"t","last_run":{"started_at":"","completed_at":"0001-01-01T00:00:00Z","phase":"Unknown"}},null],"#
            + #""Version":4,"unknown":[1e999]}"#
        let record = try HelmReleaseCodec.decodeJSON(Array(json.utf8))
        #expect(record.info.firstDeployed == "2020-05-01T10:00:00.000000001-07:00")
        #expect(record.info.lastDeployed == nil)
        #expect(record.info.deleted == nil)
        #expect(record.info.rollbackRevision == 2)
        #expect(record.hooks == [HelmReleaseHook(name: "t", kind: "", path: "", manifest: "", events: [],
                                                 lastRun: HelmHookExecution(phase: "Unknown"))])
        #expect(record.version == 4, "keys match fields ignoring case, as encoding/json matches them")
    }

    @Test func refusesHostileRecordsWithTypedErrors() throws {
        func decodeJSON(_ text: String) -> HelmReleaseCodecError? {
            Self.error { _ = try HelmReleaseCodec.decodeJSON(Array(text.utf8)) }
        }
        #expect(Self.error { _ = try HelmReleaseCodec.decode("not base64!") }?.kind == .base64)
        #expect(Self.error { _ = try HelmReleaseCodec.decode("H4sIAA==") }?.kind == .gzip)
        let truncated = Array(Data(try HelmReleaseCodec.encode(Self.fixtureRecord()).utf8))
        let gzipped = [UInt8](try #require(Data(base64Encoded: Data(truncated))))
        #expect(Self.error { _ = try HelmReleaseCodec.decode(Data(gzipped.dropLast(20)).base64EncodedString()) }?.kind == .gzip)
        // A gzip bomb: 40 MiB of JSON whitespace in about 40 KiB.
        let bomb = Gzip.compress([UInt8](repeating: 0x20, count: 40 << 20), level: 9)
        let bombError = Self.error { _ = try HelmReleaseCodec.decode(Data(bomb).base64EncodedString()) }
        #expect(bombError?.kind == .tooLarge)
        #expect(bombError?.message == "the release record decompresses to more than 33554432 bytes")
        #expect(decodeJSON("{\"name\":")?.kind == .json)
        #expect(decodeJSON(String(repeating: "[", count: 600))?.kind == .json)
        #expect(decodeJSON(#"[1]"#)?.message == "json: cannot unmarshal array into Go value of type v1.Release")
        #expect(decodeJSON(#"{"name":5}"#)?.message == "json: cannot unmarshal number into Go struct field v1.Release.name of type string")
        #expect(decodeJSON(#"{"version":1e400}"#)?.message == "json: cannot unmarshal number into Go struct field v1.Release.version of type int")
        #expect(decodeJSON(#"{"version":99999999999999999999}"#)?.kind == .invalidRecord)
        #expect(decodeJSON(#"{"version":1.5}"#)?.kind == .invalidRecord)
        #expect(decodeJSON(#"{"config":{"a":[1e400]}}"#)?.kind == .invalidRecord)
        #expect(decodeJSON(#"{"info":{"notes":"x","z":-1e999}}"#)?.kind == .invalidRecord)
        #expect(decodeJSON(#"{"info":{"status":"exploded"}}"#)?.message == #"info.status "exploded" is not a Helm release status"#)
        #expect(decodeJSON(#"{"info":{"first_deployed":"2026-02-30T00:00:00Z"}}"#)?.kind == .invalidRecord)
        #expect(decodeJSON(#"{"info":{"first_deployed":"2026-01-01t00:00:00Z"}}"#)?.kind == .invalidRecord)
        #expect(decodeJSON(#"{"hooks":[{"weight":"5"}]}"#)?.message
            == "json: cannot unmarshal string into Go struct field Hook.hooks.weight of type int")
        #expect(decodeJSON(#"{"hooks":{}}"#)?.kind == .invalidRecord)
        #expect(decodeJSON(#"{"chart":{"templates":[{"name":"a","data":"%%%"}]}}"#)?.kind == .invalidRecord)
        #expect(decodeJSON(#"{"chart":{"metadata":{"maintainers":[7]}}}"#)?.kind == .invalidRecord)
        #expect(decodeJSON(#"{"chart":{"schemamodtime":""}}"#)?.kind == .invalidRecord)
        // What Go cannot write is refused on the way out, too.
        var infinite = HelmReleaseRecord(name: "x", info: HelmReleaseInfo(status: .deployed), version: 1, namespace: "")
        infinite.config = ["n": .double(.infinity)]
        #expect(Self.error { _ = try HelmReleaseCodec.encode(infinite) }?.kind == .invalidRecord)
        var badTime = HelmReleaseRecord(name: "x", info: HelmReleaseInfo(lastDeployed: "yesterday", status: .deployed), version: 1, namespace: "")
        #expect(Self.error { _ = try HelmReleaseCodec.encode(badTime) }?.kind == .invalidRecord)
        badTime.info.lastDeployed = nil
        #expect(try HelmReleaseCodec.decode(HelmReleaseCodec.encode(badTime)) == badTime)
    }

    @Test func fuzzedRecordsNeverTrap() throws {
        let json = try Self.fixture("podinfo.v1.json")
        let release = try Self.fixture("podinfo.v1.release")
        let gzipped = [UInt8](try #require(Data(base64Encoded: Data(release))))
        var fuzzer = Fuzzer(seed: 0x4E1A_15_2026)
        var decoded = 0
        for input in fuzzer.inputs(count: 1500, valid: [json, Array(#"{"info":{"status":"deployed"},"version":2}"#.utf8)]) {
            if (try? HelmReleaseCodec.decodeJSON(input)) != nil { decoded += 1 }
            _ = try? HelmReleaseCodec.decode(String(decoding: input, as: UTF8.self))
        }
        for input in fuzzer.inputs(count: 500, valid: [gzipped]) {
            _ = try? HelmReleaseCodec.decode(Data(input).base64EncodedString())
        }
        // Whatever decodes encodes again, to what decodes to the same record.
        for input in fuzzer.inputs(count: 300, valid: [json]) {
            guard let record = try? HelmReleaseCodec.decodeJSON(input) else { continue }
            #expect(try HelmReleaseCodec.decodeJSON(HelmReleaseCodec.encodeJSON(record)) == record)
        }
        #expect(decoded > 0)
    }

    @Test func chartJSONIsTheTopChartAsHelmRecordsIt() throws {
        let sub = HelmChart(metadata: ChartMetadata(["name": "sub", "version": "0.1.0", "apiVersion": "v2"]))
        let chart = HelmChart(
            metadata: ChartMetadata(["apiVersion": "v2", "name": "demo", "version": "1.2.3", "appVersion": "v9",
                                     "description": "two\nlines\u{7}", "annotations": ["b": "2", "a": "1"],
                                     "dependencies": [["name": "sub", "repository": "", "enabled": true]]]),
            values: ["replicas": 2, "image": ["tag": "x"]], schema: Array("{}".utf8),
            templates: [ChartFile(name: "templates/a.yaml", data: Array("kind: A\n".utf8))], files: [],
            dependencies: [sub])
        let json = HelmReleaseRecord.chartJSON(chart)
        let record = HelmReleaseRecord(name: "demo", info: HelmReleaseInfo(status: .deployed), chart: json, version: 1, namespace: "d")
        #expect((record.chartName, record.chartVersion, record.appVersion) == ("demo", "1.2.3", "v9"))
        let text = String(decoding: try GoJSONProbe.chart(record), as: UTF8.self)
        #expect(text == #"{"metadata":{"name":"demo","version":"1.2.3","description":"two lines","apiVersion":"v2","appVersion":"v9","#
            + #""annotations":{"a":"1","b":"2"},"dependencies":[{"name":"sub","repository":"","enabled":true}]},"lock":null,"#
            + #""templates":[{"name":"templates/a.yaml","data":"a2luZDogQQo="}],"values":{"image":{"tag":"x"},"replicas":2},"#
            + #""schema":"e30=","schemamodtime":"0001-01-01T00:00:00Z","files":null}"#)
    }
}

/// The chart member of a record's JSON, as the codec writes it.
enum GoJSONProbe {
    static func chart(_ record: HelmReleaseRecord) throws -> [UInt8] {
        let json = String(decoding: try HelmReleaseCodec.encodeJSON(record), as: UTF8.self)
        guard let start = json.range(of: #""chart":"#), let end = json.range(of: #","version":"#, options: .backwards) else { return [] }
        return Array(json[start.upperBound..<end.lowerBound].utf8)
    }
}
