import KustomizeController
import SluiceCore
import SluiceApply

/// `flux diff kustomization`'s report: `► Kind/namespace/name created|drifted|deleted` per object, each drifted one
/// followed by its fields as dyff prints them (`± value change`, `- live`, `+ desired`).
enum DriftReport {
    /// The report for `changes`; empty when there are none. With `colour`, the `►` lines are coloured as Flux's
    /// (created green, deleted red).
    static func render(_ changes: [KustomizationChange], colour: Bool) -> String {
        render(rows: changes.map { ($0.subject, $0.action.rawValue, $0.fields) }, colour: colour)
    }

    /// The report for one row per object: its subject, what would happen to it (`created`, `drifted`, `deleted`) and
    /// its drifted fields.
    static func render(rows: [(subject: String, action: String, fields: [FieldDrift])], colour: Bool) -> String {
        var text = ""
        for row in rows {
            let line = "► \(row.subject) \(row.action)"
            let code = switch row.action {
            case "created": "32"
            case "deleted": "31"
            default: "1"
            }
            text += (colour ? "\u{1B}[\(code)m\(line)\u{1B}[0m" : line) + "\n"
            guard !row.fields.isEmpty else { continue }
            for field in row.fields {
                text += "\n" + block(field)
            }
            text += "\n"
        }
        return text
    }

    /// One field's block: its path, then what changes, in dyff's words.
    static func block(_ field: FieldDrift) -> String {
        switch (field.live, field.desired) {
        case (let live?, let desired?):
            return "\(dotted(field.path))\n  ± value change\n" + value(live, marker: "-") + value(desired, marker: "+")
        case (nil, let desired?):
            return "\(dotted(field.path.dropLast()))\n  + one map entry added:\n" + entry(field.path.last ?? "", desired)
        case (let live?, nil):
            return "\(dotted(field.path.dropLast()))\n  - one map entry removed:\n" + entry(field.path.last ?? "", live)
        case (nil, nil):
            return "\(dotted(field.path))\n"
        }
    }

    /// `spec.replicas`, or dyff's `(root level)` for the top.
    static func dotted(_ path: some Collection<String>) -> String {
        path.isEmpty ? "(root level)" : path.joined(separator: ".")
    }

    /// `    - 5`: a value under its marker, each further line of a multi-line one indented to match.
    static func value(_ value: JSONValue, marker: String) -> String {
        let lines = text(value).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.enumerated().map { index, line in (index == 0 ? "    \(marker) " : "      ") + line }.joined(separator: "\n") + "\n"
    }

    /// `    key: value`, as an added or removed map entry.
    static func entry(_ key: String, _ value: JSONValue) -> String {
        let lines = text(value).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.enumerated().map { index, line in (index == 0 ? "    \(key): " : "      ") + line }.joined(separator: "\n") + "\n"
    }

    /// A string as it is; anything else as compact JSON (which is YAML).
    static func text(_ value: JSONValue) -> String {
        if case .string(let string) = value { return string }
        return JSONSerializer().string(value)
    }
}
