/// A parsed regular expression, before compilation.
indirect enum LinearRegexNode: Sendable {
    /// Matches the empty string.
    case empty
    /// One character from a set.
    case scalar(ScalarClass)
    /// A zero-width assertion.
    case assertion(LinearRegexAssertion)
    /// Each in turn.
    case concatenation([LinearRegexNode])
    /// Any one of them.
    case alternation([LinearRegexNode])
    /// `node` at least `min` and at most `max` times (`nil`: no upper bound), preferring more (`greedy`) or fewer.
    case repetition(LinearRegexNode, min: Int, max: Int?, greedy: Bool)
    /// A capturing group: its number (1 for the first `(`) and its inside.
    case capture(Int, LinearRegexNode)
}
