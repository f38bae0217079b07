import Foundation
import SluiceAPI
import SluiceCore

/// A Flux Kustomization read from a local YAML file (`--kustomization-file`), as `flux build` reads one.
enum KustomizationFile {
    /// The largest file read: far above any Kustomization, far below what would hurt.
    static let maxBytes = 16 << 20

    /// The Kustomization named `name` in the file at `path`: the first `kustomize.toolkit.fluxcd.io` Kustomization of
    /// that name whose namespace is `namespace` or unset (any namespace when `namespace` is nil); an unset namespace
    /// becomes `defaultNamespace`.
    ///
    /// - Throws: ``CLIError`` naming the file and the cause.
    static func read(_ path: String, name: String, namespace: String?, defaultNamespace: String) throws -> Kustomization {
        let text = try contents(of: path)
        let objects: [KubeObject]
        do {
            objects = try ManifestReader().objects(text, source: path)
        } catch {
            throw CLIError("failed to read kustomization file \(path): \(error)")
        }
        for object in objects where object.apiVersion.hasPrefix(FluxKind.kustomization.gvk.group + "/")
            && object.kind == "Kustomization" && object.name == name
        {
            let found = object.namespace ?? ""
            if let namespace, !found.isEmpty, found != namespace { continue }
            var kustomization: Kustomization
            do {
                kustomization = try object.decode(as: Kustomization.self, source: path)
            } catch {
                throw CLIError("Kustomization \(name) in \(path) is not valid: \(error)")
            }
            if (kustomization.metadata.namespace ?? "").isEmpty { kustomization.metadata.namespace = namespace ?? defaultNamespace }
            return kustomization
        }
        let scope = namespace.map { " and namespace '\($0)'" } ?? ""
        throw CLIError("failed to find kustomization with name '\(name)'\(scope) in file '\(path)'",
                       hint: "the file holds Flux Kustomizations (kustomize.toolkit.fluxcd.io/v1), one of them named \(name)")
    }

    /// The text of a regular file, bounded by ``maxBytes``.
    static func contents(of path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let handle = FileHandle(forReadingAtPath: path)
        else {
            throw CLIError("invalid kustomization file \"\(path)\": no such file")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maxBytes + 1) ?? Data()
        } catch {
            throw CLIError("invalid kustomization file \"\(path)\": \(error.localizedDescription)")
        }
        guard data.count <= maxBytes else {
            throw CLIError("invalid kustomization file \"\(path)\": larger than \(maxBytes >> 20) MiB")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError("invalid kustomization file \"\(path)\": not UTF-8 text")
        }
        return text
    }
}
