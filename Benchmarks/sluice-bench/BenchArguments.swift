/// `--name value` and `--name=value` options, parsed without a library.
struct BenchArguments {
    /// A mistake in the arguments, reported with the usage.
    struct UsageError: Error {
        let message: String
    }

    private var values: [String: String] = [:]

    /// Parses `arguments`, accepting only the option names in `known` (without dashes).
    init(_ arguments: [String], known: Set<String>) throws {
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            guard argument.hasPrefix("--") else { throw UsageError(message: "unexpected argument '\(argument)'") }
            var name = String(argument.dropFirst(2))
            let value: String
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            } else {
                guard let next = remaining.popFirst() else { throw UsageError(message: "--\(name) needs a value") }
                value = next
            }
            guard known.contains(name) else { throw UsageError(message: "unknown option --\(name)") }
            values[name] = value
        }
    }

    /// The value of `--name`, if given.
    func string(_ name: String) -> String? { values[name] }

    /// The value of `--name` as an integer of at least `minimum`, or `defaultValue`.
    func int(_ name: String, default defaultValue: Int, minimum: Int = 1) throws -> Int {
        guard let text = values[name] else { return defaultValue }
        guard let value = Int(text), value >= minimum else {
            throw UsageError(message: "--\(name) must be an integer of at least \(minimum), not '\(text)'")
        }
        return value
    }
}
