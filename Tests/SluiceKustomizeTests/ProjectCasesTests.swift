import Foundation
import SluiceTestSupport
import Testing

/// The project's own cases, one per behaviour kustomize's `api/krusty` suite exercises (`Cases/`), each with the
/// output `kubectl kustomize` (kustomize v5.5.0) printed for it, or the part of its error Sluice's message must hold.
@Suite struct ProjectCasesTests {
    static let casesDirectory = BuiltExecutables.repositoryRoot
        .appendingPathComponent("Tests/SluiceKustomizeTests/Cases").standardizedFileURL

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: casesDirectory.path)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test(arguments: names) func projectCase(_ name: String) {
        let outcome = ConformanceTests.run(name, in: Self.casesDirectory, errorMustContain: true)
        #expect(outcome.passed, "\(name): \(outcome.detail)")
    }

    @Test func everyCaseSaysWhichBehaviourItCovers() throws {
        for name in Self.names {
            let data = try Data(contentsOf: Self.casesDirectory.appendingPathComponent(name).appendingPathComponent("case.json"))
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            #expect(json?["target"] is String, "\(name): case.json has no target")
            #expect(json?["krusty"] is String, "\(name): case.json does not name the krusty test it covers")
            #expect(json?["behaviour"] is String, "\(name): case.json does not say what it covers")
        }
    }
}
