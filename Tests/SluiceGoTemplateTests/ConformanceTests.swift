import Foundation
import SluiceCore
import SluiceGoTemplate
import Testing

/// The shared Go-template conformance cases (`../shared/conformance/gotemplate/cases.jsonl`), generated with Helm's
/// engine (Go `text/template`, Sprig and Helm's functions); each must render byte for byte, or fail with Go's exact message.
@Suite struct ConformanceTests {
    /// One line of `cases.jsonl`.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var template: String
        var values: JSONValue
        /// The expected output, or nil when an error is expected.
        var expect: String?
        /// The expected error message (the whole of Go's message).
        var expectError: String?

        var testDescription: String { name }
    }

    static let casesFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/conformance/gotemplate/cases.jsonl").standardizedFileURL

    static let cases: [Case] = {
        guard let text = try? String(contentsOf: casesFile, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line -> Case? in
            guard let object = try? JSONParser().parse(String(line)).objectValue,
                  let name = object["name"]?.stringValue, let template = object["template"]?.stringValue
            else { return nil }
            return Case(
                name: name, template: template, values: object["values"] ?? .null,
                expect: object["expect"]?.stringValue, expectError: object["expectError"]?.stringValue)
        }
    }()

    @Test func casesArePresent() {
        guard FileManager.default.fileExists(atPath: Self.casesFile.path) else {
            print("skipping Go-template conformance: \(Self.casesFile.path) is absent (no ../shared)")
            return
        }
        #expect(Self.cases.count == 55, "every line of cases.jsonl is a case")
    }

    @Test(arguments: cases) func sharedCase(_ testCase: Case) throws {
        let result: Result<String, GoTemplateError>
        do {
            let set = try GoTemplate.parse(name: testCase.name, text: testCase.template)
            result = .success(try set.render(testCase.name, data: testCase.values))
        } catch {
            result = .failure(error)
        }
        switch (result, testCase.expectError) {
        case (.success(let output), nil):
            #expect(output == testCase.expect, "\(testCase.name): rendered output differs")
        case (.success(let output), let expected?):
            Issue.record("\(testCase.name): expected the error \(expected), rendered \(output.debugDescription)")
        case (.failure(let error), nil):
            Issue.record("\(testCase.name): expected \(testCase.expect?.debugDescription ?? ""), failed with \(error.message)")
        case (.failure(let error), let expected?):
            #expect(error.message == expected, "\(testCase.name): error message differs")
        }
    }
}
