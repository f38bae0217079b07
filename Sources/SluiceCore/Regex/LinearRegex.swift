/// A regular expression in RE2's syntax, matched in time linear in the text: Flux matches Alert inclusion and exclusion
/// lists with Go's `regexp` (RE2), so a tenant's pattern can never make matching backtrack exponentially.
///
/// The pattern is parsed as Go's `regexp/syntax` parses it (Perl flags `i`, `m`, `s`, `U`; classes, POSIX classes and
/// Perl classes; anchors `^ $ \A \z \b \B`; alternation; groups, named or not; `* + ?` and `{m,n}` up to 1000, greedy or
/// lazy), refusing what RE2 refuses (backreferences, look-around, possessive and nested repetition) with Go's message,
/// and compiled to a Thompson NFA simulated one text position at a time (the Pike VM, without captures: only whether
/// there is a match is needed). Unicode property classes (`\p{…}`) are refused as unsupported.
public struct LinearRegex: Sendable {
    /// The pattern as written.
    public let pattern: String
    private let program: LinearRegexProgram

    /// The most instructions a compiled pattern may have: matching costs at most this much per text position.
    public static let maxProgramSize = 4_096

    /// Compiles `pattern`.
    ///
    /// - Throws: ``LinearRegexSyntaxError`` with Go's wording, such as
    ///   ``error parsing regexp: invalid escape sequence: `\1` ``.
    public init(_ pattern: String) throws(LinearRegexSyntaxError) {
        self.pattern = pattern
        var parser = LinearRegexParser(pattern)
        let node = try parser.parse()
        program = try LinearRegexProgram(compiling: node, limit: Self.maxProgramSize)
    }

    /// Whether the pattern matches anywhere in `text` (Go's `Regexp.MatchString`).
    public func matches(_ text: String) -> Bool {
        program.matches(Array(text.unicodeScalars))
    }
}
