import Foundation
import Logging
import SluiceCore
import SluiceKustomize
import SluiceTestSupport
import Testing

/// The shared kustomize conformance cases (`../shared/conformance/kustomize/cases`), built by the engine and compared with kustomize v5.5.0's output.
@Suite struct ConformanceTests {
    static let casesDirectory = BuiltExecutables.repositoryRoot
        .appendingPathComponent("../shared/conformance/kustomize/cases").standardizedFileURL

    /// The smallest number of cases that must pass; raise it as the engine improves.
    static let floor = 80

    @Test func sharedCases() throws {
        guard FileManager.default.fileExists(atPath: Self.casesDirectory.path) else {
            print("skipping kustomize conformance: \(Self.casesDirectory.path) is absent (no ../shared)")
            return
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.casesDirectory.path).filter { !$0.hasPrefix(".") }.sorted()
        var passed: [String] = []
        var byteEqual = 0
        var failures: [String] = []
        for name in names {
            let result = Self.run(name)
            if result.passed { passed.append(name) } else { failures.append("\(name): \(result.detail)") }
            if result.byteEqual { byteEqual += 1 }
        }
        print("kustomize conformance: \(passed.count)/\(names.count) pass as data, \(byteEqual)/\(names.count) byte-equal")
        for failure in failures { print("  FAIL \(failure)") }
        #expect(passed.count >= Self.floor, "kustomize conformance \(passed.count)/\(names.count), below the floor of \(Self.floor)")
    }

    struct Outcome {
        var passed: Bool
        var byteEqual: Bool
        var detail: String
    }

    /// Builds the case `name` under `casesDirectory`; when it holds `expected-error.txt`, the build must fail and,
    /// if `errorMustContain` is set, with a message containing that file's text.
    static func run(_ name: String, in casesDirectory: URL = casesDirectory, errorMustContain: Bool = false) -> Outcome {
        let directory = casesDirectory.appendingPathComponent(name)
        guard let caseData = FileManager.default.contents(atPath: directory.appendingPathComponent("case.json").path),
              let caseJSON = try? JSONSerialization.jsonObject(with: caseData) as? [String: Any],
              let target = caseJSON["target"] as? String
        else { return Outcome(passed: false, byteEqual: false, detail: "unreadable case.json") }
        let expectedError = FileManager.default.fileExists(atPath: directory.appendingPathComponent("expected-error.txt").path)
        let built: String
        do {
            let fileSystem = try DiskFileSystem(root: directory.appendingPathComponent("root").path)
            built = try KustomizeBuilder(fileSystem: fileSystem, logger: Logger(label: "conformance")).buildYAML(path: target)
        } catch {
            guard expectedError else { return Outcome(passed: false, byteEqual: false, detail: "error: \(error)") }
            let wanted = (try? String(contentsOf: directory.appendingPathComponent("expected-error.txt"), encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if errorMustContain, !wanted.isEmpty, !"\(error)".contains(wanted) {
                return Outcome(passed: false, byteEqual: false, detail: "error '\(error)' does not contain '\(wanted)'")
            }
            return Outcome(passed: true, byteEqual: true, detail: "")
        }
        if expectedError { return Outcome(passed: false, byteEqual: false, detail: "expected an error, built successfully") }
        guard let expected = try? String(contentsOf: directory.appendingPathComponent("expected.yaml"), encoding: .utf8) else {
            return Outcome(passed: false, byteEqual: false, detail: "no expected.yaml")
        }
        let byteEqual = built == expected
        do {
            let reader = YAMLReader()
            let ours = try reader.documents(built).map(\.value).filter { !$0.isNull }
            let theirs = try reader.documents(expected).map(\.value).filter { !$0.isNull }
            if ours == theirs { return Outcome(passed: true, byteEqual: byteEqual, detail: "") }
            return Outcome(passed: false, byteEqual: byteEqual, detail: "output differs (\(ours.count) documents, expected \(theirs.count))")
        } catch {
            return Outcome(passed: false, byteEqual: byteEqual, detail: "cannot read output back: \(error)")
        }
    }
}
