/// One instruction of a compiled ``LinearRegex``; each goes on to the next one unless it says where.
enum LinearRegexInstruction: Sendable {
    /// Consume one scalar in the class.
    case scalar(ScalarClass)
    /// Check a zero-width condition.
    case assertion(LinearRegexAssertion)
    /// Continue at both targets.
    case split(Int, Int)
    /// Continue at the target.
    case jump(Int)
    /// The pattern matched.
    case match
}
