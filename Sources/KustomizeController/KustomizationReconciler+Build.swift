import Crypto
import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceKustomize
import SluiceRuntime

extension KustomizationReconciler {
    /// The `build` step: generates a kustomization where the path has none, adds Flux's overlay and builds with the
    /// kustomize engine; removes the extracted artifact afterwards.
    func reconcileBuild(_ object: inout Kustomization, _ conditions: inout Conditions, _ context: ReconcileContext,
                        _ work: KustomizationWork) throws -> ReconcileResult
    {
        guard let directory = work.directory else { return .success }
        defer {
            try? FileManager.default.removeItem(at: directory)
            work.directory = nil
        }
        let objects: [KubeObject]
        do {
            let path = try KustomizationOverlay(spec: object.spec).prepare(root: directory)
            let fileSystem = try DiskFileSystem(root: directory.path)
            objects = try KustomizeBuilder(fileSystem: fileSystem, logger: context.logger).build(path: path)
        } catch {
            let message = "kustomize build failed: \(String(describing: error).replacingOccurrences(of: directory.path + "/source/", with: ""))"
                .replacingOccurrences(of: directory.path + "/", with: "")
            throw ReconcileError.generic(reason: ConditionReason.buildFailed, message: message)
        }
        work.objects = objects
        return .success
    }

    /// `sha256:<hex>` of the objects' YAML, Flux's history digest.
    static func digest(of objects: [KubeObject]) -> String {
        let yaml = KustomizeYAMLEmitter().emit(objects)
        return "sha256:" + SHA256.hash(data: Data(yaml.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
