/// A template function: its Go parameter types (which decide how arguments are checked and converted) and its body.
struct GoFunction: Sendable {
    /// A Go parameter type, as `text/template` checks arguments against it.
    enum Parameter: Sendable, Equatable {
        /// `interface{}`: anything; no value becomes nil.
        case any
        /// `reflect.Value`: the raw value (Go's builtins `eq`, `len`, `index`, `and`, …).
        case value
        case string
        case int
        case int64
        case float64
        case bool
        /// `map[string]interface{}`.
        case map
        /// `time.Time`.
        case time
        /// `time.Duration` (an `int64` of nanoseconds): takes integer constants and `time.Duration` values.
        case duration

        /// The type as Go spells it in errors.
        var name: String {
            switch self {
            case .any: return "interface {}"
            case .value: return "reflect.Value"
            case .string: return "string"
            case .int: return "int"
            case .int64: return "int64"
            case .float64: return "float64"
            case .bool: return "bool"
            case .map: return "map[string]interface {}"
            case .time: return "time.Time"
            case .duration: return "time.Duration"
            }
        }

        /// Whether Go's `canBeNil` holds: nil (and no value) may be passed.
        var canBeNil: Bool {
            switch self {
            case .any, .map: return true
            default: return false
            }
        }
    }

    /// The body: the running executor (for `include` and `tpl`) and the checked arguments.
    typealias Body = @Sendable (Executor, [GoValue]) throws(FunctionError) -> GoValue

    var parameters: [Parameter]
    /// The element type of a final `...` parameter.
    var variadic: Parameter?
    /// Whether this is one of Go's own builtins (`and` and `or` short-circuit).
    var isBuiltin = false
    var body: Body

    init(_ parameters: [Parameter], variadic: Parameter? = nil, isBuiltin: Bool = false, _ body: @escaping Body) {
        self.parameters = parameters
        self.variadic = variadic
        self.isBuiltin = isBuiltin
        self.body = body
    }
}
