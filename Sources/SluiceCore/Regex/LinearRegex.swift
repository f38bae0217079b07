/// A regular expression in RE2's syntax, matched in time linear in the text: Flux matches Alert inclusion and exclusion
/// lists with Go's `regexp` (RE2), so a tenant's pattern can never make matching backtrack exponentially.
///
/// The pattern is parsed as Go's `regexp/syntax` parses it (Perl flags `i`, `m`, `s`, `U`; classes, POSIX classes and
/// Perl classes; anchors `^ $ \A \z \b \B`; alternation; groups, named or not; `* + ?` and `{m,n}` up to 1000, greedy or
/// lazy), refusing what RE2 refuses (backreferences, look-around, possessive and nested repetition) with Go's message,
/// and compiled to a Thompson NFA simulated one text position at a time (the Pike VM). ``matches(_:)`` only answers
/// whether there is a match; ``firstMatch(in:from:)`` finds the leftmost-first match and its capture groups, as Go's
/// `regexp` does. Unicode property classes (`\p{…}`) are refused as unsupported.
public struct LinearRegex: Sendable {
    /// The pattern as written.
    public let pattern: String
    private let program: LinearRegexProgram
    /// The names of the capturing groups, in order of their `(` (nil: unnamed); group 0, the whole match, not included.
    public let captureNames: [String?]

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
        captureNames = parser.captureNames
    }

    /// The leftmost-first match starting at or after `position` in `text` (Go's `doExecute` from a position; assertions
    /// see the whole text): the range of the whole match, then of each capturing group (nil where a group took no
    /// part), in scalar offsets. Nil when there is no match.
    public func firstMatch(in text: [Unicode.Scalar], from position: Int = 0) -> [Range<Int>?]? {
        guard position >= 0, position <= text.count else { return nil }
        guard let slots = program.firstMatch(text, from: position, slotCount: 2 * (captureNames.count + 1)) else { return nil }
        return stride(from: 0, to: slots.count, by: 2).map { slot in
            slots[slot] >= 0 && slots[slot + 1] >= slots[slot] ? slots[slot]..<slots[slot + 1] : nil
        }
    }

    /// Whether the pattern matches anywhere in `text` (Go's `Regexp.MatchString`).
    public func matches(_ text: String) -> Bool {
        program.matches(Array(text.unicodeScalars))
    }
}
