/// A zero-width condition on the position in the text, as RE2 defines each (`\b` is ASCII word characters).
enum LinearRegexAssertion: Sendable, Hashable {
    /// `\A`, or `^` without the `m` flag.
    case beginText
    /// `\z`, or `$` without the `m` flag.
    case endText
    /// `^` with the `m` flag.
    case beginLine
    /// `$` with the `m` flag.
    case endLine
    /// `\b`.
    case wordBoundary
    /// `\B`.
    case notWordBoundary

    /// Whether the assertion holds between `text[position - 1]` and `text[position]`.
    func holds(at position: Int, in text: [Unicode.Scalar]) -> Bool {
        let before: Unicode.Scalar? = position > 0 ? text[position - 1] : nil
        let after: Unicode.Scalar? = position < text.count ? text[position] : nil
        switch self {
        case .beginText: return position == 0
        case .endText: return position == text.count
        case .beginLine: return before == nil || before == "\n"
        case .endLine: return after == nil || after == "\n"
        case .wordBoundary: return Self.isWord(before) != Self.isWord(after)
        case .notWordBoundary: return Self.isWord(before) == Self.isWord(after)
        }
    }

    private static func isWord(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return ScalarClass.word.contains(scalar)
    }
}
