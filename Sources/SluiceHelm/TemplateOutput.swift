import Foundation
/// What `helm template` prints for a rendered release: `---` and `# Source: PATH` before every document — the CRDs
/// (with `--include-crds`), the manifests, then the hooks (unless `--no-hooks`; tests left out with `--skip-tests`) —
/// or, with `--show-only`, the documents of the named templates.
public struct TemplateOutput: Sendable {
    /// `--include-crds`.
    public var includeCRDs = false
    /// `--no-hooks`.
    public var noHooks = false
    /// `--skip-tests`.
    public var skipTests = false
    /// `--hide-secret`: `v1` Secrets replaced by a `# HIDDEN` line.
    public var hideSecret = false
    /// `--show-only` patterns (Go's `filepath.Match` on the path below the chart's name).
    public var showOnly: [String] = []

    /// Options as `helm template` defaults them.
    public init() {}

    /// The manifest part of a release (what Helm stores as the release's manifest).
    public func manifest(_ release: RenderedRelease) -> String {
        var text = ""
        if includeCRDs {
            for crd in release.crds { text += "---\n# Source: \(crd.name)\n\(crd.text)\n" }
        }
        for manifest in release.manifests {
            if hideSecret && manifest.kind == "Secret" && manifest.apiVersion == "v1" {
                text += "---\n# Source: \(manifest.path)\n# HIDDEN: The Secret output has been suppressed\n"
            } else {
                text += "---\n# Source: \(manifest.path)\n\(manifest.content)\n"
            }
        }
        return text
    }

    /// The printed text for `release`.
    ///
    /// - Throws: ``HelmError`` `could not find template … in chart` when a `--show-only` pattern matches nothing.
    public func text(_ release: RenderedRelease) throws(HelmError) -> String {
        var text = manifest(release).trimmingCharacters(in: .whitespacesAndNewlines) + "\n"
        if !noHooks {
            for hook in release.hooks where !(skipTests && hook.isTest) {
                text += "---\n# Source: \(hook.path)\n\(hook.manifest)\n"
            }
        }
        return try filtered(text)
    }

    /// `text` cut down to the `--show-only` templates (unchanged without patterns).
    public func filtered(_ text: String) throws(HelmError) -> String {
        guard !showOnly.isEmpty else { return text }
        let documents = ManifestSorter.split(text)
        var selected: [String] = []
        for pattern in showOnly {
            let glob = PathGlob(pattern, doubleStar: false)
            var found = false
            for document in documents {
                guard let source = Self.sourcePath(document), glob.matches(source) else { continue }
                selected.append(document)
                found = true
            }
            if !found { throw HelmError(.render, "could not find template \(pattern) in chart") }
        }
        return selected.map { "---\n\($0)\n" }.joined()
    }

    /// The path after the chart name in a document's first `# Source: CHART/PATH` line.
    private static func sourcePath(_ document: String) -> String? {
        guard let range = document.range(of: "# Source: ") else { return nil }
        let line = document[range.upperBound...].prefix { $0 != "\n" }
        guard let slash = line.firstIndex(of: "/"), slash != line.startIndex else { return nil }
        let rest = line[line.index(after: slash)...]
        return rest.isEmpty ? nil : String(rest)
    }
}
