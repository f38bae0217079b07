import SluiceCore

/// Renders YAML scalars that were resolved to numbers or Booleans back to text (a token `12345` is still a string).
enum YAMLScalar {
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        default: return JSONSerializer().string(value)
        }
    }
}
