import Logging
import SluiceAPI
import SluiceArchive
import SluiceCore
import SluiceGoTemplate

/// Composes the files of one generated artifact from the sources' trees by its copy rules, as source-watcher's
/// builder does, but in memory: `from: "@alias/<glob>"` (Go's `fs.Glob`, one element a level; `Extract` uses
/// doublestar's `**`), `to: "@artifact/<path>"` (a trailing `/` makes it a directory, cp-like), `exclude` (patterns
/// without `/` match names at any depth) and `strategy` (`Overwrite`, `Merge`: YAML deep merge of values files as
/// Helm merges them, `Extract`: unpack `.tar.gz`/`.tgz` files).
///
/// Paths from the spec are confined: `..` and absolute elements are refused, and the trees hold no symlinks, so a
/// rule can neither read nor write outside its source and the artifact.
struct ArtifactComposer {
    /// The sources' trees by alias.
    let sources: [String: ArtifactTree]
    /// The most bytes of contents the artifact may hold (and any tarball extracted into it).
    let maxSize: Int64
    /// Where left-out entries are reported.
    let logger: Logger

    /// The artifact `output` describes, its copy rules applied in order.
    ///
    /// - Throws: ``ArtifactTreeError`` naming the rule (`failed to apply copy operation from 'F' to 'T': cause`).
    func compose(_ output: OutputArtifact) throws -> ArtifactTree {
        var staging = ArtifactTree()
        for operation in output.copy {
            do {
                try apply(operation, to: &staging)
            } catch {
                throw ArtifactTreeError("failed to apply copy operation from '\(operation.from)' to '\(operation.to)': \(error)")
            }
            guard staging.byteCount <= maxSize else { throw ArtifactTreeError("the artifact's contents exceed \(maxSize) bytes") }
        }
        return staging
    }

    private func apply(_ operation: CopyOperation, to staging: inout ArtifactTree) throws {
        let (alias, pattern) = try Self.parseSource(operation.from)
        let destination = try Self.parseDestination(operation.to)
        guard let source = sources[alias] else { throw ArtifactTreeError("source alias '\(alias)' not found") }
        let strategy = operation.strategy.flatMap { $0.isEmpty ? nil : $0 } ?? CopyOperation.overwrite
        guard [CopyOperation.overwrite, CopyOperation.merge, CopyOperation.extract].contains(strategy) else {
            throw ArtifactTreeError("unknown strategy '\(strategy)'")
        }
        let excludes = (operation.exclude ?? []).map(PathGlob.init)
        if let invalid = excludes.first(where: { !$0.isValid }) { throw ArtifactTreeError("invalid exclude pattern '\(invalid.pattern)'") }
        let rule = Rule(strategy: strategy, excludes: excludes, destinationIsDirectory: operation.to.hasSuffix("/"))

        let glob = PathGlob(pattern)
        guard pattern.contains(where: { "*?[]".contains($0) }) else {
            try copySingle(pattern, from: source, to: destination, rule: rule, into: &staging)
            return
        }
        guard glob.isValid else { throw ArtifactTreeError("invalid glob pattern '\(pattern)'") }
        let matches = strategy == CopyOperation.extract
            ? source.paths(under: "").filter(glob.matches)
            : Self.levelMatches(glob, in: source)
        guard !matches.isEmpty else { throw ArtifactTreeError("no files match pattern '\(pattern)' in source '\(alias)'") }
        let base = Self.selectionRoot(pattern)
        let kept = matches.filter { !rule.excludes(path: $0, base: base) }
        guard !kept.isEmpty else {
            throw ArtifactTreeError("all files matching pattern '\(pattern)' in source '\(alias)' were excluded")
        }
        for match in kept {
            if strategy == CopyOperation.extract {
                guard Self.isTarball(match), let file = source.file(match) else { continue }
                try extract(file, named: match, into: destination, staging: &staging)
            } else {
                let target = Self.globDestination(pattern: pattern, match: match, destination: destination)
                try copy(match, from: source, to: target, base: base, rule: rule, into: &staging)
            }
        }
    }

    /// A path without a glob: a directory is copied as `destination/<its name>`, a file to `destination` (or into it,
    /// when it ends in `/` or is a directory already), as `cp -r` does.
    private func copySingle(_ pattern: String, from source: ArtifactTree, to destination: String, rule: Rule,
                            into staging: inout ArtifactTree) throws
    {
        let path = pattern.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        if source.isDirectory(path) {
            if rule.strategy == CopyOperation.extract {
                throw ArtifactTreeError("extract strategy is not supported for directories, got '\(path.isEmpty ? "." : path)'")
            }
            try copy(path, from: source, to: Self.join(destination, name), base: path, rule: rule, into: &staging)
            return
        }
        guard let file = source.file(path) else { throw ArtifactTreeError("source '\(path)' does not exist") }
        if rule.excludes(path: path, base: "") { return }
        if rule.strategy == CopyOperation.extract {
            guard Self.isTarball(path) else { throw ArtifactTreeError("extract strategy requires tarball file (.tar.gz or .tgz), got '\(path)'") }
            try extract(file, named: path, into: destination, staging: &staging)
            return
        }
        let target = rule.destinationIsDirectory || (!destination.isEmpty && staging.isDirectory(destination))
            ? Self.join(destination, name) : destination
        try copy(path, from: source, to: target, base: "", rule: rule, into: &staging)
    }

    /// Copies the file or directory `path` to `target`: a directory with everything below it not excluded, a file
    /// merged into an existing one under `Merge` (only a file matched itself: files inside a copied directory are
    /// overwritten, as source-watcher does).
    private func copy(_ path: String, from source: ArtifactTree, to target: String, base: String, rule: Rule,
                      into staging: inout ArtifactTree) throws
    {
        if source.isDirectory(path) {
            if !target.isEmpty { try staging.addDirectory(target) }
            var skipped: [String] = []
            for inner in source.paths(under: path) {
                if skipped.contains(where: { inner.hasPrefix($0 + "/") }) { continue }
                if rule.excludes(path: inner, base: base) {
                    skipped.append(inner)
                    continue
                }
                let relative = path.isEmpty ? inner : String(inner.dropFirst(path.count + 1))
                if let file = source.file(inner) {
                    try staging.write(try Self.filePath(Self.join(target, relative)), file)
                } else {
                    try staging.addDirectory(Self.join(target, relative))
                }
            }
            return
        }
        guard let file = source.file(path) else { throw ArtifactTreeError("source '\(path)' does not exist") }
        let target = try Self.filePath(target)
        if rule.strategy == CopyOperation.merge, let existing = staging.file(target) {
            let merged = try ValuesMerge.merge(existing.contents, file.contents, base: target, overlay: path)
            try staging.write(target, ArtifactTree.File(contents: merged, isExecutable: false))
        } else {
            try staging.write(target, file)
        }
    }

    /// Unpacks the tarball `file` into `destination`.
    private func extract(_ file: ArtifactTree.File, named name: String, into destination: String, staging: inout ArtifactTree) throws {
        let remaining = maxSize - staging.byteCount
        let tarball: ArtifactTree
        do {
            tarball = try ArtifactTree(tarGz: file.contents, maxSize: max(remaining, 0), logger: logger)
        } catch {
            throw ArtifactTreeError("failed to extract tarball '\(name)' to '\(destination)': \(error)")
        }
        if !destination.isEmpty { try staging.addDirectory(destination) }
        for path in tarball.paths(under: "") {
            if let inner = tarball.file(path) {
                try staging.write(Self.join(destination, path), inner)
            } else {
                try staging.addDirectory(Self.join(destination, path))
            }
        }
    }

    // MARK: - Paths

    /// `@alias/pattern` split; the pattern confined (no `..`, not absolute).
    static func parseSource(_ from: String) throws -> (alias: String, pattern: String) {
        guard from.hasPrefix("@") else { throw ArtifactTreeError("invalid copy source '\(from)': source must start with '@'") }
        let rest = from.dropFirst()
        guard let slash = rest.firstIndex(of: "/") else {
            throw ArtifactTreeError("invalid copy source '\(from)': source format must be '@alias/pattern'")
        }
        let pattern = String(rest[rest.index(after: slash)...])
        do {
            _ = try ConfinedDirectory.elements(of: pattern)
        } catch {
            throw ArtifactTreeError("invalid copy source '\(from)': path \(error.message)")
        }
        return (String(rest[..<slash]), pattern)
    }

    /// The path in the artifact `@artifact/path` names, confined (no `..`, not absolute); `""` is the root.
    static func parseDestination(_ to: String) throws -> String {
        guard to.hasPrefix("@artifact/") else { throw ArtifactTreeError("invalid copy destination '\(to)': destination must start with '@artifact/'") }
        do {
            return try ConfinedDirectory.elements(of: String(to.dropFirst("@artifact/".count))).joined(separator: "/")
        } catch {
            throw ArtifactTreeError("invalid copy destination '\(to)': path \(error.message)")
        }
    }

    /// `path` as a file's path: not the artifact's root.
    private static func filePath(_ path: String) throws -> String {
        guard !path.isEmpty else { throw ArtifactTreeError("cannot write a file at the root of the artifact") }
        return path
    }

    /// Go's `filepath.Join` of clean relative paths.
    static func join(_ directory: String, _ path: String) -> String {
        [directory, path].filter { !$0.isEmpty }.joined(separator: "/")
    }

    /// Go's `fs.Glob`: the entries at the pattern's depth whose every element matches, directories included.
    static func levelMatches(_ glob: PathGlob, in tree: ArtifactTree) -> [String] {
        var candidates = [""]
        for index in 0..<glob.elementCount {
            candidates = candidates.flatMap { directory -> [String] in
                guard tree.isDirectory(directory) else { return [] }
                return tree.children(of: directory).filter { glob.matchesElement($0, at: index) }.map { join(directory, $0) }
            }
        }
        return candidates.filter { !$0.isEmpty }.sorted()
    }

    /// The literal elements before the first glob element (source-watcher's `sourceSelectionRoot`); `""` for none.
    static func selectionRoot(_ pattern: String) -> String {
        pattern.split(separator: "/").filter { $0 != "." }.prefix { !$0.contains(where: { "*?[]".contains($0) }) }.joined(separator: "/")
    }

    /// Where a glob match goes: `dir/**` strips `dir/` (copying its contents), anything else keeps the matched path.
    static func globDestination(pattern: String, match: String, destination: String) -> String {
        let clean = pattern.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
        if clean.hasSuffix("/**") {
            let prefix = String(clean.dropLast(3)) + "/"
            if match.hasPrefix(prefix) { return join(destination, String(match.dropFirst(prefix.count))) }
        }
        return join(destination, match)
    }

    /// `.tar.gz` or `.tgz`, in any case.
    static func isTarball(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".tar.gz") || lower.hasSuffix(".tgz")
    }

    /// What one copy rule decides besides its paths.
    struct Rule {
        let strategy: String
        let excludes: [PathGlob]
        let destinationIsDirectory: Bool

        /// Whether `path` (relative to the alias root) is excluded: matched as it is, or relative to `base`, the
        /// literal part of `from`; a pattern without `/` also against the name alone.
        func excludes(path: String, base: String) -> Bool {
            if matches(path) { return true }
            guard !base.isEmpty, path.hasPrefix(base + "/") else { return false }
            return matches(String(path.dropFirst(base.count + 1)))
        }

        private func matches(_ path: String) -> Bool {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            return excludes.contains { glob in glob.matches(path) || (!glob.pattern.contains("/") && glob.matches(name)) }
        }
    }
}
