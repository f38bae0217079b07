import Crypto
import Foundation
import Logging
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceKustomize
import SluiceRuntime

extension KustomizationReconciler {
    /// The `build` step: builds `spec.path` of the extracted artifact (``fetchAndBuild(_:source:path:local:logger:)``);
    /// removes the artifact afterwards.
    ///
    /// With `spec.decryption` (and `decrypts`), SOPS-encrypted files and objects are decrypted as Flux's decryptor does
    /// (``KustomizationDecryptor``); `sluice build|diff kustomization` pass `decrypts: false`, as the flux CLI never
    /// decrypts.
    func reconcileBuild(_ object: inout Kustomization, _ conditions: inout Conditions, _ context: ReconcileContext,
                        _ work: KustomizationWork, decrypts: Bool = true) async throws -> ReconcileResult
    {
        guard let directory = work.directory else { return .success }
        defer {
            try? FileManager.default.removeItem(at: directory)
            work.directory = nil
        }
        // Keys are read before the build, so that the files it reads are decrypted as it reads them (Flux's order).
        let decryptor = decrypts ? try await decryptor(for: object, context) : nil
        let built: Result<[KubeObject], any Error>
        do {
            var objects = try await fetchAndBuild(object.spec, source: directory.appendingPathComponent("source"), path: object.spec.path ?? "",
                                                  decryptor: decryptor, logger: context.logger)
            if let decryptor {
                let encrypted = objects
                objects = try await DedicatedThread.run(name: "sops-decrypt") { try decryptor.decryptResources(encrypted) }
            }
            built = .success(objects)
        } catch {
            built = .failure(error)
        }
        if let decryptor {
            // Closing waits for the keyring's gpg processes (on a thread of its own, as every GnuPG call), and is
            // awaited, so a one-shot `reconcile` never exits with keys left in a temporary directory.
            _ = try? await DedicatedThread.run(name: "gpg-close") { decryptor.close() }
            // Whatever was decrypted, even by a build that then failed, stays out of every message.
            for value in decryptor.revealed { work.redactor.add(value) }
        }
        work.objects = try built.get()
        work.redactor.add(secretsIn: work.objects)
        return .success
    }

    /// Builds the directory `path` of the source tree at `source` as the controller does: Flux's generated
    /// kustomization where the directory has none and Flux's overlay for the spec, then the kustomize engine. Reads the
    /// tree and never writes to it, so a person's checkout can be built as an extracted artifact is. Remote bases are
    /// fetched as ``remoteBases`` allows (the build then runs on a thread of its own), or refused.
    ///
    /// - Parameters:
    ///   - local: Whether `source` is a person's directory: messages then name its files by their real paths
    ///     rather than relative to the tree (an extracted artifact's location means nothing to anyone).
    /// - Throws: ``ReconcileError/generic(reason:message:)`` with reason `BuildFailed`, naming the file.
    func fetchAndBuild(_ spec: KustomizationSpec, source: URL, path: String, local: Bool = false,
                       decryptor: KustomizationDecryptor? = nil, logger: Logger) async throws -> [KubeObject] {
        try await RemoteBaseLoader.build(remoteBases, logger: logger) { loader in
            try Self.buildSource(spec, source: source, path: path, local: local, remoteLoader: loader, decryptor: decryptor, logger: logger)
        }
    }

    /// ``fetchAndBuild(_:source:path:local:logger:)`` on the caller's thread, refusing remote bases whatever ``remoteBases`` says.
    func build(_ spec: KustomizationSpec, source: URL, path: String, local: Bool = false, logger: Logger) throws -> [KubeObject] {
        try Self.buildSource(spec, source: source, path: path, local: local, logger: logger)
    }

    /// ``fetchAndBuild(_:source:path:local:logger:)``'s build with `remoteLoader` (nil refuses remote bases), which needs nothing of
    /// the reconciler: what offline builds run.
    ///   - decryptor: Decrypts the SOPS-encrypted files the build reads, in memory, before it reads them; nil reads
    ///     them as they are.
    static func buildSource(_ spec: KustomizationSpec, source: URL, path: String, local: Bool = false,
                            remoteLoader: (any KustomizeRemoteLoader)? = nil, decryptor: KustomizationDecryptor? = nil,
                            logger: Logger) throws -> [KubeObject] {
        do {
            var (fileSystem, buildPath) = try KustomizationOverlay(spec: spec).prepareOverlay(source: source, path: path)
            try decryptor?.decryptSources(&fileSystem, path: buildPath) { shown($0, source: source, local: local) }
            var builder = KustomizeBuilder(fileSystem: fileSystem, logger: logger)
            builder.remoteLoader = remoteLoader
            // Flux builds with LoadRestrictionsNone: a kustomization may list files outside its own directory, such as
            // `../common/namespace.yaml`, as long as they lie in the source (the file system's root).
            builder.restrictsFilesToKustomizationDirectory = false
            builder.originDirectory = try KustomizationOverlay.treePath(path)
            return try builder.build(path: buildPath)
        } catch let error as ReconcileError {
            throw error
        } catch {
            var described = String(describing: error)
            if var error = error as? KustomizeError, let file = error.file {
                error.file = Self.shown(file, source: source, local: local)
                described = error.description
            }
            if !local { described = described.replacingOccurrences(of: source.path + "/", with: "") }
            // The overlay's reference to the tree (`accumulating resources from '../source/apps'`), as the file's own name.
            let tree = "'../\(SourceOverlayFileSystem.sourceDirectory)"
            let prefix = local ? (source.path == "/" ? "/" : source.path + "/") : ""
            described = described.replacingOccurrences(of: tree + "/", with: "'" + prefix)
                .replacingOccurrences(of: tree + "'", with: "'" + (local ? source.path : ".") + "'")
            throw ReconcileError.generic(reason: ConditionReason.buildFailed, message: "kustomize build failed: \(described)")
        }
    }

    /// A build file system's path as a person knows it: relative to the repository for an artifact, the real path
    /// for a local directory; generated files (`flux-overlay/…`) as they are.
    static func shown(_ file: String, source: URL, local: Bool) -> String {
        let directory = SourceOverlayFileSystem.sourceDirectory
        let inner: String
        if file == directory {
            inner = ""
        } else if file.hasPrefix(directory + "/") {
            inner = String(file.dropFirst(directory.count + 1))
        } else {
            return file
        }
        guard local else { return inner.isEmpty ? "." : inner }
        return inner.isEmpty ? source.path : source.appendingPathComponent(inner).path
    }

    /// `sha256:<hex>` of the objects' YAML, Flux's history digest.
    static func digest(of objects: [KubeObject]) -> String {
        "sha256:" + SHA256.hash(data: Data(manifests(objects).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The objects as multi-document YAML, as kustomize prints them (and `flux build kustomization` does).
    public static func manifests(_ objects: [KubeObject]) -> String {
        KustomizeYAMLEmitter().emit(objects)
    }
}
