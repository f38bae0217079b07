import Foundation
import SluiceAPI
import SluiceCore
import Testing

/// The schema of every kind must describe exactly what its Swift type encodes.
@Suite struct SchemaAgreementTests {
    static let kinds: [String] = APIScheme.resources.map { $0.kind }

    static func resource(_ kind: String) throws -> any CustomResource.Type {
        try #require(APIScheme.resources.first { $0.kind == kind })
    }

    static func encode(_ kind: String, mode: SampleDecoder.Mode) throws -> JSONValue {
        let type = try resource(kind)
        return try encodedSample(of: type, mode: mode)
    }

    static func encodedSample<T: CustomResource>(of type: T.Type, mode: SampleDecoder.Mode) throws -> JSONValue {
        let sample = try SampleDecoder.sample(T.self, mode: mode)
        return try KubeObject(encoding: sample).value
    }

    @Test("every schema property is encoded by a fully populated value, and nothing else", arguments: kinds)
    func propertiesMatchEncodedKeys(kind: String) throws {
        let type = try Self.resource(kind)
        var walker = SchemaWalker(expectation: .allProperties)
        walker.walkRoot(try Self.encode(kind, mode: .full), type.openAPISchema)
        #expect(walker.problems.isEmpty, "\(kind):\n\(walker.problems.joined(separator: "\n"))")
    }

    @Test("required schema properties are exactly the type's non-optional fields", arguments: kinds)
    func requiredMatchesNonOptional(kind: String) throws {
        let type = try Self.resource(kind)
        var walker = SchemaWalker(expectation: .requiredProperties)
        walker.walkRoot(try Self.encode(kind, mode: .minimal), type.openAPISchema)
        #expect(walker.problems.isEmpty, "\(kind):\n\(walker.problems.joined(separator: "\n"))")
    }

    @Test("a fully populated value survives an encode/decode round trip", arguments: kinds)
    func populatedValueRoundTrips(kind: String) throws {
        let type = try Self.resource(kind)
        try Self.roundTrip(type)
    }

    static func roundTrip<T: CustomResource>(_ type: T.Type) throws {
        let sample = try SampleDecoder.sample(T.self, mode: .full)
        var object = try KubeObject(encoding: sample)
        object.apiVersion = T.apiVersion
        object.kind = T.kind
        let decoded = try APIScheme.decodeResource(object)
        #expect(decoded is T)
        #expect(try KubeObject(encoding: decoded).value == object.value)
    }
}
