import Foundation
import SluiceCore

/// Decodes the protobuf request bodies `kubectl create namespace|configmap|secret|serviceaccount` send.
///
/// kubectl's typed clients encode built-in kinds as protobuf and do not fall
/// back to JSON on 415, so these few simple kinds are read from the wire
/// format (`k8s\0` + `runtime.Unknown`). Other kinds get 415.
enum ProtobufBody {
    /// One field of a message: number and raw payload.
    private struct Field {
        var number: Int
        var varint: UInt64 = 0
        var bytes: ArraySlice<UInt8> = []
    }

    private static func fields(_ data: ArraySlice<UInt8>) throws(APIError) -> [Field] {
        var result: [Field] = []
        var i = data.startIndex
        func varint() throws(APIError) -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard i < data.endIndex, shift < 64 else { throw .badRequest("malformed protobuf body") }
                let byte = data[i]
                i += 1
                value |= UInt64(byte & 0x7f) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
        }
        // Every length is checked against what is left (by subtraction) before it moves `i`:
        // a hostile body can name any 64-bit length, and neither `Int(_:)` nor `i + length` may trap on it.
        func skip(_ count: Int) throws(APIError) {
            guard count <= data.endIndex - i else { throw .badRequest("malformed protobuf body: a field runs past the end") }
            i += count
        }
        while i < data.endIndex {
            let key = try varint()
            guard let number = Int(exactly: key >> 3) else { throw .badRequest("malformed protobuf body") }
            var field = Field(number: number)
            switch key & 7 {
            case 0: field.varint = try varint()
            case 2:
                guard let length = Int(exactly: try varint()), length <= data.endIndex - i else {
                    throw .badRequest("malformed protobuf body: a field runs past the end")
                }
                field.bytes = data[i..<(i + length)]
                i += length
            case 1: try skip(8)
            case 5: try skip(4)
            default: throw .badRequest("malformed protobuf body")
            }
            result.append(field)
        }
        return result
    }

    private static func string(_ bytes: ArraySlice<UInt8>) -> JSONValue { .string(String(decoding: bytes, as: UTF8.self)) }

    private static func map(_ entries: [Field], base64: Bool) throws(APIError) -> JSONValue {
        var object = JSONObject()
        for entry in entries {
            var key = ""
            var value: JSONValue = ""
            for part in try fields(entry.bytes) {
                if part.number == 1 { key = String(decoding: part.bytes, as: UTF8.self) }
                if part.number == 2 { value = base64 ? .string(Data(part.bytes).base64EncodedString()) : string(part.bytes) }
            }
            object[key] = value
        }
        return .object(object)
    }

    private static func metadata(_ bytes: ArraySlice<UInt8>) throws(APIError) -> JSONValue {
        var meta = JSONObject()
        let all = try fields(bytes)
        for field in all where !field.bytes.isEmpty {
            switch field.number {
            case 1: meta["name"] = string(field.bytes)
            case 2: meta["generateName"] = string(field.bytes)
            case 3: meta["namespace"] = string(field.bytes)
            default: break
            }
        }
        let labels = all.filter { $0.number == 11 }
        if !labels.isEmpty { meta["labels"] = try map(labels, base64: false) }
        let annotations = all.filter { $0.number == 12 }
        if !annotations.isEmpty { meta["annotations"] = try map(annotations, base64: false) }
        let finalizers = all.filter { $0.number == 14 }
        if !finalizers.isEmpty { meta["finalizers"] = .array(finalizers.map { string($0.bytes) }) }
        return .object(meta)
    }

    /// The object in a protobuf body, as JSON.
    static func decode(_ body: [UInt8]) throws(APIError) -> JSONValue {
        guard body.count >= 4, body[0...3] == [0x6b, 0x38, 0x73, 0x00] else { throw .badRequest("malformed protobuf body") }
        var apiVersion = ""
        var kind = ""
        var raw: ArraySlice<UInt8> = []
        for field in try fields(body[4...]) {
            if field.number == 1 {
                for meta in try fields(field.bytes) {
                    if meta.number == 1 { apiVersion = String(decoding: meta.bytes, as: UTF8.self) }
                    if meta.number == 2 { kind = String(decoding: meta.bytes, as: UTF8.self) }
                }
            }
            if field.number == 2 { raw = field.bytes }
        }
        guard apiVersion == "v1", ["Namespace", "ConfigMap", "Secret", "ServiceAccount"].contains(kind) else {
            throw APIError(code: 415, reason: "UnsupportedMediaType",
                           message: "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml (protobuf only for v1 Namespace, ConfigMap, Secret, ServiceAccount)")
        }
        var object: JSONObject = ["apiVersion": "v1", "kind": .string(kind)]
        let all = try fields(raw)
        for field in all where field.number == 1 { object["metadata"] = try metadata(field.bytes) }
        switch kind {
        case "ConfigMap":
            let data = all.filter { $0.number == 2 }
            if !data.isEmpty { object["data"] = try map(data, base64: false) }
            let binary = all.filter { $0.number == 3 }
            if !binary.isEmpty { object["binaryData"] = try map(binary, base64: true) }
            if let immutable = all.first(where: { $0.number == 4 }) { object["immutable"] = .bool(immutable.varint != 0) }
        case "Secret":
            let data = all.filter { $0.number == 2 }
            if !data.isEmpty { object["data"] = try map(data, base64: true) }
            if let type = all.first(where: { $0.number == 3 }) { object["type"] = string(type.bytes) }
            let stringData = all.filter { $0.number == 4 }
            if !stringData.isEmpty { object["stringData"] = try map(stringData, base64: false) }
            if let immutable = all.first(where: { $0.number == 5 }) { object["immutable"] = .bool(immutable.varint != 0) }
        default:
            break
        }
        return .object(object)
    }
}
