import Foundation
import SluiceAPI
import SluiceCore
import SluiceKustomize

/// What Flux's kustomize-controller adds to the user's kustomization before building, held in memory over the source tree.
///
/// Where `spec.path` has no kustomization file, one is generated listing
/// every YAML manifest below it (a subdirectory with its own kustomization
/// file is listed as a directory), as Flux does. Where the spec asks for
/// `targetNamespace`, `namePrefix`, `nameSuffix`, `buildMetadata`,
/// `patches`, `images` or `components`, an overlay kustomization beside the
/// source tree takes the user's directory as its resource and adds them, so
/// the user's own file is never rewritten. Neither is written to disk: the
/// build reads them through a file system that lays them over the tree, which
/// lets a person's checkout be built as the controller builds an artifact.
public struct KustomizationOverlay: Sendable {
    /// The file names kustomize recognises, in its order.
    public static let fileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// The Kustomization's spec.
    public var spec: KustomizationSpec

    /// An overlay for `spec`.
    public init(spec: KustomizationSpec) { self.spec = spec }

    /// Prepares the directory `path` of the source tree `source` for building, without writing to the tree.
    ///
    /// - Parameters:
    ///   - source: The source tree's root on disk: an extracted artifact, or a local checkout.
    ///   - path: The directory to build, relative to `source` (`spec.path` for an artifact).
    /// - Returns: A file system showing the tree under `source/` with the generated files over it, and the path to
    ///   build in it.
    /// - Throws: ``KustomizationOverlayError`` when the path does not exist or leaves the source;
    ///   `KustomizeError` when the tree cannot be read.
    public func prepare(source: URL, path: String) throws -> (fileSystem: any KustomizeFileSystem, path: String) {
        let (fileSystem, buildPath) = try prepareOverlay(source: source, path: path)
        return (fileSystem, buildPath)
    }

    /// ``prepare(source:path:)``'s file system as itself, so that more files (decrypted sources) can be laid over the tree.
    func prepareOverlay(source: URL, path: String) throws -> (fileSystem: SourceOverlayFileSystem, path: String) {
        let relativePath = try Self.cleanPath(path)
        let tree = try DiskFileSystem(root: source.path)
        // The directory as the build will read it: every link resolved, and refused when one leads out of the tree,
        // so that neither the generated kustomization nor anything else looks outside it.
        let real: String?
        do {
            real = try tree.resolve(relativePath)
        } catch {
            throw KustomizationOverlayError("kustomization path '\(path)' leads outside the source through a symbolic link")
        }
        var isDirectory: ObjCBool = false
        guard let real, FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw KustomizationOverlayError("kustomization path not found: stat \(path.isEmpty ? "./" : path): no such file or directory")
        }
        let directory = URL(fileURLWithPath: real)
        var fileSystem = SourceOverlayFileSystem(source: tree)
        let sourcePath = try Self.treePath(path)
        if !Self.hasKustomization(directory) {
            fileSystem.write("\(sourcePath)/kustomization.yaml", Self.yaml(try generatedDocument(in: directory)))
        }
        guard needsOverlay else { return (fileSystem, sourcePath) }
        let document = overlayDocument(resource: "../\(sourcePath)", componentBase: "../\(sourcePath)",
                                       exists: { component in
                                           guard let inner = try? Self.cleanPath(relativePath + "/" + component) else { return false }
                                           return (try? tree.entry(at: inner)) != nil
                                       })
        fileSystem.write("flux-overlay/kustomization.yaml", Self.yaml(document))
        return (fileSystem, "flux-overlay")
    }

    /// The nearest directory at or above `directory` holding `.git` (what a source artifact would hold), else `/`:
    /// the source tree a local directory stands in.
    public static func sourceRoot(containing directory: URL) -> URL {
        var candidate = directory.resolvingSymlinksInPath()
        while candidate.path != "/" {
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(".git").path) { return candidate }
            candidate = candidate.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "/")
    }

    /// Where the directory `path` of the source lies in the file system ``prepare(source:path:)`` returns: the
    /// person's own kustomization's directory, which `originAnnotations` paths are relative to, as in Flux (whose
    /// overlay is the person's kustomization file, edited in place).
    public static func treePath(_ path: String) throws -> String {
        let relativePath = try cleanPath(path)
        return relativePath.isEmpty ? SourceOverlayFileSystem.sourceDirectory : "\(SourceOverlayFileSystem.sourceDirectory)/\(relativePath)"
    }

    /// Whether the spec adds anything to the user's kustomization.
    var needsOverlay: Bool {
        spec.targetNamespace != nil || spec.namePrefix != nil || spec.nameSuffix != nil || !(spec.buildMetadata ?? []).isEmpty
            || !(spec.patches ?? []).isEmpty || !(spec.images ?? []).isEmpty || !(spec.components ?? []).isEmpty
    }

    /// The overlay kustomization, as JSON (which is YAML); `exists` says whether a component (relative to `spec.path`)
    /// is in the tree, for `ignoreMissingComponents`.
    func overlayDocument(resource: String, componentBase: String, exists: (String) -> Bool) -> JSONValue {
        var document: JSONObject = [
            "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization", "resources": [.string(resource)],
        ]
        if let namespace = spec.targetNamespace { document["namespace"] = .string(namespace) }
        if let prefix = spec.namePrefix { document["namePrefix"] = .string(prefix) }
        if let suffix = spec.nameSuffix { document["nameSuffix"] = .string(suffix) }
        if let buildMetadata = spec.buildMetadata, !buildMetadata.isEmpty {
            document["buildMetadata"] = .array(buildMetadata.map(JSONValue.string))
        }
        if let patches = spec.patches, !patches.isEmpty {
            document["patches"] = .array(patches.map { patch in
                var entry: JSONObject = ["patch": .string(patch.patch)]
                if let target = patch.target {
                    var selector = JSONObject()
                    for (key, value) in [("group", target.group), ("version", target.version), ("kind", target.kind),
                                         ("namespace", target.namespace), ("name", target.name),
                                         ("annotationSelector", target.annotationSelector), ("labelSelector", target.labelSelector)]
                    {
                        if let value { selector[key] = .string(value) }
                    }
                    entry["target"] = .object(selector)
                }
                return .object(entry)
            })
        }
        if let images = spec.images, !images.isEmpty {
            document["images"] = .array(images.map { image in
                var entry: JSONObject = ["name": .string(image.name)]
                if let newName = image.newName { entry["newName"] = .string(newName) }
                if let newTag = image.newTag { entry["newTag"] = .string(newTag) }
                if let digest = image.digest { entry["digest"] = .string(digest) }
                return .object(entry)
            })
        }
        if let components = spec.components, !components.isEmpty {
            let present = components.filter { component in
                guard spec.ignoreMissingComponents == true else { return true }
                return exists(component)
            }
            if !present.isEmpty {
                document["components"] = .array(present.map { .string("\(componentBase)/\($0)") })
            }
        }
        return .object(document)
    }

    /// A kustomization listing every YAML manifest below `directory` (Flux's generator).
    func generatedDocument(in directory: URL) throws -> JSONValue {
        let resources = try Self.manifests(in: directory, relativeTo: "")
        return [
            "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
            "resources": .array(resources.map(JSONValue.string)),
        ]
    }

    /// A kustomization document as a file's text (JSON, which is YAML).
    static func yaml(_ document: JSONValue) -> String {
        JSONSerializer(pretty: true).string(document)
    }

    /// The YAML files and kustomization directories below `directory`, sorted, relative to it.
    ///
    /// As Flux's generator walks (`filepath.Walk`, which does not follow links), a symbolic link is never descended
    /// into: a link to a directory is left out, so a link cycle (`loop -> .`) cannot multiply the walk, and a link
    /// named `*.yaml` is listed and then read by the build, which refuses one leading out of the tree.
    static func manifests(in directory: URL, relativeTo prefix: String) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        var found: [String] = []
        for name in names where !name.hasPrefix(".") {
            let url = directory.appendingPathComponent(name)
            let relative = prefix.isEmpty ? name : "\(prefix)/\(name)"
            var info = stat()
            guard lstat(url.path, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFDIR {
                if hasKustomization(url) {
                    found.append(relative)
                } else {
                    found += try manifests(in: url, relativeTo: relative)
                }
            } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                found.append(relative)
            }
        }
        return found
    }

    /// Whether `directory` holds a kustomization file.
    static func hasKustomization(_ directory: URL) -> Bool {
        fileNames.contains { FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path) }
    }

    /// `path` without `./`, leading or trailing `/`; refused when it climbs out with `..`.
    static func cleanPath(_ path: String) throws -> String {
        var parts: [String] = []
        for part in path.split(separator: "/") where part != "." && !part.isEmpty {
            if part == ".." {
                guard !parts.isEmpty else { throw KustomizationOverlayError("path '\(path)' leaves the source") }
                parts.removeLast()
            } else {
                parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }
}
