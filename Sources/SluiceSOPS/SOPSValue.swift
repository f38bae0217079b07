import SluiceCore

/// A plaintext leaf of a SOPS tree: what one `ENC[AES256_GCM,…]` value holds.
enum SOPSValue: Equatable {
    case string(String)
    /// A Go string that is not UTF-8 (the binary store's file): `str` bytes kept as they are.
    case text([UInt8])
    case int(Int64)
    case double(Double)
    case bool(Bool)
    /// Raw bytes (SOPS's `bytes` type and the binary store's whole file).
    case bytes([UInt8])
    /// A comment line's text.
    case comment(String)

    /// The `type:` SOPS records for this value.
    var typeName: String {
        switch self {
        case .string, .text: return "str"
        case .int: return "int"
        case .double: return "float"
        case .bool: return "bool"
        case .bytes: return "bytes"
        case .comment: return "comment"
        }
    }

    /// SOPS's `ToBytes`: what the MAC hashes and the cipher encrypts (Python-style `True`/`False`, Go's `'f', -1` floats).
    var bytes: [UInt8] {
        switch self {
        case .string(let s), .comment(let s): return Array(s.utf8)
        case .int(let i): return Array(String(i).utf8)
        case .double(let d): return Array(GoFloatFormat.shortestFixed(d).utf8)
        case .bool(let b): return Array((b ? "True" : "False").utf8)
        case .bytes(let b), .text(let b): return b
        }
    }

    /// Whether SOPS leaves this value as the empty string instead of encrypting it.
    var isEmpty: Bool {
        switch self {
        case .string(let s), .comment(let s): return s.isEmpty
        case .bytes(let b), .text(let b): return b.isEmpty
        default: return false
        }
    }

    /// The value from a scalar of a document tree; nil for null, arrays and objects.
    init?(_ value: JSONValue) {
        switch value {
        case .string(let s): self = .string(s)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .bool(let b): self = .bool(b)
        default: return nil
        }
    }

    /// The document scalar for this value (bytes as text, invalid UTF-8 replaced; comments have none).
    var jsonValue: JSONValue? {
        switch self {
        case .string(let s): return .string(s)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .bool(let b): return .bool(b)
        case .bytes(let b), .text(let b): return .string(String(decoding: b, as: UTF8.self))
        case .comment: return nil
        }
    }
}
