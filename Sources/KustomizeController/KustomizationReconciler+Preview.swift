import Foundation
import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceApply

extension KustomizationReconciler {
    /// The objects the controller would apply for `object` now, in build order and with its owner labels, changing
    /// nothing: built from the source's artifact in the store or, given `localDirectory`, from that directory in place
    /// of `spec.path` in the source (as `flux build kustomization --path` does), then post-build substituted.
    ///
    /// - Throws: a ``ReconcileError`` when the source cannot be fetched, built or substituted.
    public func objects(for object: Kustomization, localDirectory: URL? = nil, context: ReconcileContext) async throws -> [KubeObject] {
        let (owner, built, _) = try await build(object, localDirectory: localDirectory, context: context)
        return built.map { Self.labelled($0, owner: owner) }
    }

    /// Runs the fetch, build (never decrypting) and substitute steps on a copy of `object` (or, for a local directory,
    /// the build of that directory and substitute), SOPS-encrypted Secrets masked (``SOPSMask``): the Kustomization as the steps left it, the objects before labelling, and the
    /// secret values they handled. A failure's message carries none of those values.
    func build(_ object: Kustomization, localDirectory: URL?, context: ReconcileContext) async throws
        -> (Kustomization, [KubeObject], SecretRedactor)
    {
        let work = KustomizationWork()
        do {
            let (object, objects) = try await build(object, localDirectory: localDirectory, context: context, work: work)
            return (object, objects, work.redactor)
        } catch {
            throw work.redactor.redacting(error)
        }
    }

    private func build(_ object: Kustomization, localDirectory: URL?, context: ReconcileContext, work: KustomizationWork) async throws
        -> (Kustomization, [KubeObject])
    {
        var object = object
        var conditions = Conditions()
        if let localDirectory {
            let directory = localDirectory.standardizedFileURL.resolvingSymlinksInPath()
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ReconcileError.generic(reason: ConditionReason.buildFailed,
                                             message: "kustomization path not found: stat \(localDirectory.path): no such directory")
            }
            let (root, path) = Self.localSource(for: directory)
            work.objects = try await fetchAndBuild(object.spec, source: root, path: path, local: true, logger: context.logger)
            work.redactor.add(secretsIn: work.objects)
        } else {
            _ = try await reconcileFetch(&object, &conditions, context, work)
            _ = try await reconcileBuild(&object, &conditions, context, work, decrypts: false)
        }
        _ = try await reconcileSubstitute(&object, &conditions, context, work)
        // As the flux CLI: nothing is decrypted, and encrypted Secrets are shown masked.
        return (object, work.objects.map(SOPSMask.masked))
    }

    /// `built` with `owner`'s `spec.commonMetadata` and the labels naming its owning Kustomization, which the
    /// controller sets on everything it applies. As Flux's `SetCommonMetadata`, the common labels and annotations go
    /// on the object's own metadata only (never a pod template's or a selector), after the build and the substitution
    /// (so they are neither substituted nor able to turn substitution off), overriding a key the object sets.
    static func labelled(_ built: KubeObject, owner: Kustomization) -> KubeObject {
        var labelled = built
        var labels = labelled.labels
        for (key, value) in owner.spec.commonMetadata?.labels ?? [:] { labels[key] = value }
        for (key, value) in ownerLabels(owner) { labels[key] = value }
        labelled.labels = labels
        if let common = owner.spec.commonMetadata?.annotations, !common.isEmpty {
            var annotations = labelled.annotations
            for (key, value) in common { annotations[key] = value }
            labelled.annotations = annotations
        }
        return labelled
    }
}
