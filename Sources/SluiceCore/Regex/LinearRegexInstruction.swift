/// One instruction of a compiled ``LinearRegex``; each goes on to the next one unless it says where.
enum LinearRegexInstruction: Sendable {
    /// Consume one scalar in the class.
    case scalar(ScalarClass)
    /// Check a zero-width condition.
    case assertion(LinearRegexAssertion)
    /// Continue at both targets, the first preferred (leftmost-first matching tries it first).
    case split(Int, Int)
    /// Record the current text position in capture slot `n` (2k opens group k, 2k+1 closes it).
    case save(Int)
    /// Continue at the target.
    case jump(Int)
    /// The pattern matched.
    case match
}
