import Testing
@testable import SluiceCore

/// Parsing and ordering, with the cases of Masterminds/semver v3's `version_test.go`.
@Suite struct SemanticVersionTests {
    /// `TestNewVersion`: (text, valid).
    static let lenient: [(String, Bool)] = [
        ("1.2.3", true), ("1.2.3-alpha.01", false), ("1.2.3+test.01", true), ("1.2.3-alpha.-1", true),
        ("v1.2.3", true), ("1.0", true), ("v1.0", true), ("1", true), ("v1", true),
        ("1.2.beta", false), ("v1.2.beta", false), ("foo", false),
        ("1.2-5", true), ("v1.2-5", true), ("1.2-beta.5", true), ("v1.2-beta.5", true),
        ("\n1.2", false), ("\nv1.2", false),
        ("1.2.0-x.Y.0+metadata", true), ("v1.2.0-x.Y.0+metadata", true),
        ("1.2.0-x.Y.0+metadata-width-hypen", true), ("v1.2.0-x.Y.0+metadata-width-hypen", true),
        ("1.2.3-rc1-with-hypen", true), ("v1.2.3-rc1-with-hypen", true),
        ("1.2.3.4", false), ("v1.2.3.4", false),
        ("1.2.2147483648", true), ("1.2147483648.3", true), ("2147483648.3.0", true),
        ("12.3.4.1234", false), ("12.23.4.1234", false), ("12.3.34.1234", false),
        ("20221209-update-renovatejson-v4", true),
        // Beyond Go's table: the edges of the grammar.
        ("", false), ("v", false), ("V1.2.3", false), ("1.", false), ("1..2", false), ("1.2.3-", false), ("1.2.3+", false),
        ("1.2.3-a..b", false), ("1.2.3 ", false), (" 1.2.3", false), ("01.02.03", true), ("1.2.3-0", true),
        ("18446744073709551615.0.0", true), ("18446744073709551616.0.0", false), ("1.2.3-a_b", false), ("1.2.3+a+b", false),
    ]

    /// `TestStrictNewVersion`: (text, valid).
    static let strict: [(String, Bool)] = [
        ("1.2.3", true), ("1.2.3-alpha.01", false), ("1.2.3+test.01", true), ("1.2.3-alpha.-1", true),
        ("v1.2.3", false), ("1.0", false), ("v1.0", false), ("1", false), ("v1", false),
        ("1.2.beta", false), ("v1.2.beta", false), ("foo", false),
        ("1.2-5", false), ("v1.2-5", false), ("1.2-beta.5", false), ("v1.2-beta.5", false),
        ("\n1.2", false), ("\nv1.2", false),
        ("1.2.0-x.Y.0+metadata", true), ("v1.2.0-x.Y.0+metadata", false),
        ("1.2.0-x.Y.0+metadata-width-hypen", true), ("v1.2.0-x.Y.0+metadata-width-hypen", false),
        ("1.2.3-rc1-with-hypen", true), ("v1.2.3-rc1-with-hypen", false),
        ("1.2.3.4", false), ("v1.2.3.4", false),
        ("1.2.2147483648", true), ("1.2147483648.3", true), ("2147483648.3.0", true),
        ("20221209-update-renovatejson-v4", false),
        // Beyond Go's table.
        ("", false), ("01.2.3", false), ("1.02.3", false), ("1.2.03", false), ("0.0.0", true), ("1..3", false),
        ("1.2.3-beta+exp.sha.5114f85", true), ("1.2.3+build-1", true), ("1.2.3-", false), ("1.2.3+", false), ("1.2.3-a..b", false),
    ]

    @Test(arguments: lenient)
    func parsesAsNewVersion(_ text: String, _ valid: Bool) {
        #expect((SemanticVersion(text) != nil) == valid, "\(text)")
    }

    @Test(arguments: strict)
    func parsesAsStrictNewVersion(_ text: String, _ valid: Bool) {
        #expect((SemanticVersion(strict: text) != nil) == valid, "\(text)")
    }

    /// `TestCoerceString` and `TestOriginal`: (text, canonical form).
    @Test(arguments: [
        ("1.2.3", "1.2.3"), ("v1.2.3", "1.2.3"), ("1.0", "1.0.0"), ("v1.0", "1.0.0"), ("1", "1.0.0"), ("v1", "1.0.0"),
        ("1.2-5", "1.2.0-5"), ("v1.2-5", "1.2.0-5"), ("1.2-beta.5", "1.2.0-beta.5"), ("v1.2-beta.5", "1.2.0-beta.5"),
        ("1.2.0-x.Y.0+metadata", "1.2.0-x.Y.0+metadata"), ("v1.2.0-x.Y.0+metadata", "1.2.0-x.Y.0+metadata"),
        ("1.2.0-x.Y.0+metadata-width-hypen", "1.2.0-x.Y.0+metadata-width-hypen"),
        ("v1.2.0-x.Y.0+metadata-width-hypen", "1.2.0-x.Y.0+metadata-width-hypen"),
        ("1.2.3-rc1-with-hypen", "1.2.3-rc1-with-hypen"), ("v1.2.3-rc1-with-hypen", "1.2.3-rc1-with-hypen"),
        ("01.002.3", "1.2.3"),
    ])
    func keepsOriginalAndWritesCanonical(_ text: String, _ canonical: String) throws {
        let version = try #require(SemanticVersion(text))
        #expect(version.description == canonical)
        #expect(version.original == text)
    }

    @Test func splitsIntoParts() throws {
        let version = try #require(SemanticVersion("1.2.3-beta.1+build.123"))
        #expect(version.major == 1)
        #expect(version.minor == 2)
        #expect(version.patch == 3)
        #expect(version.prerelease == ["beta", "1"])
        #expect(version.build == ["build", "123"])
        #expect(version.isPrerelease)
        let plain = try #require(SemanticVersion(strict: "0.1.2"))
        #expect(plain.prerelease == [] && plain.build == [] && !plain.isPrerelease)
        #expect(SemanticVersion(major: 1, minor: 2, patch: 3, prerelease: ["alpha", "1"], build: ["foo", "bar"]).description == "1.2.3-alpha.1+foo.bar")
        #expect(SemanticVersion(major: 0, minor: 1, patch: 2).original == "0.1.2")
    }

    /// `TestCompare`: (a, b, sign of a compared with b).
    static let comparisons: [(String, String, Int)] = [
        ("1.2.3", "1.5.1", -1), ("2.2.3", "1.5.1", 1), ("2.2.3", "2.2.2", 1), ("3.2-beta", "3.2-beta", 0),
        ("1.3", "1.1.4", 1), ("4.2", "4.2-beta", 1), ("4.2-beta", "4.2", -1), ("4.2-alpha", "4.2-beta", -1),
        ("4.2-alpha", "4.2-alpha", 0), ("4.2-beta.2", "4.2-beta.1", 1), ("4.2-beta2", "4.2-beta1", 1),
        ("4.2-beta", "4.2-beta.2", -1), ("4.2-beta", "4.2-beta.foo", -1), ("4.2-beta.2", "4.2-beta", 1),
        ("4.2-beta.foo", "4.2-beta", 1), ("1.2+bar", "1.2+baz", 0), ("1.0.0-beta.4", "1.0.0-beta.-2", -1),
        ("1.0.0-beta.-2", "1.0.0-beta.-3", -1), ("1.0.0-beta.-3", "1.0.0-beta.5", 1),
        // `TestGreaterThan`.
        ("3.2.0-beta.1", "3.2.0-beta.5", -1), ("3.2-beta.4", "3.2-beta.2", 1),
        ("7.43.0-SNAPSHOT.99", "7.43.0-SNAPSHOT.103", -1), ("7.43.0-SNAPSHOT.FOO", "7.43.0-SNAPSHOT.103", 1),
        ("7.43.0-SNAPSHOT.99", "7.43.0-SNAPSHOT.BAR", -1), ("3.2-beta+foo", "3.2-beta+bar", 0),
        // Numbers are numbers, not text; build metadata and spelling do not count.
        ("1.10.0", "1.9.0", 1), ("10.0.0", "9.99.99", 1), ("v1.2", "1.2.0", 0), ("1.2.3+a", "1.2.3", 0),
        ("1.0.0-rc.10", "1.0.0-rc.9", 1), ("1.0.0-Beta", "1.0.0-beta", -1), ("1.0.0-0", "1.0.0-a", -1),
        ("1.0.0-99999999999999999999", "1.0.0-1", 1),
    ]

    @Test(arguments: comparisons)
    func comparesAsMasterminds(_ left: String, _ right: String, _ sign: Int) throws {
        let a = try #require(SemanticVersion(left))
        let b = try #require(SemanticVersion(right))
        #expect((a < b) == (sign < 0), "\(left) < \(right)")
        #expect((a > b) == (sign > 0), "\(left) > \(right)")
        #expect((a == b) == (sign == 0), "\(left) == \(right)")
        #expect((a <= b) == (sign <= 0))
        #expect((a >= b) == (sign >= 0))
        if sign == 0 { #expect(a.hashValue == b.hashValue) }
    }

    /// SemVer 2.0 item 11's example chain, shuffled and sorted back.
    @Test func sortsTheSemVerPrecedenceChain() throws {
        let chain = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1"]
        let versions = try chain.map { try #require(SemanticVersion($0)) }
        #expect(versions.reversed().sorted().map(\.original) == chain)
        #expect([versions[5], versions[0], versions[9], versions[2]].sorted().map(\.original) == ["1.0.0-alpha", "1.0.0-alpha.beta", "1.0.0-beta.11", "2.1.0"])
    }

    @Test func equalityAndHashingIgnoreBuildAndSpelling() throws {
        let set: Set<SemanticVersion> = try ["1.2.0", "v1.2", "1.2.0+build.7", "1.2.0-rc.1", "1.2.0-rc.1+x"].map { try #require(SemanticVersion($0)) }.reduce(into: []) { $0.insert($1) }
        #expect(set.count == 2)
    }
}
