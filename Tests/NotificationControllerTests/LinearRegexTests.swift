import NotificationController
import SluiceAPI
import SluiceCore
import SluiceStore
import Testing

/// The linear-time matcher behind Alert inclusion and exclusion lists: RE2's answers on a table of cases, Go's error
/// messages for what RE2 refuses, and patterns that make a backtracking engine explode complete (their answer is asserted,
/// not their time).
@Suite("Linear-time regular expressions")
struct LinearRegexTests {
    /// Pattern, text, whether RE2 (Go's `regexp.MatchString`) matches.
    static let cases: [(String, String, Bool)] = [
        ("abc", "xabcx", true), ("^abc", "xabc", false), ("abc$", "abcx", false), ("abc$", "abc\n", false),
        ("(?m)abc$", "abc\nx", true), ("(?m)^x", "abc\nx", true), ("^x", "abc\nx", false),
        ("a.c", "a\nc", false), ("(?s)a.c", "a\nc", true), ("a.c", "a☺c", true),
        ("a|b", "b", true), ("(a|b)+c", "ababc", true), ("colou?r", "color", true), ("colou?r", "colouur", false),
        ("a{2,3}", "a", false), ("a{2,3}", "xaax", true), ("^a{2}$", "aa", true), ("^a{2}$", "aaa", false),
        ("a{,2}", "a{,2}", true), ("a{", "a{", true), ("x{2,}", "xxx", true), ("^x{2,}$", "x", false),
        ("[a-c]+", "zzbz", true), ("[^a-c]", "abc", false), ("[^a-c]", "abcd", true), ("[^a]", "\n", true),
        ("[]a]", "]", true), ("[a-]", "-", true), ("[.]", "x", false),
        ("\\d+", "abc123", true), ("\\D", "123", false), ("\\w+\\s\\w+", "hello world", true), ("\\S", " \t\n", false),
        ("\\bfoo\\b", "a foo b", true), ("\\bfoo\\b", "afoob", false), ("\\Bfoo", "afoo", true), ("\\bé", "é", false),
        ("[[:digit:]]+", "x9", true), ("[[:^alpha:]]", "abc", false), ("[[:upper:][:digit:]]", "a1", true),
        ("(?i)error", "ERROR: x", true), ("(?i:E)rror", "error", true), ("(?i:e)RROR", "error", false), ("(?i)[a-c]", "B", true),
        ("(?i)[^a]", "A", false), ("(?i)straße", "STRASSE", false), ("(?i)é", "É", true), ("(?i)x(?-i)y", "XY", false),
        ("(?P<name>ab)c", "abc", true), ("(?<n>x)", "x", true), ("(?:ab)+$", "abab", true), ("(?U)a+", "a", true),
        ("\\Qa.b\\E", "axb", false), ("\\Qa.b\\E", "a.b", true), ("\\Qa.b", "a.b", true),
        ("\\x41", "A", true), ("\\x{263a}", "☺", true), ("\\101", "A", true), ("\\0", "\u{0}", true), ("\\t", "\t", true),
        ("é+", "café", true), (".", "", false), ("", "", true), ("", "anything", true), ("a*", "", true),
        ("(a*)*", "b", true), ("(a*)+$", "b", true), ("(a|)+b", "aab", true), ("()", "", true), ("(|a)", "", true),
        ("\\.", "a", false), ("\\\\", "\\", true), ("a\\$", "a$", true), ("\\-\\ ", "- ", true),
        ("^$", "", true), ("^$", "a", false), ("x*y+$", "xxyy", true), ("\\Aab\\z", "ab", true), ("\\Aab\\z", "ab\n", false),
        ("[\\d\\s]", " ", true), ("[\\D]", "1", false), ("[\\x41-\\x43]", "B", true), ("a+?b", "aab", true), ("a??b", "b", true),
        ("upgrade.*has.*started", "Helm upgrade has started", true), ("(?i)health check failed", "Health check failed after 5m", true),
        ("^.*(?i)error.*$", "ignored Error here", true), ("stored artifact.*'(Second|Third)'", "stored artifact for commit 'Third'", true),
    ]

    @Test("RE2's answers on a table of patterns")
    func table() throws {
        for (pattern, text, expected) in Self.cases {
            let regex = try LinearRegex(pattern)
            #expect(regex.matches(text) == expected, "\(pattern) on \(text.debugDescription)")
        }
    }

    /// Patterns RE2 refuses, with Go's messages.
    static let refused: [(String, String)] = [
        ("(a)\\1", "error parsing regexp: invalid escape sequence: `\\1`"),
        ("(?=a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
        ("(?!a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?!`"),
        ("(?>a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?>`"),
        ("(?<=a)b", "error parsing regexp: invalid named capture: `(?<=a)b`"),
        ("(?z)", "error parsing regexp: invalid or unsupported Perl syntax: `(?z`"),
        ("a**", "error parsing regexp: invalid nested repetition operator: `**`"),
        ("a++", "error parsing regexp: invalid nested repetition operator: `++`"),
        ("*a", "error parsing regexp: missing argument to repetition operator: `*`"),
        ("a|+", "error parsing regexp: missing argument to repetition operator: `+`"),
        ("a{1001}", "error parsing regexp: invalid repeat count: `{1001}`"),
        ("a{3,2}", "error parsing regexp: invalid repeat count: `{3,2}`"),
        ("(abc", "error parsing regexp: missing closing ): `(abc`"),
        ("abc)", "error parsing regexp: unexpected ): `abc)`"),
        ("[a", "error parsing regexp: missing closing ]: `[a`"),
        ("[z-a]", "error parsing regexp: invalid character class range: `z-a`"),
        ("[[:foo:]]", "error parsing regexp: invalid character class range: `[:foo:]`"),
        ("a\\", "error parsing regexp: trailing backslash at end of expression: ``"),
        ("\\y", "error parsing regexp: invalid escape sequence: `\\y`"),
        ("\\pL", "error parsing regexp: unsupported Unicode class: `\\pL`"),
        ("((a{100}){100}){100}", "error parsing regexp: expression too large: ``"),
    ]

    @Test("what RE2 refuses is refused, in Go's words")
    func refusals() {
        for (pattern, message) in Self.refused {
            #expect(throws: (any Error).self, "\(pattern)") { try LinearRegex(pattern) }
            do {
                _ = try LinearRegex(pattern)
            } catch {
                #expect(error.description == message, "\(pattern)")
            }
        }
    }

    @Test("patterns that backtrack exponentially elsewhere complete with RE2's answer on long inputs")
    func pathological() throws {
        let many = String(repeating: "a", count: 30_000)
        #expect(try LinearRegex("(a+)+$").matches(many + "!") == false)
        #expect(try LinearRegex("(a+)+$").matches(many) == true)
        #expect(try LinearRegex("(a|a)*b").matches(many) == false)
        #expect(try LinearRegex("(a|aa)+$").matches(many + "b") == false)
        #expect(try LinearRegex("(x+x+)+y").matches(String(repeating: "x", count: 5_000)) == false)
        #expect(try LinearRegex("(.*a){12}x").matches(String(repeating: "a", count: 5_000)) == false)
        #expect(try LinearRegex("^(\\w+\\s?)+$").matches(String(repeating: "word ", count: 3_000) + "!") == false)
        #expect(try LinearRegex("(a{1,300}){1,4}$").matches(String(repeating: "a", count: 4_000) + "b") == false)
    }

    static func event(_ message: String) -> Event {
        Event(involvedObject: InvolvedObject(kind: "GitRepository", namespace: "default", name: "app", apiVersion: "source.toolkit.fluxcd.io/v1"),
              severity: .info, message: message, reason: "NewArtifact", reportingController: "source-controller")
    }

    static func alert(inclusions: [String]? = nil, exclusions: [String]? = nil) -> Alert {
        Alert(metadata: ObjectMeta(name: "alert", namespace: "default"),
              spec: AlertSpec(providerRef: LocalObjectReference(name: "p"), eventSources: [CrossNamespaceObjectReference(kind: "GitRepository", name: "*")],
                              inclusionList: inclusions, exclusionList: exclusions))
    }

    @Test("Alert lists: matched in linear time; a pattern that does not compile is left out and named, as Flux does")
    func alertLists() {
        let hostile = AlertMatcher(Self.alert(inclusions: ["(a+)+$"]))
        #expect(hostile.matches(Self.event(String(repeating: "a", count: 20_000) + "!")) == false)
        #expect(hostile.invalidPatterns.isEmpty)

        let invalidOnly = AlertMatcher(Self.alert(inclusions: ["(a)\\1"]))
        #expect(invalidOnly.invalidPatterns == ["spec.inclusionList[0]: failed to compile inclusion regex '(a)\\1': error parsing regexp: invalid escape sequence: `\\1`"])
        #expect(invalidOnly.matches(Self.event("aa")) == false)

        let mixed = AlertMatcher(Self.alert(inclusions: ["(?=x)", "^stored"], exclusions: ["[", "Second"]))
        #expect(mixed.invalidPatterns.count == 2)
        #expect(mixed.invalidPatterns[1].hasPrefix("spec.exclusionList[0]: failed to compile exclusion regex '['"))
        #expect(mixed.matches(Self.event("stored artifact for commit 'First'")))
        #expect(mixed.matches(Self.event("stored artifact for commit 'Second'")) == false)
        #expect(mixed.matches(Self.event("fetched")) == false)
    }
}
