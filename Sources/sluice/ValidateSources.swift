import SluiceAPI
import SluiceCore

/// Which sources `sluice validate` finds in the repository: `Kind/namespace/name` of each source that is the checkout
/// (or a directory in it), and the ExternalArtifacts that the repository's ArtifactGenerators copy out of those, so a
/// Kustomization's `spec.path` can be found in the checkout.
struct ValidateSources {
    /// One copy rule of an ArtifactGenerator's artifact that takes a whole directory: `from: "@alias/DIR/**"`,
    /// `to: "@artifact/DEST/"`.
    struct CopyRule {
        /// The source the files come from, `Kind/namespace/name`.
        var source: String
        /// The directory in that source (`""` for its root).
        var from: String
        /// The directory in the artifact (`""` for its root).
        var to: String
    }

    /// Each local source and its directory relative to the checkout's root (`""` for the root).
    var directories: [String: String]
    /// The whole-directory copy rules of each ExternalArtifact an ArtifactGenerator in the repository makes.
    var artifacts: [String: [CopyRule]] = [:]

    /// The local sources, and the artifacts of every ArtifactGenerator among `objects` (written in the repository).
    init(directories: [String: String], objects: [KubeObject]) {
        self.directories = directories
        for generator in objects where generator.kind == "ArtifactGenerator" && generator.apiVersion.hasPrefix("source.extensions.fluxcd.io/") {
            let namespace = generator.namespace ?? GlobalOptions.defaultNamespace()
            var aliases: [String: String] = [:]
            for source in generator["spec", "sources"]?.arrayValue ?? [] {
                guard let alias = source["alias"]?.stringValue, let kind = source["kind"]?.stringValue, let name = source["name"]?.stringValue else { continue }
                aliases[alias] = "\(kind)/\(source["namespace"]?.stringValue ?? namespace)/\(name)"
            }
            for artifact in generator["spec", "artifacts"]?.arrayValue ?? [] {
                guard let name = artifact["name"]?.stringValue else { continue }
                var rules: [CopyRule] = []
                for copy in artifact["copy"]?.arrayValue ?? [] {
                    guard let from = copy["from"]?.stringValue, let to = copy["to"]?.stringValue,
                          let whole = Self.wholeDirectory(from), let source = aliases[whole.alias],
                          to.hasPrefix("@artifact/") || to == "@artifact", to.hasSuffix("/") || to == "@artifact"
                    else { continue }
                    rules.append(CopyRule(source: source, from: whole.directory, to: Self.trimmed(String(to.dropFirst("@artifact".count)))))
                }
                artifacts["ExternalArtifact/\(namespace)/\(name)", default: []] += rules
            }
        }
    }

    /// The directory of the checkout that stands for `kustomization`'s `spec.path`, relative to the root and not yet
    /// checked to exist; or why there is none (its source is not in the checkout).
    func directory(for kustomization: Kustomization) -> Result<String, CLIError> {
        let key = BuildLocalSources.key(for: kustomization)
        let path = Self.trimmed(kustomization.spec.path ?? "")
        if let base = directories[key] { return .success(Self.join(base, path)) }
        // The rule that copies the longest directory holding the path, mapped back to where its files are written.
        if let rules = artifacts[key],
           let rule = rules.filter({ $0.to.isEmpty || path == $0.to || path.hasPrefix($0.to + "/") }).max(by: { $0.to.count < $1.to.count }),
           let base = directories[rule.source]
        {
            return .success(Self.join(Self.join(base, rule.from), Self.trimmed(String(path.dropFirst(rule.to.count)))))
        }
        return .failure(CLIError("its source \(key) is not this checkout (name it with --local-sources \(key)=DIR); not built"))
    }

    /// `("alias", "dir")` for `@alias/dir/**` or `@alias/**`; nil for any other pattern (single files, globs inside).
    static func wholeDirectory(_ pattern: String) -> (alias: String, directory: String)? {
        guard pattern.hasPrefix("@"), pattern.hasSuffix("/**") else { return nil }
        let inner = pattern.dropFirst().dropLast(3)
        let alias = inner.prefix { $0 != "/" }
        let directory = inner.dropFirst(alias.count)
        guard !alias.isEmpty, !directory.contains("*"), !directory.contains("?"), !directory.contains("[") else { return nil }
        return (String(alias), trimmed(String(directory)))
    }

    /// `path` without `.` parts and leading or trailing slashes (`./apps/` → `apps`); `..` parts are kept for the
    /// caller's check to refuse.
    static func trimmed(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }

    /// `base/path`, either possibly empty.
    static func join(_ base: String, _ path: String) -> String {
        base.isEmpty ? path : path.isEmpty ? base : base + "/" + path
    }
}
