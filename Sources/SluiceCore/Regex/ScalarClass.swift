/// A set of Unicode scalars as ranges, possibly negated and case-folded: a literal, `.`, or a bracketed or Perl class.
struct ScalarClass: Sendable {
    /// The ranges of scalar values in the set (before negation).
    var ranges: [ClosedRange<UInt32>]
    /// Whether the set is everything but ``ranges``.
    var negated = false
    /// Whether a scalar also matches when its simple lower- or uppercase form is in ``ranges`` (the `i` flag).
    var foldsCase = false

    /// The largest Unicode scalar value.
    static let maxScalar: UInt32 = 0x10FFFF

    /// One scalar.
    init(_ scalar: Unicode.Scalar, foldsCase: Bool = false) {
        ranges = [scalar.value...scalar.value]
        self.foldsCase = foldsCase
    }

    /// The scalars in `ranges`.
    init(ranges: [ClosedRange<UInt32>], negated: Bool = false, foldsCase: Bool = false) {
        self.ranges = ranges
        self.negated = negated
        self.foldsCase = foldsCase
    }

    /// `\d`.
    static let digit = ScalarClass(ranges: [0x30...0x39])
    /// `\w`.
    static let word = ScalarClass(ranges: [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    /// `\s`: tab, newline, form feed, carriage return and space.
    static let space = ScalarClass(ranges: [0x09...0x0A, 0x0C...0x0D, 0x20...0x20])

    /// The POSIX classes RE2 knows, `[:name:]`.
    static let posix: [String: [ClosedRange<UInt32>]] = [
        "alnum": [0x30...0x39, 0x41...0x5A, 0x61...0x7A], "alpha": [0x41...0x5A, 0x61...0x7A], "ascii": [0x00...0x7F],
        "blank": [0x09...0x09, 0x20...0x20], "cntrl": [0x00...0x1F, 0x7F...0x7F], "digit": [0x30...0x39],
        "graph": [0x21...0x7E], "lower": [0x61...0x7A], "print": [0x20...0x7E],
        "punct": [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E], "space": [0x09...0x0D, 0x20...0x20],
        "upper": [0x41...0x5A], "word": [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A], "xdigit": [0x30...0x39, 0x41...0x46, 0x61...0x66],
    ]

    /// The ranges of this set with negation applied, for putting it inside a bracketed class.
    var effectiveRanges: [ClosedRange<UInt32>] { negated ? Self.complement(ranges) : ranges }

    /// Every scalar value not in `ranges`.
    static func complement(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            if range.upperBound >= maxScalar { return result }
            next = max(next, range.upperBound + 1)
        }
        result.append(next...maxScalar)
        return result
    }

    /// Whether `scalar` is in the set.
    func contains(_ scalar: Unicode.Scalar) -> Bool {
        var hit = inRanges(scalar.value)
        if !hit && foldsCase {
            hit = Self.simpleCase(scalar, lower: true).map { inRanges($0.value) } ?? false
            if !hit { hit = Self.simpleCase(scalar, lower: false).map { inRanges($0.value) } ?? false }
        }
        return negated ? !hit : hit
    }

    private func inRanges(_ value: UInt32) -> Bool {
        ranges.contains { $0.contains(value) }
    }

    /// The scalar's lower- or uppercase form, when that is one other scalar.
    private static func simpleCase(_ scalar: Unicode.Scalar, lower: Bool) -> Unicode.Scalar? {
        if scalar.isASCII {
            let value = scalar.value
            if lower, (0x41...0x5A).contains(value) { return Unicode.Scalar(value + 0x20) }
            if !lower, (0x61...0x7A).contains(value) { return Unicode.Scalar(value - 0x20) }
            return nil
        }
        let mapped = lower ? scalar.properties.lowercaseMapping : scalar.properties.uppercaseMapping
        let scalars = mapped.unicodeScalars
        guard scalars.count == 1, let first = scalars.first, first != scalar else { return nil }
        return first
    }
}
