/// Flux's post-build variable substitution on the text of one object: `${var}`, `${var:=default}`, `${var:-default}`, `$${escaped}`.
///
/// Pure: the variables are given. Unknown variables without a default become
/// the empty string, as Flux does, unless `strict` is set, when they are an
/// error naming the variable.
public struct VariableSubstitution: Sendable {
    /// The variables, by name.
    public var variables: [String: String]
    /// Whether an unset variable without a default is an error (Flux's `StrictPostBuildSubstitutions`).
    public var strict: Bool

    /// A substitution with these variables.
    public init(variables: [String: String], strict: Bool = false) {
        self.variables = variables
        self.strict = strict
    }

    /// Whether `name` is a valid variable name: a letter or `_`, then letters, digits or `_` (Flux's `^[_[:alpha:]][_[:alpha:][:digit:]]*$`).
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic, first.isASCII else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    /// `text` with every variable replaced.
    ///
    /// - Parameters:
    ///   - maxBytes: The longest result, in UTF-8 bytes: a variable of a megabyte named a million times would
    ///     otherwise grow a small manifest without bound.
    /// - Throws: ``VariableSubstitutionError`` for an unset variable in strict mode, a malformed expression or a result
    ///   longer than `maxBytes`.
    public func apply(_ text: String, maxBytes: Int = .max) throws(VariableSubstitutionError) -> String {
        let characters = Array(text)
        var output = ""
        output.reserveCapacity(characters.count)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            guard character == "$", index + 1 < characters.count else {
                output.append(character)
                index += 1
                continue
            }
            // `$${…}` is an escaped `${…}`: kept, with one `$`.
            if characters[index + 1] == "$", index + 2 < characters.count, characters[index + 2] == "{" {
                output.append("$")
                index += 2
                continue
            }
            guard characters[index + 1] == "{" else {
                output.append(character)
                index += 1
                continue
            }
            guard let close = characters[(index + 2)...].firstIndex(of: "}") else {
                throw VariableSubstitutionError("unterminated variable expression '\(String(characters[index...].prefix(40)))'",
                                                unquoted: "unterminated variable expression")
            }
            let expression = String(characters[(index + 2)..<close])
            output += try value(of: expression)
            guard output.utf8.count <= maxBytes else {
                throw VariableSubstitutionError("the substituted manifest is longer than the limit of \(maxBytes) bytes")
            }
            index = close + 1
        }
        guard output.utf8.count <= maxBytes else {
            throw VariableSubstitutionError("the substituted manifest is longer than the limit of \(maxBytes) bytes")
        }
        return output
    }

    private func value(of expression: String) throws(VariableSubstitutionError) -> String {
        var name = expression
        var fallback: String?
        if let colon = expression.firstIndex(of: ":"), expression.index(after: colon) < expression.endIndex,
            ["=", "-"].contains(expression[expression.index(after: colon)])
        {
            name = String(expression[..<colon])
            fallback = String(expression[expression.index(colon, offsetBy: 2)...])
        }
        guard Self.isValidName(name) else {
            throw VariableSubstitutionError("'\(name)' is not a valid variable name in '${\(expression)}'",
                                            unquoted: "a variable expression holds an invalid variable name")
        }
        if let value = variables[name], !(value.isEmpty && fallback != nil) { return value }
        if let fallback { return fallback }
        if strict { throw VariableSubstitutionError("variable not set (strict mode): \(name)") }
        return ""
    }
}
