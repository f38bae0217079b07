import SluiceCore

/// A value handed to a template as dot, with Go's types kept apart where templates can tell them apart: an `int64`
/// (Helm's `--set` numbers) prints `1000000` where a `float64` (numbers from YAML and JSON) prints `1e+06`; `[]byte`;
/// and maps that carry methods (``TemplateMethod``), as Helm's `.Files` and `.Capabilities.APIVersions` do.
public indirect enum TemplateData: Sendable {
    /// A nil `interface{}`.
    case null
    /// A `bool`.
    case bool(Bool)
    /// An `int64`.
    case int(Int64)
    /// A Go `int` (Helm's `.Release.Revision`, which `typeOf` names `int`).
    case goInt(Int)
    /// A `float64`.
    case float(Double)
    /// A `string`.
    case string(String)
    /// A `[]byte`.
    case bytes([UInt8])
    /// A `[]string`.
    case strings([String])
    /// A `[]interface{}`.
    case list([TemplateData])
    /// A `map[string]interface{}`, with methods callable on it (`.Files.Get "x"`).
    case map([String: TemplateData], methods: [String: TemplateMethod] = [:])
    /// A value of the named Go type `type` (`common.VersionSet`) over `underlying` (a list, or a map standing for a
    /// struct's exported fields), with methods; `printed` is what a template action prints when the type has a
    /// `String()` method, `formatted` what `fmt`'s `%v` prints for a struct (nil: the underlying value's).
    case named(type: String, underlying: TemplateData, methods: [String: TemplateMethod], printed: String? = nil, formatted: String? = nil)

    /// A JSON value: objects become maps, arrays `[]interface{}`, integers `int64` and other numbers `float64`.
    public init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .float(d)
        case .string(let s): self = .string(s)
        case .array(let elements): self = .list(elements.map(TemplateData.init(json:)))
        case .object(let object):
            var entries: [String: TemplateData] = [:]
            for member in object.members { entries[member.key] = TemplateData(json: member.value) }
            self = .map(entries)
        }
    }
}

/// A method of a map in ``TemplateData``: its string parameters and what it returns.
public struct TemplateMethod: Sendable {
    /// How many (string) arguments the method takes.
    public var arity: Int
    /// The method; a thrown error is reported as `error calling NAME: ERROR`.
    public var body: @Sendable ([String]) throws -> TemplateData

    /// A method taking `arity` strings.
    public init(arity: Int, _ body: @escaping @Sendable ([String]) throws -> TemplateData) {
        self.arity = arity
        self.body = body
    }
}

extension GoValue {
    /// The value a template sees for ``TemplateData``.
    init(data: TemplateData) {
        switch data {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int64(i)
        case .goInt(let i): self = .int(i)
        case .float(let d): self = .float64(d)
        case .string(let s): self = .string(s)
        case .bytes(let bytes): self = .slice(bytes.map { .uint8($0) }, .uint8)
        case .strings(let strings): self = .strings(strings)
        case .list(let elements): self = .list(elements.map(GoValue.init(data:)))
        case .map(let entries, let methods):
            let map = GoMap(entries.mapValues(GoValue.init(data:)))
            map.methods = methods
            self = .map(map)
        case .named(let type, let underlying, let methods, let printed, let formatted):
            self = .named(GoNamed(typeName: type, underlying: GoValue(data: underlying), methods: methods, printed: printed, formatted: formatted))
        }
    }
}
