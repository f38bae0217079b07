import SluiceCore
import SluiceKustomize
import SluiceSOPS

/// The files of a build that may hold SOPS-encrypted documents, found as Flux's `DecryptSources` finds them: from the
/// kustomization at the build path through every local directory its `resources` and `components` name (bases and
/// components alike, each once), the files and env files of each `secretGenerator` and the files of `patches`; and,
/// beyond Flux, the resource files themselves, so that an encrypted Secret is decrypted (and its MAC checked) as it is
/// in Git, before kustomize adds a namespace or labels to it.
struct SOPSSourceWalk {
    /// Why a file is read by the build.
    enum Role: Sendable, Hashable {
        /// A `secretGenerator` file or env file.
        case generatorSource
        /// A patch file.
        case patch
        /// A resource file.
        case resource
    }

    /// One file found.
    struct File: Sendable, Hashable {
        /// The root-relative path.
        var path: String
        /// The format it is decrypted in (Flux's choice: by the generator key's name, env files as dotenv).
        var format: SOPSFormat
        var role: Role
    }

    /// The file system the build reads.
    let fileSystem: any KustomizeFileSystem
    /// The largest kustomization file read.
    static let kustomizationLimit = 4 << 20

    /// The files below the kustomization directory `path`, each once, in the order found.
    func files(from path: String) -> [File] {
        var visited: Set<String> = []
        var found: [File] = []
        var generatorInputs: Set<String> = []
        visit(path, &visited, &found, &generatorInputs)
        var seen: Set<String> = []
        // A file a configMapGenerator also reads is never decrypted as a resource: its plaintext would reach a ConfigMap.
        return found.filter { file in
            guard seen.insert(file.path).inserted else { return false }
            return file.role != .resource || !generatorInputs.contains(file.path)
        }
    }

    private func visit(_ directory: String, _ visited: inout Set<String>, _ found: inout [File], _ configMapInputs: inout Set<String>) {
        guard visited.insert(directory).inserted, (try? fileSystem.entry(at: directory)) == .directory,
              let kustomization = read(directory)
        else { return }
        for generator in kustomization["secretGenerator"]?.arrayValue ?? [] {
            for source in generator["files"]?.arrayValue ?? [] {
                guard let text = source.stringValue else { continue }
                let (key, file) = Self.fileSource(text)
                if let path = Self.join(directory, file) { found.append(File(path: path, format: Self.format(forKey: key), role: .generatorSource)) }
            }
            for env in Self.envFiles(generator) {
                guard let path = Self.join(directory, env) else { continue }
                let format = SOPSFormat(fileName: env)
                found.append(File(path: path, format: format == .binary ? .dotenv : format, role: .generatorSource))
            }
        }
        for generator in kustomization["configMapGenerator"]?.arrayValue ?? [] {
            let files = (generator["files"]?.arrayValue ?? []).compactMap { $0.stringValue.map { Self.fileSource($0).file } }
            for file in files + Self.envFiles(generator) {
                if let path = Self.join(directory, file) { configMapInputs.insert(path) }
            }
        }
        for patch in kustomization["patches"]?.arrayValue ?? [] {
            guard let file = patch["path"]?.stringValue, let path = Self.join(directory, file) else { continue }
            found.append(File(path: path, format: SOPSFormat(fileName: file), role: .patch))
        }
        let entries = (kustomization["resources"]?.arrayValue ?? []) + (kustomization["components"]?.arrayValue ?? [])
        for entry in entries {
            guard let text = entry.stringValue, let path = Self.join(directory, text) else { continue }
            switch try? fileSystem.entry(at: path) {
            case .directory?:
                visit(path, &visited, &found, &configMapInputs)
            case .file?:
                let format = SOPSFormat(fileName: text)
                if format == .yaml || format == .json { found.append(File(path: path, format: format, role: .resource)) }
            default:
                continue
            }
        }
    }

    /// The kustomization file of `directory` as a tree, or nil (none, unreadable or not a map: the build says why).
    private func read(_ directory: String) -> JSONObject? {
        for name in KustomizationOverlay.fileNames {
            let path = directory.isEmpty ? name : "\(directory)/\(name)"
            guard (try? fileSystem.entry(at: path)) == .file,
                  let bytes = try? fileSystem.readFile(path, limit: Self.kustomizationLimit),
                  let document = try? YAMLReader().documents(String(decoding: bytes, as: UTF8.self), source: path).first
            else { continue }
            return document.value.objectValue
        }
        return nil
    }

    /// A generator's `files` entry as kustomize reads it: `[key=]path`; the key defaults to the path.
    static func fileSource(_ text: String) -> (key: String, file: String) {
        guard let equals = text.firstIndex(of: "=") else { return (text, text) }
        return (String(text[..<equals]), String(text[text.index(after: equals)...]))
    }

    /// A generator's env files: `envs` and the legacy `env`.
    static func envFiles(_ generator: JSONValue) -> [String] {
        (generator["envs"]?.arrayValue ?? []).compactMap(\.stringValue) + [generator["env"]?.stringValue].compactMap { $0 }
    }

    /// Flux's format for a generator key: `.dockerconfigjson` is JSON, else by extension.
    static func format(forKey key: String) -> SOPSFormat {
        key.hasSuffix(".dockerconfigjson") ? .json : SOPSFormat(fileName: key)
    }

    /// `relative` (a kustomization's entry) joined onto the root-relative `directory`; nil for absolute paths, URLs and
    /// paths climbing out of the root (the build refuses those itself).
    static func join(_ directory: String, _ relative: String) -> String? {
        guard !relative.isEmpty, !relative.contains("://") else { return nil }
        return KustomizePath.join(directory, relative)
    }
}
