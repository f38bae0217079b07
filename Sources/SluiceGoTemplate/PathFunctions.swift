/// Sprig's path functions over Go's `path` package (`base`, `dir`, `clean`, `ext`, `isAbs`) and their `os` forms (the same on Linux).
enum PathFunctions {
    static func register(in table: inout FunctionTable) {
        for (name, transform) in [("base", base), ("dir", dir), ("clean", clean), ("ext", ext)] as [(String, @Sendable (String) -> String)] {
            table.add(name, [.string]) { _, args in .string(transform(args[0].stringValue!)) }
            table.add("os" + name.prefix(1).uppercased() + name.dropFirst(), [.string]) { _, args in .string(transform(args[0].stringValue!)) }
        }
        table.add("isAbs", [.string]) { _, args in .bool(args[0].stringValue!.hasPrefix("/")) }
        table.add("osIsAbs", [.string]) { _, args in .bool(args[0].stringValue!.hasPrefix("/")) }
    }

    /// Go's `path.Clean`.
    static func clean(_ path: String) -> String {
        if path.isEmpty { return "." }
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// Go's `path.Base`.
    static func base(_ path: String) -> String {
        if path.isEmpty { return "." }
        var trimmed = Substring(path)
        while trimmed.count > 0, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        if let slash = trimmed.lastIndex(of: "/") { trimmed = trimmed[trimmed.index(after: slash)...] }
        return trimmed.isEmpty ? "/" : String(trimmed)
    }

    /// Go's `path.Dir`.
    static func dir(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return clean("") }
        return clean(String(path[...slash]))
    }

    /// Go's `path.Ext`.
    static func ext(_ path: String) -> String {
        for index in path.indices.reversed() {
            if path[index] == "/" { return "" }
            if path[index] == "." { return String(path[index...]) }
        }
        return ""
    }
}
