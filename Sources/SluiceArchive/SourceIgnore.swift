import Foundation

/// Flux's source ignore rules (`fluxcd/pkg/sourceignore`): default excludes, `.sourceignore` files and `spec.ignore`.
public enum SourceIgnore {
    /// The name of the ignore files looked for at any depth of a source: `.sourceignore`.
    public static let fileName = ".sourceignore"

    /// Flux's `ExcludeVCS`: version-control metadata, excluded always.
    public static let vcsPatterns = [".git/", ".gitignore", ".gitmodules", ".gitattributes"]

    /// Flux's default excludes in Flux's order: `ExcludeVCS`, `ExcludeExt`, `ExcludeCI`, `ExcludeExtra`.
    public static let defaultPatterns =
        vcsPatterns + [
            // ExcludeExt
            "*.jpg", "*.jpeg", "*.gif", "*.png", "*.wmv", "*.flv", "*.tar.gz", "*.zip",
            // ExcludeCI
            ".github/", ".circleci/", ".travis.yml", ".gitlab-ci.yml", "appveyor.yml", ".drone.yml",
            "cloudbuild.yaml", "codeship-services.yml", "codeship-steps.yml",
            // ExcludeExtra
            "**/.goreleaser.yml", "**/.sops.yaml", "**/.flux.yaml",
        ]

    /// The patterns of an ignore file's text (Flux's `ReadPatterns`), each scoped to `domain`.
    ///
    /// Lines are split at `\n` (a trailing `\r` is dropped); blank lines and lines starting with `#` are skipped.
    public static func patterns(_ text: String, domain: [String] = []) -> [IgnorePattern] {
        // Split as bytes: as a Swift character, "\r\n" is not "\n".
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).compactMap { line in
            let bytes = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
            return IgnorePattern(String(decoding: bytes, as: UTF8.self), domain: domain)
        }
    }

    /// The patterns of the `.sourceignore` files at any depth under `root`, each scoped to its directory, in Flux's
    /// walk order (`LoadIgnorePatterns`): a directory's own file, then its subdirectories by name.
    ///
    /// Like Flux, this descends into every directory except those named `.git`, and does not follow symlinks; unlike
    /// Flux, a `.sourceignore` that is a symlink is not read, so that no file outside the tree is opened.
    public static func load(under root: URL) throws -> [IgnorePattern] {
        var patterns: [IgnorePattern] = []
        let tree = try DirectoryTree(root: root)
        // Depth first, in name order: a stack of directories still to visit, the next one on top.
        var pending: [[String]] = [[]]
        while let domain = pending.popLast() {
            let entries = try tree.entries(of: domain.joined(separator: "/"))
            if let ignoreFile = entries.first(where: { $0.name == fileName }), ignoreFile.type == .regularFile,
                let text = try tree.readSmallFile(domain + [fileName])
            {
                patterns += Self.patterns(text, domain: domain)
            }
            for entry in entries.reversed() where entry.type == .directory && entry.name != ".git" {
                // Names that are not UTF-8 cannot be matched by patterns; their ignore files are not read.
                guard let name = entry.name else { continue }
                pending.append(domain + [name])
            }
        }
        return patterns
    }

    /// The matcher Flux's source-controller archives with: the `.sourceignore` files under `root`, then `extra`
    /// (`spec.ignore`), on top of the VCS excludes.
    ///
    /// As in Flux (`SourceIgnoreFilter`), the other default excludes (`*.png`, `.github/`, …) apply only when
    /// there are no other patterns at all: a `.sourceignore` file or a `spec.ignore` with any pattern replaces them,
    /// which is what Flux's documentation means by "`spec.ignore` overrides the default exclusion list". Later
    /// patterns win, so `spec.ignore` may re-include with `!` what a `.sourceignore` excludes.
    public static func matcher(root: URL, extra: String?) throws -> IgnoreMatcher {
        var custom = try load(under: root)
        if let extra { custom += patterns(extra) }
        if custom.isEmpty {
            return IgnoreMatcher(defaultPatterns.compactMap { IgnorePattern($0) })
        }
        return IgnoreMatcher(vcsPatterns.compactMap { IgnorePattern($0) } + custom)
    }
}
