import Foundation
import SluiceCore

/// SOPS's INI store (go-ini's reading): sections of `key = value`, `;`/`#` comments kept with the key or section after
/// them, keys before any section in `DEFAULT`, metadata as a `[sops]` section of flattened keys (newlines escaped).
enum SOPSINI {
    static let defaultSection = "DEFAULT"

    static func load(_ bytes: [UInt8]) throws(SOPSStore.Failure) -> SOPSStore.Loaded {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw SOPSStore.Failure("INI document is not UTF-8") }
        var sections: [(name: String, items: [SOPSItem])] = [(defaultSection, [])]
        var pendingComment: [String] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            index += 1
            if line.isEmpty { continue }
            if line.hasPrefix("#") || line.hasPrefix(";") {
                pendingComment.append(line)
                continue
            }
            if line.hasPrefix("[") {
                guard let close = line.lastIndex(of: "]") else { throw SOPSStore.Failure("INI line \(index): unclosed section header") }
                let name = line[line.index(after: line.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                var items: [SOPSItem] = []
                if !pendingComment.isEmpty { items.append(SOPSItem(key: .comment(strip(pendingComment)), value: .null)) }
                pendingComment = []
                if name == defaultSection {
                    sections[0].items += items
                } else {
                    sections.append((name, items))
                }
                continue
            }
            guard let delimiter = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw SOPSStore.Failure("INI line \(index): no '=' or ':' after the key")
            }
            let key = unquoteKey(line[..<delimiter].trimmingCharacters(in: .whitespaces))
            var value = line[line.index(after: delimiter)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\"\"\"") {
                var collected = String(value.dropFirst(3))
                while !collected.hasSuffix("\"\"\"") || collected.count < 3 {
                    guard index < lines.count else { throw SOPSStore.Failure("INI line \(index): unclosed \"\"\" value") }
                    collected += "\n" + lines[index]
                    index += 1
                }
                value = String(collected.dropLast(3))
            } else if value.hasPrefix("`"), value.count >= 2, value.hasSuffix("`") {
                value = String(value.dropFirst().dropLast())
            } else if value.hasPrefix("\""), value.count >= 2, value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast())
            } else if let comment = value.firstIndex(where: { $0 == "#" || $0 == ";" }) {
                value = value[..<comment].trimmingCharacters(in: .whitespaces)
            }
            sections[sections.count - 1].items.append(SOPSItem(key: .name(key), value: .leaf(.string(value))))
            if !pendingComment.isEmpty {
                sections[sections.count - 1].items.append(SOPSItem(key: .comment(strip(pendingComment)), value: .null))
                pendingComment = []
            }
        }
        var branch: [SOPSItem] = []
        var metadata: JSONObject?
        for section in sections {
            if section.name == "sops" {
                var entries: [(key: String, value: JSONValue)] = []
                for item in section.items {
                    if case .name(let key) = item.key, case .leaf(.string(let value)) = item.value {
                        entries.append((key, .string(value.replacingOccurrences(of: "\\n", with: "\n"))))
                    }
                }
                do { metadata = try SOPSFlatMetadata.unflatten(entries) } catch { throw SOPSStore.Failure(error.reason) }
            } else {
                branch.append(SOPSItem(key: .name(section.name), value: .branch(section.items)))
            }
        }
        return SOPSStore.Loaded(branches: [.branch(branch)], metadata: metadata, commentsKnown: true)
    }

    /// The comment's text without its first `#`/`;` marker and the spaces after it (SOPS's `stripCommentChar`).
    private static func strip(_ lines: [String]) -> String {
        var text = lines.joined(separator: "\n")
        if let first = text.first, first == ";" || first == "#" {
            text = String(text.drop { $0 == first || $0 == " " })
        }
        return text
    }

    private static func unquoteKey(_ key: String) -> String {
        if key.count >= 2, (key.hasPrefix("\"") && key.hasSuffix("\"")) || (key.hasPrefix("`") && key.hasSuffix("`")) {
            return String(key.dropFirst().dropLast())
        }
        return key
    }

    static func emit(_ loaded: SOPSStore.Loaded) throws(SOPSStore.Failure) -> [UInt8] {
        guard case .branch(let sections)? = loaded.branches.first else { throw SOPSStore.Failure("INI document is not sections") }
        var text = ""
        func write(section name: String, items: [SOPSItem]) throws(SOPSStore.Failure) {
            var header = name == defaultSection ? "" : "[\(name)]\n"
            var entries: [(comment: String?, line: String)] = []
            for (index, item) in items.enumerated() {
                switch item.key {
                case .comment(let comment):
                    // SOPS keeps a key's comment after the key; go-ini writes it above the key.
                    if index == 0 {
                        header = commentLines(comment) + header
                    } else if !entries.isEmpty {
                        entries[entries.count - 1].comment = comment
                    }
                case .name(let key):
                    let value: String
                    switch item.value {
                    case .leaf(let leaf): value = SOPSStore.flatString(leaf.jsonValue ?? .null)
                    case .null: value = ""
                    default: throw SOPSStore.Failure("INI values must be plain (key \(key) in section \(name))")
                    }
                    entries.append((nil, "\(quoteKey(key)) = \(quoteValue(value))\n"))
                }
            }
            let body = entries.map { ($0.comment.map(commentLines) ?? "") + $0.line }.joined()
            if !(name == defaultSection && body.isEmpty) { text += header + body + "\n" }
        }
        for item in sections {
            guard case .name(let name) = item.key else { continue }
            guard case .branch(let items) = item.value else { throw SOPSStore.Failure("INI section \(name) is not a mapping") }
            try write(section: name, items: items)
        }
        if let metadata = loaded.metadata {
            let entries = SOPSFlatMetadata.flatten(.object(metadata), prefix: "").map {
                SOPSItem(key: .name($0.key), value: .leaf(.string(SOPSStore.flatString($0.value).replacingOccurrences(of: "\n", with: "\\n"))))
            }
            try write(section: "sops", items: entries)
        }
        return Array(text.utf8)
    }

    private static func commentLines(_ comment: String) -> String {
        comment.split(separator: "\n", omittingEmptySubsequences: false).map { "; \($0)\n" }.joined()
    }

    private static func quoteKey(_ key: String) -> String {
        if key.contains("\"") { return "`\(key)`" }
        if key.contains(where: { $0 == "=" || $0 == ":" }) || key.hasPrefix("[") || key.hasPrefix("#") || key.hasPrefix(";") {
            return "\"\(key)\""
        }
        return key
    }

    private static func quoteValue(_ value: String) -> String {
        if value.contains(where: { $0 == "\n" || $0 == "`" }) { return "\"\"\"\(value)\"\"\"" }
        if value.contains(where: { $0 == "#" || $0 == ";" }) { return "`\(value)`" }
        if value.trimmingCharacters(in: .whitespaces) != value { return "\"\(value)\"" }
        return value
    }
}
