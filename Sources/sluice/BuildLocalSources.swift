import ArgumentParser
import Foundation
import SluiceAPI
import SluiceCore

/// `--local-sources Kind/namespace/name=DIR[,…]`: the local checkouts that stand for sources, so `sluice build
/// kustomization --recursive` can build the Kustomizations it meets (as `flux build --local-sources`).
struct BuildLocalSources: Sendable {
    /// Each source (`GitRepository/flux-system/podinfo`) and its directory, made absolute.
    var directories: [String: URL] = [:]

    /// No local sources.
    init() {}

    /// Parses the option's values, each a comma-separated list of `Kind/namespace/name=DIR`.
    ///
    /// - Throws: ``CLIError`` naming an entry that is not of that shape or whose directory does not exist.
    init(_ values: [String]) throws {
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for entry in values.flatMap({ $0.split(separator: ",") }).map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            guard let equals = entry.firstIndex(of: "=") else {
                throw CLIError("invalid --local-sources entry \"\(entry)\": expected Kind/namespace/name=path",
                               hint: "for example --local-sources GitRepository/flux-system/flux-system=.")
            }
            let key = String(entry[..<equals])
            let path = String(entry[entry.index(after: equals)...])
            let parts = key.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 3, !parts.contains(where: \.isEmpty), !path.isEmpty else {
                throw CLIError("invalid --local-sources entry \"\(entry)\": expected Kind/namespace/name=path",
                               hint: "for example --local-sources GitRepository/flux-system/flux-system=.")
            }
            let directory = URL(fileURLWithPath: path, relativeTo: workingDirectory).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CLIError("invalid --local-sources entry \"\(entry)\": \(path) is not a directory")
            }
            directories[key] = directory
        }
    }

    /// The directory standing for `kustomization`'s `spec.path` in its local source: confined to that source (the
    /// path resolved, links included, may not leave it).
    ///
    /// - Throws: ``CLIError`` when no local source is given for its sourceRef, or the path leaves or misses it.
    func directory(for kustomization: Kustomization) throws -> URL {
        let key = Self.key(for: kustomization)
        let subject = "Kustomization \(kustomization.metadata.namespace ?? "")/\(kustomization.metadata.name)"
        guard let root = directories[key] else {
            throw CLIError("cannot get local path for \(key) of \(subject)",
                           hint: "name its checkout with --local-sources \(key)=DIR")
        }
        let resolvedRoot = root.resolvingSymlinksInPath()
        let directory = resolvedRoot.appendingPathComponent(kustomization.spec.path ?? "").standardizedFileURL.resolvingSymlinksInPath()
        guard directory.path == resolvedRoot.path || directory.path.hasPrefix(resolvedRoot.path == "/" ? "/" : resolvedRoot.path + "/") else {
            throw CLIError("\(subject): spec.path \"\(kustomization.spec.path ?? "")\" leaves its source \(key) (\(root.path))")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError("\(subject): kustomization path not found: \(kustomization.spec.path ?? "./") in \(key) (\(root.path))")
        }
        return directory
    }

    /// `Kind/namespace/name` of `kustomization`'s sourceRef, its namespace defaulting to the Kustomization's, as Flux
    /// names a source.
    static func key(for kustomization: Kustomization) -> String {
        let reference = kustomization.spec.sourceRef
        let namespace = reference.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? kustomization.metadata.namespace ?? ""
        return "\(reference.kind)/\(namespace)/\(reference.name)"
    }
}
