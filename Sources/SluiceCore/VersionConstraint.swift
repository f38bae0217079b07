/// A version constraint in Masterminds/semver v3 syntax.
///
/// Flux's GitRepository `spec.ref.semver` and HelmChart `spec.version` are read by Go's
/// `github.com/Masterminds/semver/v3` (v3.2 semantics); this type accepts the same texts and
/// decides the same way:
///
/// - operators `=`, `!=`, `>`, `<`, `>=`, `=>`, `<=`, `=<`, `~` (`~>`), `^`, and none (equal, or
///   tilde when the version has a wildcard), with optional spaces before the version;
/// - wildcards `x`, `X`, `*` or missing parts (`1.2.x`, `1.x`, `1`, `*`);
/// - hyphen ranges `1.2 - 1.4.5` (`>= 1.2, <= 1.4.5`);
/// - AND by comma or whitespace, OR by `||`.
///
/// A comparison whose version has no prerelease is not satisfied by a prerelease version.
public struct VersionConstraint: Sendable, CustomStringConvertible {
    /// The constraint as given.
    public let text: String
    /// Alternatives (`||`), each satisfied when all its comparisons are.
    let alternatives: [[Comparison]]

    /// Parses a constraint as Masterminds' `NewConstraint`.
    ///
    /// - Throws: ``VersionConstraintError`` naming the part that is not a constraint.
    public init(_ text: String) throws {
        self.text = text
        let rewritten = Self.rewritingHyphenRanges(Array(text.utf8))
        alternatives = try Self.splittingAlternatives(rewritten).map(Self.comparisons)
    }

    /// Whether `version` satisfies any alternative.
    public func isSatisfied(by version: SemanticVersion) -> Bool {
        alternatives.contains { comparisons in comparisons.allSatisfy { $0.isSatisfied(by: version) } }
    }

    /// The highest of `candidates` that satisfies the constraint (Flux: highest tag; ties broken by original string, as Flux sorts).
    ///
    /// Versions that differ only in build metadata or spelling (`v1.2`, `1.2.0`) are equal; of
    /// those the one whose ``SemanticVersion/original`` sorts last wins, so the answer does not
    /// depend on the order of `candidates`.
    ///
    /// - Returns: `nil` when no candidate satisfies the constraint.
    public func highest<S: Sequence>(of candidates: S) -> SemanticVersion? where S.Element == SemanticVersion {
        var best: SemanticVersion?
        for candidate in candidates where isSatisfied(by: candidate) {
            guard let current = best else { best = candidate; continue }
            if current < candidate || (current == candidate && current.original.utf8.lexicographicallyPrecedes(candidate.original.utf8)) {
                best = candidate
            }
        }
        return best
    }

    /// The constraint as Go's `Constraints.String()` writes it: comparisons without inner spaces, joined by a space, alternatives by ` || `.
    public var description: String {
        alternatives.map { $0.map(\.description).joined(separator: " ") }.joined(separator: " || ")
    }
}

// MARK: - Parsing

extension VersionConstraint {
    /// Go's regexp `\s`: tab, newline, form feed, carriage return, space.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    /// Bytes of a version number part in a constraint: digits and the wildcards `x`, `X`, `*`.
    ///
    /// Go's pattern is `[0-9|x|X|\*]`, which also admits `|`; kept so the same texts are refused
    /// at the same step (such a part never makes a valid version unless the major is a wildcard).
    static func isPartByte(_ byte: UInt8) -> Bool {
        VersionScanner.isDigit(byte) || byte == UInt8(ascii: "x") || byte == UInt8(ascii: "X")
            || byte == UInt8(ascii: "*") || byte == UInt8(ascii: "|")
    }

    /// Bytes that make up operators.
    static func isOperatorByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "~"), UInt8(ascii: "^"): true
        default: false
        }
    }

    /// Where a version in a constraint begins and its parts lie: `v?P(.P)?(.P)?(-pre)?(+build)?`.
    struct WrittenVersion {
        var end: Int
        var major: Range<Int>
        var minor: Range<Int>?
        var patch: Range<Int>?
        /// The prerelease including its leading `-`.
        var prerelease: Range<Int>?
    }

    /// Matches a written version at `start`, taking every optional part it can (as Go's greedy pattern does); `nil` when none starts there.
    static func writtenVersion(in bytes: [UInt8], at start: Int) -> WrittenVersion? {
        var position = start
        func run(_ accepts: (UInt8) -> Bool, from index: Int) -> Int {
            var end = index
            while end < bytes.count, accepts(bytes[end]) { end += 1 }
            return end
        }
        func startsRun(_ marker: UInt8, _ accepts: (UInt8) -> Bool) -> Bool {
            position + 1 < bytes.count && bytes[position] == marker && accepts(bytes[position + 1])
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "v") { position += 1 }
        let majorEnd = run(isPartByte, from: position)
        guard majorEnd > position else { return nil }
        var version = WrittenVersion(end: majorEnd, major: position..<majorEnd)
        position = majorEnd
        if startsRun(UInt8(ascii: "."), isPartByte) {
            let end = run(isPartByte, from: position + 1)
            version.minor = (position + 1)..<end
            position = end
            if startsRun(UInt8(ascii: "."), isPartByte) {
                let end = run(isPartByte, from: position + 1)
                version.patch = (position + 1)..<end
                position = end
            }
        }
        func identifiers(after marker: UInt8) -> Range<Int>? {
            guard startsRun(marker, VersionScanner.isIdentifierByte) else { return nil }
            let start = position
            position = run(VersionScanner.isIdentifierByte, from: position + 1)
            while startsRun(UInt8(ascii: "."), VersionScanner.isIdentifierByte) {
                position = run(VersionScanner.isIdentifierByte, from: position + 1)
            }
            return start..<position
        }
        version.prerelease = identifiers(after: UInt8(ascii: "-"))
        _ = identifiers(after: UInt8(ascii: "+"))
        version.end = position
        return version
    }

    /// Rewrites each hyphen range `A - B` to `>= A, <= B`, as Masterminds does before anything else.
    ///
    /// Like Go's `\s*(A)\s+-\s+(B)\s*`, the match swallows the spaces around it, so a range must
    /// start the text or follow a comma to leave a valid constraint behind.
    static func rewritingHyphenRanges(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var copied = 0
        var position = 0
        while position < bytes.count {
            guard let (first, second, end) = hyphenRange(in: bytes, at: position) else {
                position += 1
                continue
            }
            output += bytes[copied..<position]
            output += Array(">= ".utf8) + bytes[first] + Array(", <= ".utf8) + bytes[second]
            copied = end
            position = end
        }
        output += bytes[copied...]
        return output
    }

    /// A hyphen range starting exactly at `start`: the two versions and where the match ends.
    private static func hyphenRange(in bytes: [UInt8], at start: Int) -> (Range<Int>, Range<Int>, Int)? {
        func spaces(from index: Int) -> Int {
            var end = index
            while end < bytes.count, isSpace(bytes[end]) { end += 1 }
            return end
        }
        let firstStart = spaces(from: start)
        guard let first = writtenVersion(in: bytes, at: firstStart) else { return nil }
        let dash = spaces(from: first.end)
        guard dash > first.end, dash < bytes.count, bytes[dash] == UInt8(ascii: "-") else { return nil }
        let secondStart = spaces(from: dash + 1)
        guard secondStart > dash + 1, let second = writtenVersion(in: bytes, at: secondStart) else { return nil }
        return (firstStart..<first.end, secondStart..<second.end, spaces(from: second.end))
    }

    /// Splits at each `||`, as Go's `strings.Split`.
    static func splittingAlternatives(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var start = 0
        var position = 0
        while position + 1 < bytes.count {
            if bytes[position] == UInt8(ascii: "|"), bytes[position + 1] == UInt8(ascii: "|") {
                parts.append(bytes[start..<position])
                position += 2
                start = position
            } else {
                position += 1
            }
        }
        parts.append(bytes[start...])
        return parts
    }

    /// Reads one alternative: comparisons `OP VERSION` separated by whitespace or a comma.
    static func comparisons(_ segment: ArraySlice<UInt8>) throws -> [Comparison] {
        let bytes = Array(segment)
        let improper = VersionConstraintError(message: "improper constraint: " + String(decoding: bytes, as: UTF8.self).trimmingGoSpaces())
        var found: [(operator: String, version: WrittenVersion, text: String)] = []
        var position = 0
        func skipSpaces() -> Int {
            let start = position
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            return position - start
        }
        _ = skipSpaces()
        while true {
            let operatorStart = position
            while position < bytes.count, isOperatorByte(bytes[position]) { position += 1 }
            let operatorText = String(decoding: bytes[operatorStart..<position], as: UTF8.self)
            _ = skipSpaces()
            // The version runs to the next separator and must be a version throughout.
            let versionStart = position
            while position < bytes.count, !isSpace(bytes[position]), bytes[position] != UInt8(ascii: ",") { position += 1 }
            guard Comparison.Operator(operatorText) != nil,
                  let version = writtenVersion(in: bytes, at: versionStart), version.end == position
            else { throw improper }
            found.append((operatorText, version, String(decoding: bytes[versionStart..<position], as: UTF8.self)))
            let spaces = skipSpaces()
            if position == bytes.count { break }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                _ = skipSpaces()
            } else if spaces == 0 {
                throw improper
            }
        }
        return try found.map { item in
            guard let comparison = Comparison(operator: item.operator, version: item.version, text: item.text, in: bytes) else {
                throw VersionConstraintError(message: "improper constraint: \(item.operator)\(item.text) (not a valid version)")
            }
            return comparison
        }
    }
}

extension String {
    /// The text without Go's `\s` characters at either end.
    fileprivate func trimmingGoSpaces() -> String {
        let bytes = Array(utf8)
        guard let first = bytes.firstIndex(where: { !VersionConstraint.isSpace($0) }),
              let last = bytes.lastIndex(where: { !VersionConstraint.isSpace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
