#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Resolves a symlink's target inside a directory tree the way the kernel would, without leaving the tree.
///
/// The target is taken relative to the link's own directory; `..` above the root, an absolute target (of the link
/// or of any link met on the way) and more than 40 links (Linux's limit) end the walk; links inside the tree are
/// followed. Each step looks at the tree with `lstat`, so no path the kernel resolves ever contains a symlink.
struct SymlinkResolver {
    /// Where a target leads.
    enum Outcome: Equatable {
        /// To an existing path inside the tree (its elements; empty for the root).
        case inside([String])
        /// To an absolute path, through the link itself or a link on the way.
        case absolute
        /// Above the root of the tree.
        case escapes
        /// To nothing: a missing element, or a non-directory with elements after it.
        case dangling
        /// Around a cycle (more than 40 links).
        case loop
    }

    /// The most links followed, as Linux's `MAXSYMLINKS`.
    static let maxLinks = 40

    let tree: DirectoryTree

    /// Whether `target`, read as text from a link `depth` directories below the root, stays inside the tree:
    /// `..` never climbs above the root. The archiver and the extractor both require this (on top of resolving
    /// through links), so that every symlink the archiver keeps passes the extractor's check too.
    static func staysInsideLexically(_ target: String, depth: Int) -> Bool {
        if target.hasPrefix("/") { return false }
        var level = depth
        for element in target.split(separator: "/") where element != "." {
            level += element == ".." ? -1 : 1
            if level < 0 { return false }
        }
        return true
    }

    /// Where `target`, the target of a link in the directory `directory`, leads.
    func resolve(_ target: String, from directory: [String]) throws -> Outcome {
        if target.hasPrefix("/") { return .absolute }
        var resolved = directory
        var pending = Array(target.split(separator: "/", omittingEmptySubsequences: false).reversed())
        var links = 0
        while let element = pending.popLast() {
            if element.isEmpty || element == "." { continue }
            if element == ".." {
                if resolved.isEmpty { return .escapes }
                resolved.removeLast()
                continue
            }
            resolved.append(String(element))
            let path = resolved.joined(separator: "/")
            guard let info = try tree.status(path) else { return .dangling }
            switch DirectoryTree.EntryType(mode: info.st_mode) {
            case .directory:
                continue
            case .symbolicLink:
                links += 1
                if links > Self.maxLinks { return .loop }
                let next = String(decoding: try tree.linkTarget(path), as: UTF8.self)
                if next.hasPrefix("/") { return .absolute }
                resolved.removeLast()
                pending += next.split(separator: "/", omittingEmptySubsequences: false).reversed()
            default:
                // A file with more path after it: the kernel says ENOTDIR.
                if !pending.isEmpty { return .dangling }
            }
        }
        return .inside(resolved)
    }
}
