import SluiceAPI
import SluiceCore

/// A `Decoder` that invents a value for every field it is asked for, so any Codable API type can be built
/// without writing a sample by hand — and a field added to a type shows up in the sample automatically.
///
/// In `.full` mode every optional field is present (maps and arrays hold one entry); in `.minimal` mode only
/// required fields are, below the root (the root's `spec` and `status` are always decoded so both are visited).
struct SampleDecoder: Decoder {
    enum Mode { case full, minimal }

    var mode: Mode
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Whether optional fields are present at this level.
    var includesOptionals: Bool { mode == .full || codingPath.isEmpty }

    /// A sample of `type`.
    static func sample<T: Decodable>(_ type: T.Type, mode: Mode) throws -> T {
        try T(from: SampleDecoder(mode: mode))
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { Unkeyed(decoder: self) }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

    /// Values for types whose string form must parse, and for primitives.
    func value<T: Decodable>(_ type: T.Type, at path: [any CodingKey]) throws -> T {
        if let primitive = Self.primitive(type) { return primitive }
        if type == GoDuration.self { return GoDuration.seconds(90) as! T }
        if type == ResourceIdentifier.self {
            return ResourceIdentifier(namespace: "default", name: "app", group: "apps", kind: "Deployment") as! T
        }
        if type == ConditionStatus.self { return ConditionStatus.true as! T }
        // A free-form tree would offer a keyed container forever; give it a small fixed one.
        if type == JSONValue.self { return JSONValue.object(["replicaCount": 2, "image": ["tag": "1.0"]]) as! T }
        return try T(from: SampleDecoder(mode: mode, codingPath: path))
    }

    static func primitive<T>(_ type: T.Type) -> T? {
        switch type {
        case is Bool.Type: return true as? T
        case is String.Type: return "sample" as? T
        case is Double.Type: return 1.5 as? T
        case is Float.Type: return Float(1.5) as? T
        case is Int.Type: return 1 as? T
        case is Int8.Type: return Int8(1) as? T
        case is Int16.Type: return Int16(1) as? T
        case is Int32.Type: return Int32(1) as? T
        case is Int64.Type: return Int64(1) as? T
        case is UInt.Type: return UInt(1) as? T
        case is UInt8.Type: return UInt8(1) as? T
        case is UInt16.Type: return UInt16(1) as? T
        case is UInt32.Type: return UInt32(1) as? T
        case is UInt64.Type: return UInt64(1) as? T
        default: return nil
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(stringValue: String) { self.stringValue = stringValue }
        init(intValue: Int) {
            stringValue = "\(intValue)"
            self.intValue = intValue
        }
    }

    struct Keyed<K: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: SampleDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }
        var allKeys: [K] { K(stringValue: "key").map { [$0] } ?? [] }

        func contains(_ key: K) -> Bool { decoder.includesOptionals }
        func decodeNil(forKey key: K) throws -> Bool { false }
        func decode(_ type: Bool.Type, forKey key: K) throws -> Bool { true }
        func decode(_ type: String.Type, forKey key: K) throws -> String { "sample" }
        func decode(_ type: Double.Type, forKey key: K) throws -> Double { 1.5 }
        func decode(_ type: Float.Type, forKey key: K) throws -> Float { 1.5 }
        func decode(_ type: Int.Type, forKey key: K) throws -> Int { 1 }
        func decode(_ type: Int8.Type, forKey key: K) throws -> Int8 { 1 }
        func decode(_ type: Int16.Type, forKey key: K) throws -> Int16 { 1 }
        func decode(_ type: Int32.Type, forKey key: K) throws -> Int32 { 1 }
        func decode(_ type: Int64.Type, forKey key: K) throws -> Int64 { 1 }
        func decode(_ type: UInt.Type, forKey key: K) throws -> UInt { 1 }
        func decode(_ type: UInt8.Type, forKey key: K) throws -> UInt8 { 1 }
        func decode(_ type: UInt16.Type, forKey key: K) throws -> UInt16 { 1 }
        func decode(_ type: UInt32.Type, forKey key: K) throws -> UInt32 { 1 }
        func decode(_ type: UInt64.Type, forKey key: K) throws -> UInt64 { 1 }
        func decode<T: Decodable>(_ type: T.Type, forKey key: K) throws -> T {
            try decoder.value(type, at: codingPath + [key])
        }
        func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: K) throws -> KeyedDecodingContainer<N> {
            KeyedDecodingContainer(Keyed<N>(decoder: SampleDecoder(mode: decoder.mode, codingPath: codingPath + [key])))
        }
        func nestedUnkeyedContainer(forKey key: K) throws -> any UnkeyedDecodingContainer {
            Unkeyed(decoder: SampleDecoder(mode: decoder.mode, codingPath: codingPath + [key]))
        }
        func superDecoder() throws -> any Decoder { decoder }
        func superDecoder(forKey key: K) throws -> any Decoder {
            SampleDecoder(mode: decoder.mode, codingPath: codingPath + [key])
        }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let decoder: SampleDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }
        var count: Int? { 1 }
        var currentIndex = 0
        var isAtEnd: Bool { currentIndex >= 1 }

        init(decoder: SampleDecoder) { self.decoder = decoder }

        mutating func decodeNil() throws -> Bool { false }
        mutating func decode(_ type: Bool.Type) throws -> Bool { currentIndex += 1; return true }
        mutating func decode(_ type: String.Type) throws -> String { currentIndex += 1; return "sample" }
        mutating func decode(_ type: Double.Type) throws -> Double { currentIndex += 1; return 1.5 }
        mutating func decode(_ type: Float.Type) throws -> Float { currentIndex += 1; return 1.5 }
        mutating func decode(_ type: Int.Type) throws -> Int { currentIndex += 1; return 1 }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { currentIndex += 1; return 1 }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { currentIndex += 1; return 1 }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { currentIndex += 1; return 1 }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { currentIndex += 1; return 1 }
        mutating func decode(_ type: UInt.Type) throws -> UInt { currentIndex += 1; return 1 }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { currentIndex += 1; return 1 }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { currentIndex += 1; return 1 }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { currentIndex += 1; return 1 }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { currentIndex += 1; return 1 }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            defer { currentIndex += 1 }
            return try decoder.value(type, at: codingPath + [Key(intValue: currentIndex)])
        }
        mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type) throws -> KeyedDecodingContainer<N> {
            defer { currentIndex += 1 }
            return KeyedDecodingContainer(Keyed<N>(decoder: SampleDecoder(
                mode: decoder.mode, codingPath: codingPath + [Key(intValue: currentIndex)])))
        }
        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            defer { currentIndex += 1 }
            return Unkeyed(decoder: SampleDecoder(mode: decoder.mode, codingPath: codingPath + [Key(intValue: currentIndex)]))
        }
        mutating func superDecoder() throws -> any Decoder { decoder }
    }

    struct Single: SingleValueDecodingContainer {
        let decoder: SampleDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }

        func decodeNil() -> Bool { false }
        func decode(_ type: Bool.Type) throws -> Bool { true }
        func decode(_ type: String.Type) throws -> String { "sample" }
        func decode(_ type: Double.Type) throws -> Double { 1.5 }
        func decode(_ type: Float.Type) throws -> Float { 1.5 }
        func decode(_ type: Int.Type) throws -> Int { 1 }
        func decode(_ type: Int8.Type) throws -> Int8 { 1 }
        func decode(_ type: Int16.Type) throws -> Int16 { 1 }
        func decode(_ type: Int32.Type) throws -> Int32 { 1 }
        func decode(_ type: Int64.Type) throws -> Int64 { 1 }
        func decode(_ type: UInt.Type) throws -> UInt { 1 }
        func decode(_ type: UInt8.Type) throws -> UInt8 { 1 }
        func decode(_ type: UInt16.Type) throws -> UInt16 { 1 }
        func decode(_ type: UInt32.Type) throws -> UInt32 { 1 }
        func decode(_ type: UInt64.Type) throws -> UInt64 { 1 }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.value(type, at: codingPath) }
    }
}
