import Foundation
import SluiceCore

/// Decodes the protobuf request bodies kubectl's typed clients send (`kubectl create deployment|service|job|…`).
///
/// kubectl encodes built-in kinds as protobuf and does not fall back to JSON on 415, so every built-in message is read
/// from the wire format (`k8s\0` + `runtime.Unknown`) through ``ProtobufTable`` into the JSON object Go's encoder would
/// write: int-or-string, quantities as strings, times in RFC 3339, bytes as base64, zero values of `omitempty` fields
/// left out. Hostile bodies are refused, never trapped on: every length is checked against what is left, nesting
/// is bounded, and times outside years 1–9999 are refused.
enum ProtobufBody {
    /// The deepest nesting of messages accepted (a Pod template in a Job template in a CronJob is about 12).
    static let maxDepth = 48

    /// One field on the wire: number, wire type and raw payload.
    private struct WireField {
        var number: Int
        var wireType: UInt64
        var varint: UInt64 = 0
        var bytes: ArraySlice<UInt8> = []
    }

    private static func malformed(_ detail: String = "") -> APIError {
        .badRequest("malformed protobuf body" + (detail.isEmpty ? "" : ": " + detail))
    }

    private static func fields(_ data: ArraySlice<UInt8>) throws(APIError) -> [WireField] {
        var result: [WireField] = []
        var i = data.startIndex
        func varint() throws(APIError) -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard i < data.endIndex, shift < 64 else { throw malformed() }
                let byte = data[i]
                i += 1
                value |= UInt64(byte & 0x7f) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
        }
        // Every length is checked against what is left (by subtraction) before it moves `i`:
        // a hostile body can name any 64-bit length, and neither `Int(_:)` nor `i + length` may trap on it.
        func take(_ count: Int) throws(APIError) -> ArraySlice<UInt8> {
            guard count <= data.endIndex - i else { throw malformed("a field runs past the end") }
            defer { i += count }
            return data[i..<(i + count)]
        }
        while i < data.endIndex {
            let key = try varint()
            guard let number = Int(exactly: key >> 3), number > 0 else { throw malformed() }
            var field = WireField(number: number, wireType: key & 7)
            switch key & 7 {
            case 0: field.varint = try varint()
            case 2:
                guard let length = Int(exactly: try varint()) else { throw malformed("a field runs past the end") }
                field.bytes = try take(length)
            case 1:
                field.bytes = try take(8)
                field.varint = field.bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
            case 5:
                field.bytes = try take(4)
                field.varint = field.bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
            default: throw malformed()
            }
            result.append(field)
        }
        return result
    }

    /// The object in a protobuf body, as JSON.
    static func decode(_ body: [UInt8], table: ProtobufTable = .shared) throws(APIError) -> JSONValue {
        guard body.count >= 4, body[0...3] == [0x6b, 0x38, 0x73, 0x00] else { throw malformed() }
        var apiVersion = ""
        var kind = ""
        var raw: ArraySlice<UInt8> = []
        for field in try fields(body[4...]) where field.wireType == 2 {
            if field.number == 1 {
                for meta in try fields(field.bytes) where meta.wireType == 2 {
                    if meta.number == 1 { apiVersion = String(decoding: meta.bytes, as: UTF8.self) }
                    if meta.number == 2 { kind = String(decoding: meta.bytes, as: UTF8.self) }
                }
            }
            if field.number == 2 { raw = field.bytes }
        }
        guard let message = table.message(apiVersion: apiVersion, kind: kind) else {
            throw APIError(code: 415, reason: "UnsupportedMediaType",
                           message: "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (protobuf only for built-in kinds; not \(kind.prefix(100)) in \(apiVersion.prefix(100)))")
        }
        guard case .object(var object) = try decodeMessage(raw, name: message, table: table, depth: 0) else { throw malformed() }
        object["apiVersion"] = .string(apiVersion)
        object["kind"] = .string(kind)
        return .object(object)
    }

    /// A message as Go's JSON encoder writes it: an object, or an array for slice types.
    private static func decodeMessage(_ bytes: ArraySlice<UInt8>, name: String, table: ProtobufTable,
                                      depth: Int) throws(APIError) -> JSONValue
    {
        guard depth < maxDepth else { throw malformed("nested too deeply") }
        guard let message = table.messages[name] else { return .object(JSONObject()) }
        var values: [Int: JSONValue] = [:]
        var order: [Int] = []
        for wire in try fields(bytes) {
            guard let field = message.fields[wire.number] else { continue }
            if values[wire.number] == nil { order.append(wire.number) }
            if field.repeated {
                var items = values[wire.number]?.arrayValue ?? []
                if wire.wireType == 2, let packed = packedScalars(field.type) {
                    // Packed repeated scalars: a run of varints (or fixed values) in one field.
                    for inner in try fields(Self.packedKeys(wire.bytes, wireType: packed)) {
                        items.append(try scalar(inner, type: field.type))
                    }
                } else {
                    items.append(try value(wire, type: field.type, table: table, depth: depth))
                }
                values[wire.number] = .array(items)
            } else if case .map(let keyType, let valueType) = field.type {
                var map = values[wire.number]?.objectValue ?? JSONObject()
                guard wire.wireType == 2 else { throw malformed("a map entry is not length-delimited") }
                var key = ""
                var entry: JSONValue?
                for part in try fields(wire.bytes) {
                    if part.number == 1 { key = try value(part, type: keyType, table: table, depth: depth).stringForm }
                    if part.number == 2 { entry = try value(part, type: valueType, table: table, depth: depth) }
                }
                map[key] = entry ?? zero(valueType)
                values[wire.number] = .object(map)
            } else {
                values[wire.number] = try value(wire, type: field.type, table: table, depth: depth)
            }
        }
        if message.isArray { return values[1] ?? .array([]) }
        var object = JSONObject()
        for number in order {
            guard let field = message.fields[number], let value = values[number] else { continue }
            guard let jsonName = field.jsonName else {
                // `json:",inline"`: the member's fields are the parent's.
                for (key, inner) in value.objectValue ?? JSONObject() { object[key] = inner }
                continue
            }
            if value.isNull { continue }
            if field.omitEmpty && !field.pointer && isEmpty(value, type: field.type) { continue }
            object[jsonName] = value
        }
        return .object(object)
    }

    /// The wire type of a packed run for a scalar type, if it can be packed.
    private static func packedScalars(_ type: ProtobufTable.FieldType) -> UInt64? {
        switch type {
        case .bool, .int, .uint: 0
        case .double: 1
        case .float: 5
        default: nil
        }
    }

    /// A packed run rewritten as fields numbered 1 so that ``fields(_:)`` reads it with its bounds checks.
    private static func packedKeys(_ bytes: ArraySlice<UInt8>, wireType: UInt64) throws(APIError) -> ArraySlice<UInt8> {
        var out: [UInt8] = []
        var i = bytes.startIndex
        let key = UInt8(1 << 3 | wireType)
        while i < bytes.endIndex {
            out.append(key)
            switch wireType {
            case 0:
                while true {
                    guard i < bytes.endIndex else { throw malformed("a packed field runs past the end") }
                    out.append(bytes[i])
                    i += 1
                    if out.last! & 0x80 == 0 { break }
                }
            default:
                let width = wireType == 1 ? 8 : 4
                guard width <= bytes.endIndex - i else { throw malformed("a packed field runs past the end") }
                out.append(contentsOf: bytes[i..<(i + width)])
                i += width
            }
        }
        return out[...]
    }

    private static func value(_ wire: WireField, type: ProtobufTable.FieldType, table: ProtobufTable,
                              depth: Int) throws(APIError) -> JSONValue
    {
        switch type {
        case .string, .bytes, .rawJSON, .time, .microTime, .duration, .intOrString, .quantity, .message, .map:
            guard wire.wireType == 2 else { throw malformed("field \(wire.number) is not length-delimited") }
        default:
            break
        }
        switch type {
        case .string: return .string(String(decoding: wire.bytes, as: UTF8.self))
        case .bytes: return .string(Data(wire.bytes).base64EncodedString())
        case .rawJSON:
            if wire.bytes.isEmpty { return .null }
            for part in try fields(wire.bytes) where part.number == 1 && part.wireType == 2 {
                guard !part.bytes.isEmpty else { return .null }
                do {
                    return try JSONParser().parse(part.bytes)
                } catch {
                    throw malformed("an embedded object is not JSON")
                }
            }
            return .null
        case .time, .microTime:
            if wire.bytes.isEmpty { return .null }  // Go's zero time: no bytes at all
            var seconds: Int64 = 0
            var nanos: Int64 = 0
            for part in try fields(wire.bytes) where part.wireType == 0 {
                if part.number == 1 { seconds = Int64(bitPattern: part.varint) }
                if part.number == 2 { nanos = Int64(bitPattern: part.varint) }
            }
            return try time(seconds: seconds, nanos: nanos, micro: type == .microTime)
        case .duration:
            var nanoseconds: Int64 = 0
            for part in try fields(wire.bytes) where part.number == 1 && part.wireType == 0 { nanoseconds = Int64(bitPattern: part.varint) }
            return .string(GoDuration(nanoseconds: nanoseconds).description)
        case .intOrString:
            var isString = false
            var int: Int64 = 0
            var string = ""
            for part in try fields(wire.bytes) {
                switch (part.number, part.wireType) {
                case (1, 0): isString = part.varint == 1
                case (2, 0): int = Int64(Int32(truncatingIfNeeded: part.varint))
                case (3, 2): string = String(decoding: part.bytes, as: UTF8.self)
                default: break
                }
            }
            return isString ? .string(string) : .int(int)
        case .quantity:
            var string = ""
            for part in try fields(wire.bytes) where part.number == 1 && part.wireType == 2 {
                string = String(decoding: part.bytes, as: UTF8.self)
            }
            return .string(string.isEmpty ? "0" : string)
        case .message(let name):
            return try decodeMessage(wire.bytes, name: name, table: table, depth: depth + 1)
        case .map:
            throw malformed()
        case .bool, .int, .uint, .double, .float:
            return try scalar(wire, type: type)
        }
    }

    private static func scalar(_ wire: WireField, type: ProtobufTable.FieldType) throws(APIError) -> JSONValue {
        switch (type, wire.wireType) {
        case (.bool, 0): return .bool(wire.varint != 0)
        case (.int, 0): return .int(Int64(bitPattern: wire.varint))
        case (.uint, 0): return Int64(exactly: wire.varint).map(JSONValue.int) ?? .double(Double(wire.varint))
        case (.double, 1):
            let value = Double(bitPattern: wire.varint)
            return value.isFinite ? .double(value) : .null
        case (.float, 5):
            let value = Float(bitPattern: UInt32(truncatingIfNeeded: wire.varint))
            return value.isFinite ? .double(Double(value)) : .null
        default: throw malformed("field \(wire.number) has the wrong wire type")
        }
    }

    /// Years 1 to 9999, as RFC 3339 can write them.
    static let timeRange: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

    /// A time as `metav1.Time` (seconds) or `metav1.MicroTime` (microseconds) writes it; null for Go's zero time.
    private static func time(seconds: Int64, nanos: Int64, micro: Bool) throws(APIError) -> JSONValue {
        if seconds == timeRange.lowerBound && nanos == 0 { return .null }
        guard timeRange.contains(seconds), (0..<1_000_000_000).contains(nanos) else { throw malformed("a time is out of range") }
        let date = Date(timeIntervalSince1970: Double(seconds))
        guard micro else { return .string(Timestamp.rfc3339(date)) }
        let fraction = String(nanos / 1000)
        return .string(Timestamp.rfc3339(date).dropLast() + "." + String(repeating: "0", count: 6 - fraction.count) + fraction + "Z")
    }

    /// Whether Go's `omitempty` leaves the value out: zero scalars, empty strings, slices and maps (structs never).
    private static func isEmpty(_ value: JSONValue, type: ProtobufTable.FieldType) -> Bool {
        switch value {
        case .null: return true
        case .bool(let b): return !b
        case .int(let i): return i == 0
        case .double(let d): return d == 0
        case .string(let s):
            switch type {
            case .string, .bytes: return s.isEmpty
            default: return false
            }
        case .array(let a): return a.isEmpty
        case .object(let o):
            if case .map = type { return o.isEmpty }
            return false
        }
    }

    /// The JSON of a map value absent from its entry.
    private static func zero(_ type: ProtobufTable.FieldType) -> JSONValue {
        switch type {
        case .string, .bytes: .string("")
        case .bool: .bool(false)
        case .int, .uint: .int(0)
        case .double, .float: .double(0)
        case .quantity: .string("0")
        case .message, .map: .object(JSONObject())
        default: .null
        }
    }
}

private extension JSONValue {
    /// A map key as a string (keys of integer maps are written in decimal, as Go writes them).
    var stringForm: String {
        switch self {
        case .string(let s): s
        case .int(let i): String(i)
        case .bool(let b): String(b)
        default: ""
        }
    }
}
