/// A `/`-separated glob over relative paths, for patterns users write into specs (an ArtifactGenerator's copy
/// rules): each element matched with Go's `path.Match` (``GlobPattern``), and an element `**` matching any number of
/// elements, none included, as bmatcuk/doublestar does.
///
/// Matching is pure string work: nothing touches a file system, so no pattern can lead anywhere.
public struct PathGlob: Sendable, Hashable {
    /// The pattern as written.
    public let pattern: String
    private let elements: [Element]

    private enum Element: Sendable, Hashable {
        case anyDepth
        case one(GlobPattern)
    }

    /// A glob; empty and `.` elements are dropped, so `a//b/./c` is `a/b/c`.
    public init(_ pattern: String) {
        self.pattern = pattern
        elements = pattern.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.map { element in
            element == "**" ? .anyDepth : .one(GlobPattern(Array(element.utf8)[...]))
        }
    }

    /// Whether every element is a pattern Go accepts (no unterminated class, no trailing `\`).
    public var isValid: Bool {
        elements.allSatisfy { if case .one(let glob) = $0 { glob.form != .invalid } else { true } }
    }

    /// The number of elements; a path matched element by element (``matchesElement(_:at:)``) has this many.
    public var elementCount: Int { elements.count }

    /// Whether the pattern has `**`.
    public var isRecursive: Bool { elements.contains(.anyDepth) }

    /// Whether `path` (`/`-separated, relative) matches the whole pattern.
    public func matches(_ path: String) -> Bool {
        let names = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.map(String.init)
        return Self.match(elements[...], names[...])
    }

    /// Whether `name` matches the element at `index`, as Go's `fs.Glob` matches one directory level (`**` is `*` there).
    public func matchesElement(_ name: String, at index: Int) -> Bool {
        guard elements.indices.contains(index) else { return false }
        switch elements[index] {
        case .anyDepth: return true
        case .one(let glob): return glob.matches(name)
        }
    }

    /// Dynamic programming over (pattern element, path element), so a hostile pattern of many `**` costs at most
    /// their product, never an exponential search.
    private static func match(_ pattern: ArraySlice<Element>, _ names: ArraySlice<String>) -> Bool {
        let pattern = Array(pattern)
        let names = Array(names)
        // reachable[j]: the first i pattern elements can match the first j names.
        var reachable = [Bool](repeating: false, count: names.count + 1)
        reachable[0] = true
        for element in pattern {
            var next = [Bool](repeating: false, count: names.count + 1)
            switch element {
            case .anyDepth:
                var seen = false
                for j in 0...names.count {
                    seen = seen || reachable[j]
                    next[j] = seen
                }
            case .one(let glob):
                for j in 0..<names.count where reachable[j] && glob.matches(names[j]) {
                    next[j + 1] = true
                }
            }
            reachable = next
        }
        return reachable[names.count]
    }
}
