import Foundation
import SluiceTestSupport
import Testing

/// Charts of our own for what the shared cases leave out (aliases of one chart used three times, a condition list
/// whose first resolvable path wins, import-values in the map form, `.Subcharts`, `.Chart.IsRoot`, `.Template.BasePath`
/// in a subchart, `.Files.Glob` with `{a,b}`, unknown kinds ordered alphabetically, `test-success` hooks dropped by
/// `--skip-tests`, unknown hook events skipped, `--set-literal`); the expected output is reasoned from Helm's code.
@Suite struct FixtureTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static let names: [String] = {
        (try? FileManager.default.contentsOfDirectory(atPath: fixtures.path))?.filter { !$0.hasPrefix(".") }.sorted() ?? []
    }()

    @Test(arguments: names) func fixture(_ name: String) async throws {
        let problems = try await HelmCase.problems(Self.fixtures.appendingPathComponent(name))
        #expect(problems.isEmpty, "\(name): \(problems.joined(separator: "\n"))")
    }
}
