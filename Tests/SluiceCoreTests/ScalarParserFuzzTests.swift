import SluiceTestSupport
import Testing
@testable import SluiceCore

/// Seeded fuzzing of the small parsers of outside text: versions and constraints (from Git tags and chart
/// indexes), Go durations and timestamps (from specs and objects), Go string literals (from templates), and
/// inventory ids (from status). A trap ends the test process, so each test passes when every input is either
/// parsed or refused.
@Suite struct ScalarParserFuzzTests {
    static let valid = [
        "v1.2.3-rc.1+build.5", "1.2", ">=1.0.0 <2.0.0 || ~3.1", "^0.0.1-0", "1.x", "1h2m3.5s", "-1.5us", "9223372036854775807ns",
        "2006-01-02T15:04:05.999999999Z07:00", "2024-02-29T23:59:60Z", #""a\u00e9\x41\101\n\"""#, "`raw`", "'\\''",
        "default_web_apps_Deployment", "_ns_name_rbac.authorization.k8s.io_ClusterRole",
    ].map { Array($0.utf8) }

    @Test func durationsBeyondInt64AreRefused() {
        // 9223372036854775807ns is 2^63 as a Double, and `Int64(2^63)` trapped: a spec's `interval` could crash a controller.
        #expect(GoDuration("9223372036854775807ns") == nil)
        #expect(GoDuration("2562048h") == nil)
        #expect(GoDuration("-9223372036854775808ns")?.nanoseconds == Int64.min)
        #expect(GoDuration("2562047h") != nil)
    }

    @Test func neverTrap() {
        var fuzzer = Fuzzer(seed: 0x5eed_1208)
        let version = SemanticVersion(major: 1, minor: 2, patch: 3)
        for input in fuzzer.inputs(count: 6000, valid: Self.valid, maxRandomCount: 64) {
            let text = String(decoding: input, as: UTF8.self)
            _ = SemanticVersion(text)
            _ = SemanticVersion(strict: text)
            _ = (try? VersionConstraint(text))?.isSatisfied(by: version)
            _ = GoDuration(text)
            _ = Timestamp.parse(text)
            _ = try? GoQuote.unquote(text)
            _ = ResourceIdentifier(text)
        }
    }
}
