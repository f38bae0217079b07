import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKustomize

extension KustomizationReconciler {
    /// The objects the controller would apply for `object`, built with no cluster at all from the directory `path` of
    /// the local source tree `source` (as `flux build kustomization --dry-run`): Flux's generated kustomization and
    /// overlay, SOPS-encrypted Secrets masked as the flux CLI masks them (``SOPSMask``), post-build substitution from `postBuild.substitute` only (the ConfigMaps and Secrets of
    /// `substituteFrom` live in a cluster and are not read, as Flux's dry run skips them), and the owner labels.
    /// Reads the tree and never writes to it; `path` may not leave `source`.
    ///
    /// - Parameters:
    ///   - strictSubstitutions: Whether a `${var}` without a value or default is an error.
    /// - Throws: ``ReconcileError`` with reason `BuildFailed`, naming the file or object and the cause.
    public static func offlineObjects(for object: Kustomization, source: URL, path: String, strictSubstitutions: Bool = false,
                                      logger: Logger) throws -> [KubeObject]
    {
        var objects = try buildSource(object.spec, source: source, path: path, local: true, logger: logger)
        if let postBuild = object.spec.postBuild {
            let variables = inlineVariables(postBuild)
            if substitutes(postBuild, variables: variables) {
                objects = try substituted(objects, variables: variables, strict: strictSubstitutions)
            }
        }
        return objects.map { labelled(SOPSMask.masked($0), owner: object) }
    }

    /// A local directory as the source tree it stands in (the nearest enclosing Git work tree, else `/`) and its path
    /// inside that tree, as `--path DIR` is built.
    public static func localSource(for directory: URL) -> (source: URL, path: String) {
        let resolved = directory.standardizedFileURL.resolvingSymlinksInPath()
        let root = KustomizationOverlay.sourceRoot(containing: resolved)
        let path = String(resolved.path.dropFirst(root.path.count)).drop { $0 == "/" }
        return (root, String(path))
    }

    /// A plain `kustomize build` of the directory `path` (holding a kustomization file) inside `root`, which no file
    /// may leave, as `kubectl kustomize` builds it: no Flux overlay, no substitution, no labels.
    ///
    /// - Throws: `KustomizeError` naming the file and the cause.
    public static func kustomizeBuild(root: URL, path: String, logger: Logger) throws -> [KubeObject] {
        let fileSystem = try DiskFileSystem(root: root.path)
        return try KustomizeBuilder(fileSystem: fileSystem, logger: logger).build(path: path)
    }
}
