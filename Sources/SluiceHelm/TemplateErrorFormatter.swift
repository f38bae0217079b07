import Foundation
/// Helm's rewording of Go template errors (`cleanupParseError`, `reformatExecErrorMsg` in `pkg/engine`).
enum TemplateErrorFormatter {
    /// A parse error: `parse error at (FILE:LINE): MESSAGE`.
    static func parse(_ message: String, file: String) -> String {
        let tokens = message.components(separatedBy: ": ")
        guard tokens.count > 1 else { return "parse error in (\(file)): \(message)" }
        return "parse error at (\(tokens[1])): \(tokens[tokens.count - 1])"
    }

    /// An execution error: `execution error at (FILE:LINE:COL): MESSAGE` for `fail` and `required`; otherwise each
    /// level of the chain as `LOCATION\n  executing "NAME" at <NODE>:\n    MESSAGE`; Go's text when a level is not a
    /// template error.
    static func execution(_ message: String, file: String) -> String {
        let tokens = splitN(message, ": ", 3)
        guard tokens.count == 3 else { return "execution error in (\(file)): \(message)" }
        if let warning = warning(in: tokens[2]) { return "execution error at (\(tokens[1])): \(warning)" }
        var levels: [(location: String, function: String, message: String)] = []
        var current = message
        while true {
            guard current.hasPrefix("template: ") else { return message }
            let remainder = String(current.dropFirst("template: ".count))
            if remainder.hasPrefix("no template ") {
                levels.append(("", "", current))
                break
            }
            guard let level = parseLevel(remainder) else { return message }
            if levels.last.map({ $0.location != level.location || $0.function != level.function || $0.message != level.message }) ?? true {
                levels.append((level.location, level.function, level.message))
            }
            // Go wraps a function's error (`error calling NAME: %w`): the next level is that error.
            guard level.rawMessage.hasPrefix("error calling "), let colon = level.rawMessage.range(of: ": ") else { break }
            current = String(level.rawMessage[colon.upperBound...])
        }
        var text = ""
        for level in levels {
            if !level.location.isEmpty { text += level.location + "\n  " }
            if !level.function.isEmpty { text += level.function + "\n    " }
            if !level.message.isEmpty { text += level.message + "\n" }
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func parseLevel(_ remainder: String) -> (location: String, function: String, message: String, rawMessage: String)? {
        if let executing = remainder.range(of: ": executing ") {
            let location = String(remainder[..<executing.lowerBound])
            let after = remainder[executing.upperBound...]
            guard after.first == "\"", let endQuote = after.dropFirst().firstIndex(of: "\"") else { return nil }
            let function = String(after[after.index(after: after.startIndex)..<endQuote])
            let afterFunction = after[after.index(after: endQuote)...]
            guard afterFunction.hasPrefix(" at <") else { return nil }
            let afterAt = afterFunction.dropFirst(" at <".count)
            guard let close = afterAt.range(of: ">: ") else { return nil }
            let node = String(afterAt[..<close.lowerBound])
            let raw = String(afterAt[close.upperBound...])
            var shown = raw
            if let cut = shown.range(of: " template:") { shown = String(shown[..<cut.lowerBound]) }
            return (location, "executing \"\(function)\" at <\(node)>:", shown, raw)
        }
        guard let separator = remainder.range(of: ": ", options: .backwards) else { return nil }
        var shown = String(remainder[separator.upperBound...])
        if let cut = shown.range(of: " template:") { shown = String(shown[..<cut.lowerBound]) }
        return (String(remainder[..<separator.lowerBound]), "", shown, "")
    }

    /// The message of `fail` or `required` (Helm marks them `HELM[…]HELM`; here the innermost `error calling fail: `).
    private static func warning(in text: String) -> String? {
        for function in ["fail", "required"] {
            if let range = text.range(of: "error calling \(function): ", options: .backwards) {
                return String(text[range.upperBound...])
            }
        }
        return nil
    }

    private static func splitN(_ text: String, _ separator: String, _ count: Int) -> [String] {
        var parts: [String] = []
        var rest = Substring(text)
        while parts.count < count - 1, let range = rest.range(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
