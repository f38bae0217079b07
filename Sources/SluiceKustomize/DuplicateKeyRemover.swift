/// Drops all but the last occurrence of repeated mapping keys in block-style YAML.
///
/// kustomize reads kustomization files leniently: a repeated key keeps its last
/// value. The YAML parser refuses duplicates, so kustomization files that have
/// them are rewritten line by line first (resources stay strict, as in kustomize).
enum DuplicateKeyRemover {
    static func removeDuplicates(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        struct KeyLine { var index: Int; var column: Int; var key: String }
        var keyLines: [KeyLine] = []
        for (index, line) in lines.enumerated() {
            var column = line.prefix { $0 == " " }.count
            var rest = line.dropFirst(column)
            while rest.hasPrefix("- ") {
                rest = rest.dropFirst(2)
                column += 2
                let more = rest.prefix { $0 == " " }.count
                rest = rest.dropFirst(more)
                column += more
            }
            guard let first = rest.first, first != "#", first != "-", let colon = rest.firstIndex(of: ":") else { continue }
            let after = rest[rest.index(after: colon)...]
            guard after.isEmpty || after.first == " " else { continue }
            let key = String(rest[..<colon])
            guard !key.contains(" ") || key.hasPrefix("\"") || key.hasPrefix("'") else { continue }
            keyLines.append(KeyLine(index: index, column: column, key: key))
        }
        func indentation(_ line: String) -> Int? {
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { return nil }
            return line.count - trimmed.count
        }
        /// The lines of the block a key starts: up to the next line indented no deeper than the key.
        func blockEnd(_ key: KeyLine) -> Int {
            var end = key.index + 1
            while end < lines.count {
                if let indent = indentation(lines[end]), indent <= key.column {
                    // A sequence item of this key's value may sit at the key's own column.
                    let trimmed = lines[end].drop { $0 == " " }
                    if !(indent == key.column && trimmed.hasPrefix("- ")) || isSibling(end, key) { break }
                }
                end += 1
            }
            return end
        }
        func isSibling(_ index: Int, _ key: KeyLine) -> Bool {
            keyLines.contains { $0.index == index && $0.column == key.column }
        }
        var removed = Set<Int>()
        for (position, key) in keyLines.enumerated() {
            // A later sibling with the same key: same column, no shallower line in between.
            for later in keyLines[(position + 1)...] {
                if later.column < key.column { break }
                let between = ((key.index + 1)..<later.index).contains { i in (indentation(lines[i]) ?? Int.max) < key.column && !removed.contains(i) }
                if between { break }
                if later.column == key.column && later.key == key.key {
                    for i in key.index..<blockEnd(key) { removed.insert(i) }
                    break
                }
            }
        }
        return lines.enumerated().filter { !removed.contains($0.offset) }.map(\.element).joined(separator: "\n")
    }
}
