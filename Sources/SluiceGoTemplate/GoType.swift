/// The Go types a slice or map may hold, as far as templates can tell them apart.
///
/// Helm values are `map[string]interface{}` and `[]interface{}` all the way down;
/// Sprig adds `[]string` (`splitList`), `[]int` (`until`) and `map[string]string` (`split`); Helm's `.Files.GetBytes` is `[]byte`.
enum GoType: Sendable, Hashable {
    case interface
    case string
    case int
    case int64
    case float64
    case bool
    case uint8

    /// The type as Go's `%T` spells it.
    var name: String {
        switch self {
        case .interface: return "interface {}"
        case .string: return "string"
        case .int: return "int"
        case .int64: return "int64"
        case .float64: return "float64"
        case .bool: return "bool"
        case .uint8: return "uint8"
        }
    }

    /// The zero value of the type, as a missing map key yields with `missingkey=zero`.
    var zero: GoValue {
        switch self {
        case .interface: return .null
        case .string: return .string("")
        case .int: return .int(0)
        case .int64: return .int64(0)
        case .float64: return .float64(0)
        case .bool: return .bool(false)
        case .uint8: return .uint8(0)
        }
    }
}
