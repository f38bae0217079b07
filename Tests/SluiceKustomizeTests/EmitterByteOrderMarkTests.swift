import SluiceCore
import SluiceKustomize
import Testing

/// A string starting with a byte order mark, printed as `kubectl kustomize` prints it (recorded with kubectl 1.32).
@Suite struct EmitterByteOrderMarkTests {
    @Test func aLeadingByteOrderMarkEscapesEveryCharacter() {
        let value: JSONValue = ["bom.txt": "\u{FEFF}bom text", "inner": "a\u{FEFF}b"]
        let text = KustomizeYAMLEmitter().emit(document: value)
        #expect(text == #"""
            bom.txt: "\uFEFF\x62\x6F\x6D\x20\x74\x65\x78\x74"
            inner: "a\uFEFFb"

            """#)
    }
}
