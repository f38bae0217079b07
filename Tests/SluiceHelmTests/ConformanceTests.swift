import Foundation
import SluiceCore
import SluiceTestSupport
import Testing

/// The shared `helm template` conformance cases (`../shared/conformance/helm/cases`, recorded with Helm 4), each run
/// through the built `helm-controller template` in the case's folder and compared byte for byte: stdout with
/// `expected.txt`, and for `expected-error.txt` a non-zero exit whose stderr holds Helm's error text.
@Suite struct ConformanceTests {
    static let casesDirectory = BuiltExecutables.repositoryRoot
        .appendingPathComponent("../shared/conformance/helm/cases").standardizedFileURL

    /// Cases known to fail, with the reason; a case that starts passing fails the test until it is removed here.
    static let knownFailing: [String: String] = [:]

    static let caseNames: [String] = {
        (try? FileManager.default.contentsOfDirectory(atPath: casesDirectory.path))?.filter { !$0.hasPrefix(".") }.sorted() ?? []
    }()

    @Test func casesArePresent() {
        guard FileManager.default.fileExists(atPath: Self.casesDirectory.path) else {
            print("skipping helm conformance: \(Self.casesDirectory.path) is absent (no ../shared)")
            return
        }
        #expect(Self.caseNames.count >= 82)
        for name in Self.knownFailing.keys { #expect(Self.caseNames.contains(name), "known-failing case \(name) does not exist") }
    }

    @Test(arguments: caseNames) func sharedCase(_ name: String) async throws {
        let problems = try await HelmCase.problems(Self.casesDirectory.appendingPathComponent(name))
        if let reason = Self.knownFailing[name] {
            #expect(!problems.isEmpty, "\(name) now passes: remove it from knownFailing (was: \(reason))")
        } else {
            #expect(problems.isEmpty, "\(name): \(problems.joined(separator: "\n"))")
        }
    }
}
