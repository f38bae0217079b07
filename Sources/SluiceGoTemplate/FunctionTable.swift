/// The functions a template may call: Go's builtins, Sprig's (as Helm exposes them) and Helm's own.
struct FunctionTable: Sendable {
    private(set) var functions: [String: GoFunction] = [:]

    /// Helm's function map: Go's builtins, Sprig without `env`/`expandenv`, and Helm's `include`, `tpl`, `required`, `toYaml`, ….
    static func helm() -> FunctionTable {
        var table = FunctionTable()
        BuiltinFunctions.register(in: &table)
        StringFunctions.register(in: &table)
        ConversionFunctions.register(in: &table)
        MathFunctions.register(in: &table)
        ListFunctions.register(in: &table)
        DictFunctions.register(in: &table)
        DefaultFunctions.register(in: &table)
        EncodingFunctions.register(in: &table)
        RegexFunctions.register(in: &table)
        ReflectionFunctions.register(in: &table)
        PathFunctions.register(in: &table)
        URLFunctions.register(in: &table)
        SemverFunctions.register(in: &table)
        DateFunctions.register(in: &table)
        CryptoFunctions.register(in: &table)
        HelmFunctions.register(in: &table)
        Helm4Functions.register(in: &table)
        return table
    }

    /// The function called `name`.
    subscript(name: String) -> GoFunction? { functions[name] }

    /// Adds (or replaces) a function.
    mutating func add(_ name: String, _ function: GoFunction) { functions[name] = function }

    /// Adds a function of `parameters`.
    mutating func add(_ name: String, _ parameters: [GoFunction.Parameter], variadic: GoFunction.Parameter? = nil, _ body: @escaping GoFunction.Body) {
        functions[name] = GoFunction(parameters, variadic: variadic, body)
    }
}
