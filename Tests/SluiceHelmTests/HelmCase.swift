import Foundation
import SluiceCore
import SluiceTestSupport

/// One `helm template` case laid out as the shared conformance cases are (`args.json`, `chart/`, `expected.txt`,
/// `expected-error.txt`), run through the built `helm-controller template` in the case's folder.
enum HelmCase {
    /// The command line `args.json` describes.
    static func arguments(_ directory: URL) throws -> [String] {
        let data = try Data(contentsOf: directory.appendingPathComponent("args.json"))
        let args = try JSONParser().parse([UInt8](data))
        var result = ["template"]
        if let name = args["name"]?.stringValue { result.append(name) }
        result.append(args["chart"]?.stringValue ?? "chart")
        for file in args["values"]?.arrayValue ?? [] { result += ["-f", file.stringValue ?? ""] }
        for item in args["set"]?.arrayValue ?? [] { result += ["--set", item.stringValue ?? ""] }
        if let namespace = args["namespace"]?.stringValue { result += ["--namespace", namespace] }
        result += (args["flags"]?.arrayValue ?? []).compactMap(\.stringValue)
        return result
    }

    /// What differs from the expectation: stdout byte for byte, and for an error case a failing exit whose stderr
    /// holds the expected error text. Empty when the case passes.
    static func problems(_ directory: URL) async throws -> [String] {
        let result = try await Shell.execute(BuiltExecutables.url("helm-controller").path, try arguments(directory), in: directory)
        let expectedOutput = (try? String(contentsOf: directory.appendingPathComponent("expected.txt"), encoding: .utf8)) ?? ""
        let expectedError = try? String(contentsOf: directory.appendingPathComponent("expected-error.txt"), encoding: .utf8)
        var problems: [String] = []
        if let expectedError {
            if result.status == 0 { problems.append("succeeded where Helm fails") }
            if !result.stderr.contains(expectedError.trimmingCharacters(in: .whitespacesAndNewlines)) {
                problems.append("stderr differs:\n\(result.stderr.prefix(2000))\nexpected:\n\(expectedError.prefix(2000))")
            }
        } else if result.status != 0 {
            problems.append("failed: \(result.stderr.prefix(2000))")
        }
        if result.stdout != expectedOutput { problems.append("stdout differs:\n\(result.stdout.prefix(4000))") }
        return problems
    }
}
