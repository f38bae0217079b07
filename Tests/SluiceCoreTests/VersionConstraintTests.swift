import Foundation
import Testing
@testable import SluiceCore

/// Constraints, with the cases of Masterminds/semver v3.2's `constraints_test.go` and Flux's usual ones.
@Suite struct VersionConstraintTests {
    /// `TestConstraintCheck` (one comparison each): (constraint, version, satisfied).
    static let singleComparisons: [(String, String, Bool)] = [
        ("=2.0.0", "1.2.3", false), ("=2.0.0", "2.0.0", true), ("=2.0", "1.2.3", false), ("=2.0", "2.0.0", true),
        ("=2.0", "2.0.1", true), ("4.1", "4.1.0", true), ("!=4.1.0", "4.1.0", false), ("!=4.1.0", "4.1.1", true),
        ("!=4.1", "4.1.0", false), ("!=4.1", "4.1.1", false), ("!=4.1", "5.1.0-alpha.1", false),
        ("!=4.1-alpha", "4.1.0", true), ("!=4.1", "5.1.0", true), ("<11", "0.1.0", true), ("<11", "11.1.0", false),
        ("<1.1", "0.1.0", true), ("<1.1", "1.1.0", false), ("<1.1", "1.1.1", false), ("<=11", "1.2.3", true),
        ("<=11", "12.2.3", false), ("<=11", "11.2.3", true), ("<=1.1", "1.2.3", false), ("<=1.1", "0.1.0", true),
        ("<=1.1", "1.1.0", true), ("<=1.1", "1.1.1", true), (">1.1", "4.1.0", true), (">1.1", "1.1.0", false),
        (">0", "0", false), (">0", "1", true), (">0", "0.0.1-alpha", false), (">0.0", "0.0.1-alpha", false),
        (">0-0", "0.0.1-alpha", false), (">0.0-0", "0.0.1-alpha", false), (">0", "0.0.0-alpha", false),
        (">0-0", "0.0.0-alpha", false), (">0.0.0-0", "0.0.0-alpha", true), (">1.2.3-alpha.1", "1.2.3-alpha.2", true),
        (">1.2.3-alpha.1", "1.3.3-alpha.2", true), (">11", "11.1.0", false), (">11.1", "11.1.0", false),
        (">11.1", "11.1.1", false), (">11.1", "11.2.1", true), (">=11", "11.1.2", true), (">=11.1", "11.1.2", true),
        (">=11.1", "11.0.2", false), (">=1.1", "4.1.0", true), (">=1.1", "1.1.0", true), (">=1.1", "0.0.9", false),
        (">=0", "0.0.1-alpha", false), (">=0.0", "0.0.1-alpha", false), (">=0-0", "0.0.1-alpha", true),
        (">=0.0-0", "0.0.1-alpha", true), (">=0", "0.0.0-alpha", false), (">=0-0", "0.0.0-alpha", true),
        (">=0.0.0-0", "0.0.0-alpha", true), (">=0.0.0-0", "1.2.3", true), (">=0.0.0-0", "3.4.5-beta.1", true),
        ("<0", "0.0.0-alpha", false), ("<0-z", "0.0.0-alpha", true), (">=0", "0", true), ("=0", "1", false),
        ("*", "1", true), ("*", "4.5.6", true), ("*", "1.2.3-alpha.1", false), ("*-0", "1.2.3-alpha.1", true),
        ("2.*", "1", false), ("2.*", "3.4.5", false), ("2.*", "2.1.1", true), ("2.1.*", "2.1.1", true),
        ("2.1.*", "2.2.1", false), ("2", "1", false), ("2", "3.4.5", false), ("2", "2.1.1", true),
        ("2.1", "2.1.1", true), ("2.1", "2.2.1", false), ("~1.2.3", "1.2.4", true), ("~1.2.3", "1.3.4", false),
        ("~1.2", "1.2.4", true), ("~1.2", "1.3.4", false), ("~1", "1.2.4", true), ("~1", "2.3.4", false),
        ("~0.2.3", "0.2.5", true), ("~0.2.3", "0.3.5", false), ("~1.2.3-beta.2", "1.2.3-beta.4", true),
        // Unlike npm, a prerelease in the constraint admits prereleases of later patches too.
        ("~1.2.3-beta.2", "1.2.4-beta.2", true), ("~1.2.3-beta.2", "1.3.4-beta.2", false),
        ("^1.2.3", "1.8.9", true), ("^1.2.3", "2.8.9", false), ("^1.2.3", "1.2.1", false), ("^1.1.0", "2.1.0", false),
        ("^1.2.0", "2.2.1", false), ("^1.2.0", "1.2.1-alpha.1", false), ("^1.2.0-alpha.0", "1.2.1-alpha.1", true),
        ("^1.2.0-alpha.0", "1.2.1-alpha.0", true), ("^1.2.0-alpha.2", "1.2.0-alpha.1", false), ("^1.2", "1.8.9", true),
        ("^1.2", "2.8.9", false), ("^1", "1.8.9", true), ("^1", "2.8.9", false), ("^0.2.3", "0.2.5", true),
        ("^0.2.3", "0.5.6", false), ("^0.2", "0.2.5", true), ("^0.2", "0.5.6", false), ("^0.0.3", "0.0.3", true),
        ("^0.0.3", "0.0.4", false), ("^0.0", "0.0.3", true), ("^0.0", "0.1.4", false), ("^0.0", "1.0.4", false),
        ("^0", "0.2.3", true), ("^0", "1.1.4", false), ("^0.2.3-beta.2", "0.2.3-beta.4", true),
        ("^0.2.3-beta.2", "0.2.4-beta.2", true), ("^0.2.3-beta.2", "0.3.4-beta.2", false), ("^0.2.3-beta.2", "0.2.3-beta.2", true),
    ]

    /// `TestConstraintsCheck` and `TestConstraintsValidate`: (constraint, version, satisfied).
    static let constraints: [(String, String, Bool)] = [
        ("*", "1.2.3", true), ("~0.0.0", "1.2.3", true), ("0.x.x", "1.2.3", false), ("0.0.x", "1.2.3", false),
        ("0.0.0", "1.2.3", false), ("^0.0.0", "1.2.3", false), ("= 2.0", "1.2.3", false), ("= 2.0", "2.0.0", true),
        ("4.1", "4.1.0", true), ("4.1.x", "4.1.3", true), ("1.x", "1.4", true), ("!=4.1", "4.1.0", false),
        ("!=4.1-alpha", "4.1.0-alpha", false), ("!=4.1-alpha", "4.1.1-alpha", false), ("!=4.1-alpha", "4.1.0", true),
        ("!=4.1", "5.1.0", true), ("!=4.x", "5.1.0", true), ("!=4.x", "4.1.0", false), ("!=4.1.x", "4.2.0", true),
        ("!=4.2.x", "4.2.3", false), (">1.1", "4.1.0", true), (">1.1", "1.1.0", false), ("<1.1", "0.1.0", true),
        ("<1.1", "1.1.0", false), ("<1.1", "1.1.1", false), ("<1.x", "1.1.1", false), ("<1.x", "0.1.1", true),
        ("<1.x", "2.0.0", false), ("<2.x", "1.1.1", true), ("<1.x", "2.1.1", false), ("<1.1.x", "1.2.1", false),
        ("<1.1.x", "1.1.500", false), ("<1.1.x", "1.0.500", true), ("<1.2.x", "1.1.1", true), (">=1.1", "4.1.0", true),
        (">=1.1", "4.1.0-beta", false), (">=1.1", "1.1.0", true), (">=1.1", "0.0.9", false), ("<=1.1", "0.1.0", true),
        ("<=1.1", "0.1.0-alpha", false), ("<=1.1-a", "0.1.0-alpha", true), ("<=1.1", "1.1.0", true),
        ("<=1.x", "1.1.0", true), ("<=2.x", "3.0.0", false), ("<=2.x", "3.1.0", false), ("<=1.1", "1.1.1", true),
        ("<=1.1.x", "1.2.500", false), ("<=4.5", "3.4.0", true), ("<=4.5", "3.7.0", true), ("<=4.5", "4.6.3", false),
        (">1.1, <2", "1.1.1", false), (">1.1, <2", "1.2.1", true), (">1.1, <3", "4.3.2", false),
        (">=1.1, <2, !=1.2.3", "1.2.3", false), (">1.1 <2", "1.1.1", false), (">1.1 <2", "1.2.1", true),
        (">1.1    <3", "4.3.2", false), (">=1.1    <2    !=1.2.3", "1.2.3", false),
        (">=1.1, <2, !=1.2.3 || > 3", "4.1.2", true), (">=1.1, <2, !=1.2.3 || > 3", "3.1.2", false),
        (">=1.1, <2, !=1.2.3 || >= 3", "3.0.0", true), (">=1.1, <2, !=1.2.3 || > 3", "3.0.0", false),
        (">=1.1, <2, !=1.2.3 || > 3", "1.2.3", false), (">=1.1 <2 !=1.2.3", "1.2.3", false),
        (">=1.1 <2 !=1.2.3 || > 3", "4.1.2", true), (">=1.1 <2 !=1.2.3 || > 3", "3.1.2", false),
        (">=1.1 <2 !=1.2.3 || >= 3", "3.0.0", true), (">=1.1 <2 !=1.2.3 || > 3", "3.0.0", false),
        (">=1.1 <2 !=1.2.3 || > 3", "1.2.3", false), ("> 1.1, <     2", "1.1.1", false), (">   1.1, <2", "1.2.1", true),
        (">1.1, <  3", "4.3.2", false), (">= 1.1, <     2, !=1.2.3", "1.2.3", false), ("> 1.1 < 2", "1.1.1", false),
        (">1.1 < 2", "1.2.1", true), ("> 1.1    <3", "4.3.2", false), (">=1.1    < 2    != 1.2.3", "1.2.3", false),
        (">= 1.1, <2, !=1.2.3 || > 3", "4.1.2", true), (">= 1.1, <2, != 1.2.3 || > 3", "3.1.2", false),
        (">= 1.1, <2, != 1.2.3 || >= 3", "3.0.0", true), (">= 1.1, <2, !=1.2.3 || > 3", "3.0.0", false),
        (">= 1.1, <2, !=1.2.3 || > 3", "1.2.3", false), (">= 1.1 <2 != 1.2.3", "1.2.3", false),
        (">= 1.1 <2 != 1.2.3 || > 3", "4.1.2", true), (">= 1.1 <2 != 1.2.3 || > 3", "3.1.2", false),
        (">= 1.1 <2 != 1.2.3 || >= 3", "3.0.0", true), (">= 1.1 < 2 !=1.2.3 || > 3", "3.0.0", false),
        (">=1.1 < 2 !=1.2.3 || > 3", "1.2.3", false), ("1.1 - 2", "1.1.1", true), ("1.5.0 - 4.5", "3.7.0", true),
        ("1.1-3", "4.3.2", false), ("1.1 - 3", "4.3.2", false), ("^1.1", "1.1.1", true), ("^1.1", "4.3.2", false),
        ("^1.x", "1.1.1", true), ("^2.x", "1.1.1", false), ("^1.x", "2.1.1", false), ("^1.x", "1.1.1-beta1", false),
        ("^1.1.2-alpha", "1.2.1-beta1", true), ("^1.2.x-alpha", "1.1.1-beta1", false), ("^0.0.1", "0.0.1", true),
        ("^0.0.1", "0.3.1", false), ("^0.0.1", "0.1.3", false), ("^1.1", "1.1.1-alpha", false),
        ("^1.1.1-alpha", "1.1.1-beta", true), ("^1.1.1-beta", "1.1.1-alpha", false), ("^1.12.7", "1.6.6", false),
        ("^0.2", "0.3.0", false), ("^0.2", "0.1.1", false), ("^0.0.3", "0.1.1", false), ("^0.0.3", "0.0.2", false),
        ("~*", "2.1.1", true), ("~1", "2.1.1", false), ("~1", "1.3.5", true), ("~1", "1.4", true), ("~1", "1.3.5-beta", false),
        ("~1.x", "2.1.1", false), ("~1.x", "1.3.5", true), ("~1.x", "1.4", true), ("~1.x", "1.3.5-beta", false),
        ("~1.1", "1.1.1", true), ("~1.1", "1.1.1-alpha", false), ("~1.1-alpha", "1.1.1-beta", true),
        ("~1.1.1-beta", "1.1.1-alpha", false), ("~1.1.1-beta", "1.1.1", true), ("~1.3.6-alpha", "1.3.5-beta", false),
        ("~1.3.5-alpha", "1.3.5-beta", true), ("~1.3.5-beta", "1.3.5-alpha", false), ("~1.2.3", "1.2.5", true),
        ("~1.2.3", "1.2.2", false), ("~1.2.3", "1.3.2", false), ("~1.1", "1.2.3", false), ("~1.3", "2.4.5", false),
        ("~1", "2.1.2", false), ("2.x", "1.2.3", false), ("2", "1.2.3", false), ("> 1.2.3", "1.2.3-beta.1", false),
        ("!= 1.2.5, ^2, <= 1.1.x", "1.2.3", false),
    ]

    /// What Flux users write for `spec.ref.semver` and HelmChart `spec.version`.
    static let fluxStyle: [(String, String, Bool)] = [
        (">=1.0.0 <2.0.0", "1.0.0", true), (">=1.0.0 <2.0.0", "1.9.9", true), (">=1.0.0 <2.0.0", "2.0.0", false),
        (">=1.0.0 <2.0.0", "0.9.9", false), (">=1.0.0 <2.0.0", "1.5.0-rc.1", false), (">=1.0.0 <2.0.0", "v1.4.2", true),
        (">= 1.2, < 3.0.0", "2.9.9", true), (">= 1.2, < 3.0.0", "1.1.9", false), (">= 1.2, < 3.0.0", "3.0.0", false),
        ("~1.2", "1.2.0", true), ("~1.2", "1.2.99", true), ("~1.2", "1.3.0", false), ("~1.2", "1.1.9", false),
        ("~1.2.3", "1.2.3", true), ("~1.2.3", "1.2.9", true), ("~1.2.3", "1.3.0", false), ("~>1.2.3", "1.2.9", true), ("~>1.2.3", "1.3.0", false),
        ("^1.2", "1.2.0", true), ("^1.2", "1.99.0", true), ("^1.2", "2.0.0", false), ("^1.2", "1.1.0", false),
        ("^1.2.3", "1.2.3", true), ("^1.2.3", "1.9.0", true), ("^1.2.3", "2.0.0", false),
        ("^0.2.3", "0.2.9", true), ("^0.2.3", "0.3.0", false), ("^0.0.3", "0.0.3", true), ("^0.0.3", "0.0.4", false),
        ("^0", "0.9.9", true), ("^0", "1.0.0", false),
        ("1.x", "1.0.0", true), ("1.x", "1.99.3", true), ("1.x", "2.0.0", false), ("1.X", "1.3.0", true), ("1.*", "1.3.0", true),
        ("1.2.x", "1.2.7", true), ("1.2.x", "1.3.0", false), (">= 1.2.x", "1.2.0", true), (">= 1.2.x", "1.1.9", false),
        ("*", "0.0.0", true), ("*", "999.0.0", true), ("x", "3.0.0", true), ("X", "3.0.0", true),
        ("1.2 - 1.4.5", "1.2.0", true), ("1.2 - 1.4.5", "1.4.5", true), ("1.2 - 1.4.5", "1.4.6", false), ("1.2 - 1.4.5", "1.1.9", false),
        ("1.2.3 - 2.3.4", "2.3.4", true), ("1.2.3 - 2.3", "2.3.9", true), ("1.2.3 - 2.3", "2.4.0", false),
        ("=1.2.3", "1.2.3", true), ("= 1.2.3", "1.2.3+build", true), ("1.2.3", "v1.2.3", true), ("v1.2.3", "1.2.3", true),
        ("=>1.2", "1.2.0", true), ("=<1.2", "1.2.9", true), ("=<1.2", "1.3.0", false),
        (">=1.0.0-0", "1.0.0-rc.1", true), (">=1.0.0-rc.2", "1.0.0-rc.10", true), (">=1.0.0-rc.2", "1.0.0-rc.1", false),
        ("^1.0.0-0", "1.5.0-beta.1", true), ("^1.0.0-0", "2.0.0-beta.1", false),
        // v3.2 checks prereleases per comparison: `<2.0.0` names none, so it refuses 1.5.0-beta.
        (">=1.0.0-0 <2.0.0", "1.5.0-beta", false), (">=1.0.0-0 <2.0.0-0", "1.5.0-beta", true),
        ("<1.0.0 || >=2.0.0", "0.5.0", true), ("<1.0.0 || >=2.0.0", "1.5.0", false), ("<1.0.0 || >=2.0.0", "2.5.0", true),
        ("~1.2 || ^3", "1.2.5", true), ("~1.2 || ^3", "3.9.0", true), ("~1.2 || ^3", "2.0.0", false),
        (" >=1.0.0 ", "1.0.0", true), ("\t>=1.0.0,<2\n", "1.5.0", true),
    ]

    /// Go quirks kept on purpose, so that Sluice picks what Flux picks.
    static let quirks: [(String, String, Bool)] = [
        // `!=` without a wildcard does not filter out prereleases.
        ("!=1.2.3", "1.2.4-beta", true),
        // A major wildcard behaves like 0.0.0 for the operators that only special-case the minor and patch.
        ("^*", "1.2.3", false), ("^*", "0.0.0", true), ("<=*", "1.0.0", false), ("<=*", "0.0.9", true),
        (">*", "0.0.0", false), (">*", "0.0.1", true), ("!=*", "1.0.0", true), ("!=*", "0.0.0", false),
        // A wildcard major makes the rest of the version irrelevant; build metadata on wildcards is dropped.
        ("x.1.2", "7.0.0", true), ("1.x.3", "1.9.0", true), ("1.2.x+build", "1.2.5", true),
        // Go's character class `[0-9|x|X|\*]` admits `|` in version parts, which only survives in an ignored part.
        ("*.|", "2.0.0", true),
    ]

    @Test(arguments: singleComparisons + constraints + fluxStyle + quirks)
    func decidesAsMasterminds(_ constraintText: String, _ versionText: String, _ satisfied: Bool) throws {
        let constraint = try VersionConstraint(constraintText)
        let version = try #require(SemanticVersion(versionText))
        #expect(constraint.isSatisfied(by: version) == satisfied, "\(constraintText) with \(versionText)")
    }

    /// `TestNewConstraint`: (text, alternatives, comparisons in the first); `nil` when it must be refused.
    static let shapes: [(String, (Int, Int)?)] = [
        (">= 1.1", (1, 1)), (">40.50.60, < 50.70", (1, 2)), ("2.0", (1, 1)), ("v2.3.5-20161202202307-sha.e8fc5e5", (1, 1)),
        (">= bar", nil), ("BAR >= 1.2.3", nil), (">= 1.2.3 < 2.0", (1, 2)), (">= 1.2.3 < 2.0 || => 3.0 < 4", (2, 2)),
        (">= 1.2.3, < 2.0", (1, 2)), (">= 1.2.3, < 2.0 || => 3.0, < 4", (2, 2)), ("3 - 4 || => 3.0, < 4", (2, 2)),
        ("12.3.4.1234", nil), ("12.23.4.1234", nil), ("12.3.34.1234", nil), ("12.3.34 ~1.2.3", (1, 2)), ("12.3.34~ 1.2.3", nil),
        // Beyond Go's table.
        ("", nil), ("   ", nil), (">=foo", nil), ("1.2 ||", nil), ("|| 1.2", nil), (">=1.2,", nil), (",>=1.2", nil), (">=1.2,,<2", nil),
        (">=1.2<2", nil), ("<>1.2", nil), ("==1.2", nil), ("!1.2", nil), (">= ", nil), ("1x.2", nil), ("1.2.3-01", nil),
        ("99999999999999999999", nil), ("1.2.3-", nil), ("1.2 - ", nil), (">=1.2 , <2", (1, 2)), ("~>1.2", (1, 1)),
        ("1.2.3-beta.1+build.5", (1, 1)), ("^1.2 || ~2 || 3.x", (3, 1)),
        // A hyphen range swallows the space before it, so it must start the text or follow a comma.
        (">1 1.2 - 1.4", nil), (">1, 1.2 - 1.4", (1, 3)), ("1.2 - 1.4, <1.3", (1, 3)),
        // It swallows the space after it too, so only a comma or `||` may follow.
        ("1.2 - 1.4 <1.3", nil), ("1.2 - 1.4 || 2", (2, 2)),
    ]

    @Test(arguments: shapes)
    func parsesAsNewConstraint(_ text: String, _ shape: (Int, Int)?) {
        do {
            let constraint = try VersionConstraint(text)
            #expect(shape != nil, "\(text) should be refused")
            #expect(constraint.alternatives.count == shape?.0, "\(text)")
            #expect(constraint.alternatives.first?.count == shape?.1, "\(text)")
        } catch {
            #expect(shape == nil, "\(text): \(error)")
        }
    }

    @Test func namesTheImproperPart() {
        #expect(throws: VersionConstraintError(message: "improper constraint: >=foo")) { try VersionConstraint(">=foo") }
        #expect(throws: VersionConstraintError(message: "improper constraint: bar")) { try VersionConstraint("^1.2 || bar ") }
        #expect(throws: VersionConstraintError(message: "improper constraint: 1x.2 (not a valid version)")) { try VersionConstraint("1x.2") }
        do {
            _ = try VersionConstraint("~> 1.2, >= foo")
            Issue.record("accepted an improper constraint")
        } catch {
            #expect(error.localizedDescription == "improper constraint: ~> 1.2, >= foo")
            #expect("\(error)" == "improper constraint: ~> 1.2, >= foo")
        }
    }

    /// `TestConstraintString`: (text, Go's `String()`).
    @Test(arguments: [
        ("*", "*"), (">=1.2.3", ">=1.2.3"), (">= 1.2.3", ">=1.2.3"),
        ("2.x,   >=1.2.3 || >4.5.6, < 5.7", "2.x >=1.2.3 || >4.5.6 <5.7"),
        ("2.x,   >=1.2.3 || >4.5.6, < 5.7 || >40.50.60, < 50.70", "2.x >=1.2.3 || >4.5.6 <5.7 || >40.50.60 <50.70"),
        ("1.2", "1.2"), ("1.1.1", "1.1.1"), ("<=1.1.1", "<=1.1.1"), ("1.2 - 1.4.5", ">=1.2 <=1.4.5"), ("~> v1.2", "~>v1.2"),
    ])
    func describesAsGo(_ text: String, _ description: String) throws {
        let constraint = try VersionConstraint(text)
        #expect(constraint.description == description)
        #expect(constraint.text == text)
        #expect(try VersionConstraint(constraint.description).description == description)
    }

    /// `TestRewriteRange`.
    @Test(arguments: [
        ("2 - 3", ">= 2, <= 3"), ("2 - 3, 2 - 3", ">= 2, <= 3,>= 2, <= 3"), ("2 - 3, 4.0.0 - 5.1", ">= 2, <= 3,>= 4.0.0, <= 5.1"),
        ("1.2-3", "1.2-3"), ("1.2 -3", "1.2 -3"), ("v1.2.3-rc.1 - v2+b", ">= v1.2.3-rc.1, <= v2+b"), (">1 1.2 - 1.4", ">1>= 1.2, <= 1.4"),
    ])
    func rewritesHyphenRanges(_ text: String, _ rewritten: String) {
        #expect(String(decoding: VersionConstraint.rewritingHyphenRanges(Array(text.utf8)), as: UTF8.self) == rewritten)
    }

    @Test func picksTheHighestSatisfyingTag() throws {
        let tags = ["v0.9.0", "1.0.0", "v1.2.0", "1.2.1", "v1.3.0-rc.1", "1.10.0", "v2.0.0", "2.1.0-beta.1", "not-a-version", "latest", "v1.10.1+build.7"]
        let versions = tags.compactMap { SemanticVersion($0) }
        #expect(versions.count == tags.count - 2)
        #expect(try VersionConstraint(">=1.0.0 <2.0.0").highest(of: versions)?.original == "v1.10.1+build.7")
        #expect(try VersionConstraint("~1.2").highest(of: versions)?.original == "1.2.1")
        #expect(try VersionConstraint("^1.2").highest(of: versions)?.original == "v1.10.1+build.7")
        #expect(try VersionConstraint("1.x").highest(of: versions)?.original == "v1.10.1+build.7")
        #expect(try VersionConstraint("*").highest(of: versions)?.original == "v2.0.0")
        #expect(try VersionConstraint("~1.3.0-0").highest(of: versions)?.original == "v1.3.0-rc.1")
        #expect(try VersionConstraint(">=1.3.0-0 <1.4.0-0").highest(of: versions)?.original == "v1.3.0-rc.1")
        // v3.2 asks every comparison to name a prerelease before it admits one.
        #expect(try VersionConstraint(">=1.3.0-0 <1.4.0").highest(of: versions) == nil)
        #expect(try VersionConstraint(">=2.1.0-0").highest(of: versions)?.original == "2.1.0-beta.1")
        #expect(try VersionConstraint("<0.9.0").highest(of: versions) == nil)
        #expect(try VersionConstraint("^1").highest(of: [SemanticVersion]()) == nil)
    }

    @Test func breaksTiesByOriginalWhateverTheOrder() throws {
        let tied = try ["1.2.0+b", "v1.2", "1.2.0", "v1.2.0+a", "1.2"].map { try #require(SemanticVersion($0)) }
        let constraint = try VersionConstraint("^1")
        #expect(constraint.highest(of: tied)?.original == "v1.2.0+a")
        #expect(constraint.highest(of: tied.reversed())?.original == "v1.2.0+a")
        #expect(constraint.highest(of: tied + [try #require(SemanticVersion("1.2.1"))])?.original == "1.2.1")
    }
}
