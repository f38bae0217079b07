/// A pattern RE2 would refuse, worded as Go's `regexp.Compile` words it: ``error parsing regexp: CODE: `ARG` ``.
public struct LinearRegexSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, as Go's `syntax.ErrorCode` says it (for example `missing closing )`).
    public var code: String
    /// The part of the pattern at fault.
    public var argument: String

    /// An error with Go's `code` about `argument`.
    public init(_ code: String, _ argument: String) {
        self.code = code
        self.argument = argument
    }

    /// Go's message.
    public var description: String { "error parsing regexp: \(code): `\(argument)`" }
}
