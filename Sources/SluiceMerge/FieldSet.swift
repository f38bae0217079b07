import SluiceCore

/// A set of field paths stored as a tree, as structured-merge-diff's `fieldpath.Set`.
///
/// `members` are the paths ending at this level; `children` hold the paths
/// that continue below an element. A path can be both a member and have
/// children (FieldsV1 writes that as `".": {}` beside the children).
struct FieldSet: Hashable, Sendable {
    var members: Set<PathElement> = []
    var children: [PathElement: FieldSet] = [:]

    init() {}

    init(paths: [[PathElement]]) {
        for path in paths { insert(path) }
    }

    var isEmpty: Bool { members.isEmpty && children.isEmpty }

    mutating func insert(_ path: [PathElement]) { insert(path[...]) }

    mutating func insert(_ path: ArraySlice<PathElement>) {
        guard let first = path.first else { return }
        if path.count == 1 {
            members.insert(first)
        } else {
            children[first, default: FieldSet()].insert(path.dropFirst())
        }
    }

    /// Whether the path is a member.
    func contains(_ path: ArraySlice<PathElement>) -> Bool {
        guard let first = path.first else { return false }
        if path.count == 1 { return members.contains(first) }
        return children[first]?.contains(path.dropFirst()) ?? false
    }

    /// The child set below an element, empty when none.
    func child(_ element: PathElement) -> FieldSet { children[element] ?? FieldSet() }

    func union(_ other: FieldSet) -> FieldSet {
        var result = self
        result.members.formUnion(other.members)
        for (element, set) in other.children {
            result.children[element] = result.child(element).union(set)
        }
        return result
    }

    /// Paths in this set that are not in `other` (member by member).
    func difference(_ other: FieldSet) -> FieldSet {
        var result = FieldSet()
        result.members = members.subtracting(other.members)
        for (element, set) in children {
            let remaining = other.children[element].map { set.difference($0) } ?? set
            if !remaining.isEmpty { result.children[element] = remaining }
        }
        return result
    }

    /// Paths in both sets.
    func intersection(_ other: FieldSet) -> FieldSet {
        var result = FieldSet()
        result.members = members.intersection(other.members)
        for (element, set) in children {
            guard let theirs = other.children[element] else { continue }
            let both = set.intersection(theirs)
            if !both.isEmpty { result.children[element] = both }
        }
        return result
    }

    /// Paths in this set that are neither in `other` nor below one of its members.
    func recursiveDifference(_ other: FieldSet) -> FieldSet {
        var result = FieldSet()
        result.members = members.subtracting(other.members)
        for (element, set) in children {
            if other.members.contains(element) { continue }
            let remaining = other.children[element].map { set.recursiveDifference($0) } ?? set
            if !remaining.isEmpty { result.children[element] = remaining }
        }
        return result
    }

    /// Every member path, in structured-merge-diff's iteration order (members first, then children, each sorted).
    var paths: [[PathElement]] {
        var result: [[PathElement]] = []
        collect(prefix: [], into: &result)
        return result
    }

    private func collect(prefix: [PathElement], into result: inout [[PathElement]]) {
        for element in members.sorted(by: { PathElement.compare($0, $1) < 0 }) { result.append(prefix + [element]) }
        for element in children.keys.sorted(by: { PathElement.compare($0, $1) < 0 }) {
            children[element]!.collect(prefix: prefix + [element], into: &result)
        }
    }
}
