import SluiceAPI
import SluiceCore
import Testing

/// Decoding failures name the document, the field and the value.
@Suite struct DecodeErrorTests {
    static func decode(_ yaml: String) throws(ManifestError) -> any APIObject {
        let objects = try ManifestReader().objects(yaml, source: "test.yaml")
        return try APIScheme.decode(objects[0], document: 1, source: "test.yaml")
    }

    @Test("an unknown kind is refused with .unknownKind")
    func unknownKind() throws {
        let error = try #require(throws: ManifestError.self) {
            try Self.decode("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w, namespace: default}
                spec: {}
                """)
        }
        guard case .unknownKind(let name) = error.reason else {
            Issue.record("expected .unknownKind, got \(error.reason)")
            return
        }
        #expect(name.contains("Widget"))
        #expect(name.contains("example.com/v1"))
        #expect(error.source == "test.yaml")
        #expect(error.object == "Widget/default/w")
    }

    @Test("a known kind at a version Sluice does not serve names the served version")
    func unservedVersion() throws {
        let error = try #require(throws: ManifestError.self) {
            try Self.decode("""
                apiVersion: source.toolkit.fluxcd.io/v1beta2
                kind: GitRepository
                metadata: {name: podinfo}
                spec: {interval: 1m, url: "https://example.com/repo"}
                """)
        }
        guard case .unknownKind(let name) = error.reason else {
            Issue.record("expected .unknownKind, got \(error.reason)")
            return
        }
        #expect(name.contains("served: source.toolkit.fluxcd.io/v1"))
    }

    @Test("a missing required field is named")
    func missingURL() throws {
        let error = try #require(throws: ManifestError.self) {
            try Self.decode("""
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata: {name: podinfo, namespace: default}
                spec:
                  interval: 1m
                  ref: {branch: main}
                """)
        }
        guard case .invalidField(let field, _, let problem) = error.reason else {
            Issue.record("expected .invalidField, got \(error.reason)")
            return
        }
        #expect(field == "spec.url")
        #expect(problem.contains("missing"))
        #expect(error.description.contains("spec.url"))
        #expect(error.object == "GitRepository/default/podinfo")
    }

    @Test("an invalid duration names the field and the value")
    func invalidInterval() throws {
        let error = try #require(throws: ManifestError.self) {
            try Self.decode("""
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata: {name: podinfo, namespace: default}
                spec:
                  interval: 10x
                  url: https://github.com/stefanprodan/podinfo
                """)
        }
        guard case .invalidField(let field, let value, _) = error.reason else {
            Issue.record("expected .invalidField, got \(error.reason)")
            return
        }
        #expect(field == "spec.interval")
        #expect(value?.contains("10x") == true)
        #expect(error.description.contains("spec.interval"))
        #expect(error.description.contains("10x"))
    }

    @Test("a nested field of the wrong type is named with its path")
    func nestedTypeMismatch() throws {
        let error = try #require(throws: ManifestError.self) {
            try Self.decode("""
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: GitRepository
                metadata: {name: podinfo}
                spec:
                  interval: 1m
                  url: https://github.com/stefanprodan/podinfo
                  include:
                    - repository: {name: [not, a, string]}
                """)
        }
        guard case .invalidField(let field, _, _) = error.reason else {
            Issue.record("expected .invalidField, got \(error.reason)")
            return
        }
        #expect(field == "spec.include[0].repository.name")
    }
}
