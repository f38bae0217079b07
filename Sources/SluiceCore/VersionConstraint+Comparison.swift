extension VersionConstraint {
    /// One operator and version, such as `>=1.2` or `~1.x`, decided as Masterminds/semver v3.2 does.
    struct Comparison: Sendable, CustomStringConvertible {
        /// What the operator asks.
        enum Operator: Sendable {
            /// No operator or `=`: equal, or tilde when the version has a wildcard.
            case equalOrTilde
            /// `!=`.
            case notEqual
            /// `>`.
            case greater
            /// `<`.
            case less
            /// `>=` or `=>`.
            case greaterOrEqual
            /// `<=` or `=<`.
            case lessOrEqual
            /// `~` or `~>`: the same minor (or major, when the minor is a wildcard), at least the version.
            case tilde
            /// `^`: the same major, or for 0.x the same minor, or for 0.0.x the same patch, at least the version.
            case caret

            /// The operator written as `text`; `nil` when it is not one.
            init?(_ text: String) {
                switch text {
                case "", "=": self = .equalOrTilde
                case "!=": self = .notEqual
                case ">": self = .greater
                case "<": self = .less
                case ">=", "=>": self = .greaterOrEqual
                case "<=", "=<": self = .lessOrEqual
                case "~", "~>": self = .tilde
                case "^": self = .caret
                default: return nil
                }
            }
        }

        /// Which part of the written version is left open by `x`, `X`, `*` or by being left out.
        enum Wildcard: Sendable {
            /// All parts written.
            case none
            /// The major is a wildcard (`*`, `x.1`): Go's `dirty` without `minorDirty` or `patchDirty`.
            case major
            /// The minor is a wildcard or missing (`1`, `1.x`): Go's `minorDirty`.
            case minor
            /// The patch is a wildcard or missing (`1.2`, `1.2.x`): Go's `patchDirty`.
            case patch
        }

        /// The operator as written, kept for ``description``.
        let operatorText: String
        /// The version as written, kept for ``description``.
        let versionText: String
        let comparator: Operator
        /// The written version with wildcards as 0 (and build metadata dropped when a part is open).
        let bound: SemanticVersion
        let wildcard: Wildcard

        /// A comparison from a matched written version; `nil` when its parts do not make a version (`1x`, numbers over 64 bits, `-01`).
        init?(operator operatorText: String, version: WrittenVersion, text versionText: String, in bytes: [UInt8]) {
            guard let comparator = Operator(operatorText) else { return nil }
            func part(_ range: Range<Int>?) -> String? { range.map { String(decoding: bytes[$0], as: UTF8.self) } }
            func isWildcard(_ text: String?) -> Bool { text == "x" || text == "X" || text == "*" }
            let major = part(version.major) ?? ""
            let minor = part(version.minor)
            let patch = part(version.patch)
            let prerelease = part(version.prerelease) ?? ""
            let boundText: String
            let wildcard: Wildcard
            if isWildcard(major) {
                (boundText, wildcard) = ("0.0.0" + prerelease, .major)
            } else if minor == nil || isWildcard(minor) {
                (boundText, wildcard) = (major + ".0.0" + prerelease, .minor)
            } else if let minor, patch == nil || isWildcard(patch) {
                (boundText, wildcard) = (major + "." + minor + ".0" + prerelease, .patch)
            } else {
                (boundText, wildcard) = (versionText, .none)
            }
            guard let bound = SemanticVersion(boundText) else { return nil }
            self.operatorText = operatorText
            self.versionText = versionText
            self.comparator = comparator
            self.bound = bound
            self.wildcard = wildcard
        }

        /// As Go's `constraint.string()`: operator and version with no space between.
        var description: String { operatorText + versionText }

        /// Whether `version` satisfies this comparison.
        func isSatisfied(by version: SemanticVersion) -> Bool {
            // Masterminds issue 21: a prerelease satisfies only comparisons that name a prerelease
            // themselves. `!=` applies this to wildcard versions only.
            let unwantedPrerelease = version.isPrerelease && !bound.isPrerelease
            switch comparator {
            case .notEqual:
                return notEqual(version, unwantedPrerelease: unwantedPrerelease)
            case _ where unwantedPrerelease:
                return false
            case .equalOrTilde:
                return wildcard == .none ? version == bound : tilde(version)
            case .greater:
                return greater(version)
            case .less:
                return version < bound
            case .greaterOrEqual:
                return version >= bound
            case .lessOrEqual:
                return lessOrEqual(version)
            case .tilde:
                return tilde(version)
            case .caret:
                return caret(version)
            }
        }

        private func notEqual(_ version: SemanticVersion, unwantedPrerelease: Bool) -> Bool {
            if wildcard != .none {
                if unwantedPrerelease { return false }
                if bound.major != version.major { return true }
                if wildcard == .minor { return false }
                if bound.minor != version.minor { return true }
                if wildcard == .patch {
                    // `!=1.2.x-beta` excludes 1.2.* whose prerelease equals beta.
                    guard version.isPrerelease || bound.isPrerelease else { return false }
                    return Self.prereleaseOrder(version.prerelease, bound.prerelease) != 0
                }
                if bound.patch != version.patch { return true }
            }
            return version != bound
        }

        private func greater(_ version: SemanticVersion) -> Bool {
            switch wildcard {
            case .none, .major:
                // `>*` compares with 0.0.0 once the majors are equal, so only the major is special.
                if wildcard == .major, version.major != bound.major { return version.major > bound.major }
                return version > bound
            case .minor:
                // `>1` means 2.0.0 and above: nothing in major 1 is greater.
                return version.major > bound.major
            case .patch:
                // `>1.1` means 1.2.0 and above.
                if version.major != bound.major { return version.major > bound.major }
                return version.minor > bound.minor
            }
        }

        private func lessOrEqual(_ version: SemanticVersion) -> Bool {
            if wildcard == .none { return version <= bound }
            // `<=1` takes all of 1.x, `<=1.1` all of 1.1.x; Go applies the minor rule to `<=*` too.
            if version.major > bound.major { return false }
            if version.major == bound.major, version.minor > bound.minor, wildcard != .minor { return false }
            return true
        }

        private func tilde(_ version: SemanticVersion) -> Bool {
            if version < bound { return false }
            // `~0.0.0` and `~*` accept everything at or above 0.0.0.
            if bound.major == 0, bound.minor == 0, bound.patch == 0, wildcard != .minor, wildcard != .patch { return true }
            if version.major != bound.major { return false }
            if version.minor != bound.minor, wildcard != .minor { return false }
            return true
        }

        private func caret(_ version: SemanticVersion) -> Bool {
            if version < bound { return false }
            if bound.major > 0 || wildcard == .minor { return version.major == bound.major }
            // Major 0: the minor is the compatibility boundary, or the patch when the minor is 0 too.
            if version.major > 0 { return false }
            if bound.minor > 0 || wildcard == .patch { return version.minor == bound.minor }
            if version.minor > 0 { return false }
            return version.patch == bound.patch
        }

        /// Go's `comparePrerelease` on possibly empty lists, as `!=` with a patch wildcard uses it.
        private static func prereleaseOrder(_ lhs: [String], _ rhs: [String]) -> Int {
            switch (lhs.isEmpty, rhs.isEmpty) {
            case (true, true): return 0
            // Go compares "" as the single identifier "", which differs from any non-empty list.
            case (true, false), (false, true): return 1
            case (false, false): return SemanticVersion.comparePrerelease(lhs, rhs)
            }
        }
    }
}
