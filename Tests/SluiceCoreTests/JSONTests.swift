import Testing
@testable import SluiceCore

@Suite struct JSONTests {
    @Test func parsesKeepingKeyOrderAndNumberKinds() throws {
        let value = try JSONParser().parse(#"{"z": 1, "a": 2.5, "m": [true, null, "x\u00e9\n"], "big": 12345678901234}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m", "big"])
        #expect(value["z"] == .int(1))
        if case .double(2.5)? = value["a"] {} else { Issue.record("expected a double") }
        #expect(value["m"] == [true, .null, "xé\n"])
        #expect(value["big"]?.intValue == 12_345_678_901_234)
    }

    @Test func serializesAndRoundTrips() throws {
        let text = #"{"b":[1,2.5,"q\"uote\\"],"a":{"c":null,"d":false}}"#
        let value = try JSONParser().parse(text)
        #expect(JSONSerializer().string(value) == text)
        #expect(try JSONParser().parse(JSONSerializer(pretty: true).string(value)) == value)
    }

    @Test func surrogatePairsDecode() throws {
        #expect(try JSONParser().parse(#""\ud83d\ude00""#) == "😀")
    }

    @Test(arguments: ["{", "[1,]", "{\"a\" 1}", "tru", "\"open", "1 2", "{\"a\":1,}"])
    func rejectsMalformedJSON(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser().parse(text) }
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONParseError.self) { try JSONParser(maxDepth: 512).parse(deep) }
    }

    @Test func equalityIgnoresKeyOrderAndNumberRepresentation() {
        let a: JSONValue = ["x": 1, "y": ["k": "v"]]
        let b: JSONValue = ["y": ["k": "v"], "x": 1.0]
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
    }

    @Test func mergePatchAppliesAndDiffs() {
        let original: JSONValue = ["spec": ["replicas": 1, "paused": true], "status": ["x": 1]]
        let modified: JSONValue = ["spec": ["replicas": 3], "status": ["x": 1], "new": "v"]
        let patch = MergePatch.diff(from: original, to: modified)
        #expect(patch == ["spec": ["replicas": 3, "paused": .null], "new": "v"])
        #expect(MergePatch.apply(patch!, to: original) == modified)
        #expect(MergePatch.diff(from: original, to: original) == nil)
    }
}
