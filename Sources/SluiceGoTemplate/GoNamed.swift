/// A value of a named Go type with methods, as Helm hands some to templates: `.Capabilities.APIVersions` is a
/// `VersionSet` (a `[]string` with `Has`), `.Capabilities.KubeVersion` a struct whose `String()` is what
/// `{{ .Capabilities.KubeVersion }}` prints.
///
/// Templates reach its methods and, through them, the underlying value's fields; functions receive the underlying
/// slice (Go's reflection sees a slice there), so `range`, `len`, `has` and `toJson` work as in Go.
final class GoNamed {
    /// The type as Go's `%T` spells it (`common.VersionSet`).
    let typeName: String
    /// The value of the underlying type: a slice, or a map standing for a struct's exported fields.
    let underlying: GoValue
    /// Methods callable as `.Value.Name arg…`; they shadow fields of the same name.
    let methods: [String: TemplateMethod]
    /// What a template action prints for the value when its pointer type has a `String()` method (Go's `printValue`
    /// takes the address of an addressable field for that); nil prints it as ``formatted``.
    let printed: String?
    /// What `fmt`'s `%v` makes of the value itself, as functions receive it (a struct prints its fields between
    /// braces, unexported ones included); nil formats the underlying value.
    let formatted: String?
    /// The Go value behind it when templates can only hand it back to a method (the `*time.Location` that
    /// `.Location` returns and `.In` takes).
    let location: GoLocation?

    init(typeName: String, underlying: GoValue, methods: [String: TemplateMethod], printed: String?, formatted: String?,
         location: GoLocation? = nil) {
        self.typeName = typeName
        self.underlying = underlying
        self.methods = methods
        self.printed = printed
        self.formatted = formatted
        self.location = location
    }

    /// Whether a function parameter of `type` receives the underlying value: a slice always (Go's reflection and
    /// Sprig treat it by its kind), a number for Go's builtins (`eq`, `lt`, … compare by kind). A struct, and a number
    /// passed to `interface{}`, stay themselves, so `fmt` still finds their `String()`.
    func passesUnderlying(to type: GoFunction.Parameter) -> Bool {
        switch underlying {
        case .slice: return true
        case .int, .int64: return type == .value
        default: return false
        }
    }
}
