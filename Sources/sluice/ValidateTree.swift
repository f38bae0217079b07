import Foundation

/// The files of a repository as `sluice validate` sees them, as Flux's `validate.sh` classifies them: hidden files and
/// directories left out, directories holding a Helm chart (`Chart.yaml`) or Terraform (`*.tf`) skipped with everything
/// below them, directories holding a kustomization file noted. Links are never followed (a link is neither a file nor
/// a directory here), so nothing outside the root is read.
struct ValidateTree: Sendable {
    /// The most files and directories looked at: a bound on hostile trees, far above a real repository.
    static let maxEntries = 200_000
    /// The largest YAML file read.
    static let maxFileBytes = 16 << 20

    /// The root, links resolved.
    let root: URL
    /// Every `.yaml` and `.yml` file, relative to the root, sorted; those under skipped directories included.
    private(set) var yamlFiles: [String] = []
    /// Every directory holding `kustomization.yaml`, `kustomization.yml` or `Kustomization` (`""` for the root).
    private(set) var kustomizeDirectories: [String] = []
    /// Every directory holding a Helm chart or Terraform files.
    private(set) var skippedDirectories: [String] = []
    /// Each kustomize directory's kustomization file, relative to the root.
    private(set) var kustomizationFiles: [String: String] = [:]

    /// Walks the tree under `root`.
    ///
    /// - Throws: ``CLIError`` when `root` is not a directory or the tree is beyond ``maxEntries``.
    init(root: URL) throws {
        self.root = root.standardizedFileURL.resolvingSymlinksInPath()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: self.root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError("\(root.path): no such directory", hint: "sluice validate DIR checks the repository checked out at DIR (default .)")
        }
        var pending = [""]
        var seen = 0
        while let directory = pending.popLast() {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: absolute(directory))) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                seen += 1
                guard seen <= Self.maxEntries else {
                    throw CLIError("\(root.path) holds more than \(Self.maxEntries) files and directories",
                                   hint: "validate a smaller directory")
                }
                let path = Self.join(directory, name)
                let type = (try? FileManager.default.attributesOfItem(atPath: absolute(path)))?[.type] as? FileAttributeType
                switch type {
                case .typeDirectory?:
                    pending.append(path)
                case .typeRegular?:
                    if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { yamlFiles.append(path) }
                    if name == "Chart.yaml" || name.hasSuffix(".tf") {
                        if skippedDirectories.last != directory { skippedDirectories.append(directory) }
                    }
                    if ["kustomization.yaml", "kustomization.yml", "Kustomization"].contains(name), kustomizationFiles[directory] == nil {
                        kustomizeDirectories.append(directory)
                        kustomizationFiles[directory] = path
                    }
                default:
                    continue  // links, sockets, devices: never followed or read
                }
            }
        }
        yamlFiles.sort()
        kustomizeDirectories.sort()
    }

    /// The absolute path of `relative`.
    func absolute(_ relative: String) -> String {
        relative.isEmpty ? root.path : root.appendingPathComponent(relative).path
    }

    /// Whether `path` is under a chart or Terraform directory.
    func isSkipped(_ path: String) -> Bool {
        skippedDirectories.contains { Self.isUnder(path, $0) }
    }

    /// Whether `path` is `directory` or below it (`""` is the root, above everything).
    static func isUnder(_ path: String, _ directory: String) -> Bool {
        directory.isEmpty || path == directory || path.hasPrefix(directory + "/")
    }

    /// `directory/name`, or `name` at the root.
    static func join(_ directory: String, _ name: String) -> String {
        directory.isEmpty ? name : directory + "/" + name
    }

    /// The text of the regular file at `relative`, opened without following a link; nil with the reason when it cannot
    /// be read, is larger than ``maxFileBytes`` or is not UTF-8.
    func text(of relative: String) -> Result<String, CLIError> {
        let descriptor = open(absolute(relative), O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(CLIError("cannot be read: \(String(cString: strerror(errno)))")) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        guard let data = try? handle.read(upToCount: Self.maxFileBytes + 1) ?? Data() else {
            return .failure(CLIError("cannot be read"))
        }
        guard data.count <= Self.maxFileBytes else { return .failure(CLIError("larger than \(Self.maxFileBytes >> 20) MiB, not read")) }
        guard let text = String(data: data, encoding: .utf8) else { return .failure(CLIError("not UTF-8 text")) }
        return .success(text)
    }
}
