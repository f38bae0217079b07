import SluiceTestSupport
import Testing
@testable import SluiceCore

/// Seeded fuzzing of the JSON and YAML codecs, which read request bodies, manifests from Git and stored objects.
/// A trap ends the test process, so each test passes when every input is either decoded or refused with an error.
@Suite struct CodecFuzzTests {
    static let validJSON = [
        #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","labels":{"x":"y"}},"data":{"k":"v\u00e9\ud83d\ude00\n"}}"#,
        #"[1, -2.5e10, 12345678901234567890, true, false, null, "\"\\\/\b\f\n\r\t", {"a": [[], {}]}]"#,
        #"{"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80}]}]}}}}"#,
    ].map { Array($0.utf8) }

    static let validYAML = [
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: {x: y}\ndata:\n  k: |\n    line\n  n: 0123\n  b: yes\n",
        "---\nbase: &b {a: 1, c: [1, 2]}\nmerged:\n  <<: *b\n  d: !!str 3\nlist:\n- *b\n- 'q''uote'\n- \"esc\\u00e9\"\n...\n---\n- 1.5e3\n- .inf\n- ~\n- 0x1F\n",
        "key: >-\n  folded\n  text\nnested:\n  - a: [1, {b: c}]\n    d: !!binary aGk=\n  - ? complex\n    : value\ntime: 2001-12-14t21:59:43.10-05:00\n",
    ].map { Array($0.utf8) }

    @Test func jsonNeverTraps() {
        var fuzzer = Fuzzer(seed: 0x5eed_1008)
        var parsed = 0
        for input in fuzzer.inputs(count: 6000, valid: Self.validJSON) {
            if let value = try? JSONParser().parse(input) {
                parsed += 1
                // What was parsed serializes and parses back to the same value.
                #expect((try? JSONParser().parse(JSONSerializer().bytes(value))) == value)
            }
        }
        #expect(parsed > 100)
    }

    @Test func unpairedSurrogateEscapesBecomeReplacementCharacters() throws {
        // `\uD800` followed by an escape that is not a low surrogate used to underflow and trap.
        #expect(try JSONParser().parse(#""\ud800\u0041""#) == "\u{FFFD}A")
        #expect(try JSONParser().parse(#""\ud800\ud83d\ude00""#) == "\u{FFFD}😀")
        #expect(try JSONParser().parse(#""\udc00x""#) == "\u{FFFD}x")
        #expect(try JSONParser().parse(#""\ud800""#) == "\u{FFFD}")
    }

    @Test func integralNumbersBeyondInt64SerializeAsGoWritesThem() throws {
        // `Int64(d)` trapped for integral doubles between Int64.max and 1e21, so such a number in a body crashed the server.
        let value = try JSONParser().parse("[12345678901234567890, -1e20, 9.3e18, 1e21, 0.5]")
        #expect(JSONSerializer().string(value) == "[12345678901234567000,-100000000000000000000,9300000000000000000,1e+21,0.5]")
        #expect(try JSONParser().parse(JSONSerializer().bytes(value)) == value)
    }

    @Test func yamlNeverTraps() {
        var fuzzer = Fuzzer(seed: 0x5eed_1108)
        var parsed = 0
        for input in fuzzer.inputs(count: 3000, valid: Self.validYAML) {
            let text = String(decoding: input, as: UTF8.self)
            if (try? YAMLReader().documents(text)) != nil { parsed += 1 }
            _ = try? ManifestReader().objects(text)
        }
        #expect(parsed > 100)
    }

    @Test func deepYAMLNestingIsRefusedNotAStackOverflow() {
        for text in [String(repeating: "[", count: 100_000), String(repeating: "{a: ", count: 50_000),
                     String(repeating: "- ", count: 50_000) + "x"]
        {
            #expect(throws: ManifestError.self) { try YAMLReader().documents(text) }
        }
    }
}
