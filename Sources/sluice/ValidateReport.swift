import Foundation

/// What `sluice validate` found in a repository: the findings and the counts, printed as text or JSON.
struct ValidateReport: Sendable, Codable {
    /// The YAML files read.
    var files = 0
    /// The objects that matched their schema.
    var valid = 0
    /// The objects that broke their schema.
    var invalid = 0
    /// The objects not checked because no schema is known for their kind (`--skip-missing-schemas`).
    var skipped = 0
    /// The Flux Kustomizations built.
    var kustomizations = 0
    /// Every error and warning, in the order found, each once.
    var findings: [ValidateFinding] = []

    /// Adds a finding unless the same one is already there (an object built by two overlays, say).
    mutating func add(_ finding: ValidateFinding) {
        guard !findings.contains(finding) else { return }
        findings.append(finding)
    }

    /// The errors.
    var errors: [ValidateFinding] { findings.filter { $0.severity == .error } }
    /// The warnings.
    var warnings: [ValidateFinding] { findings.filter { $0.severity == .warning } }

    /// Whether the repository fails: any error, or with `strict` any warning.
    func fails(strict: Bool) -> Bool { !errors.isEmpty || (strict && !warnings.isEmpty) }

    /// One line per finding (warnings prefixed `warning: `), then a summary line.
    func text(strict: Bool) -> String {
        var lines = findings.map { $0.severity == .warning ? "warning: \($0.text)" : $0.text }
        let counts = "\(valid) valid, \(invalid) invalid, \(skipped) skipped objects; \(kustomizations) Flux Kustomizations built from \(files) YAML files"
        let outcome = fails(strict: strict) ? "✗ \(errors.count) errors, \(warnings.count) warnings" : "✔ valid"
        lines.append("\(outcome): \(counts)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The report as JSON (sorted keys), with `valid` saying whether the repository passed.
    func json(strict: Bool) -> String {
        struct Document: Encodable {
            var passed: Bool
            var report: ValidateReport
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Document(passed: !fails(strict: strict), report: self))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
