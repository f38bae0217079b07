import Foundation
import KustomizeController
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

/// What `sluice build kustomization` and `sluice diff kustomization` share: the Kustomization (read from the cluster or
/// from `--kustomization-file`) and the kustomize-controller's own build, substitute and dry-run steps, run without
/// changing anything; with `--dry-run`, the build alone, with no cluster at all.
struct KustomizationPreview {
    /// The Kustomization.
    let kustomization: Kustomization
    /// The directory `--path` names, standing in for `spec.path` in the source; `nil` to read the artifact.
    let localDirectory: URL?
    /// The controller's reconciler and where its steps run (the cluster, the store when the artifact is read, a logger
    /// to stderr); `nil` for a dry run, which talks to no cluster.
    let live: Live?
    /// Whether a `${var}` without a value or default is an error.
    let strictSubstitutions: Bool
    /// Warnings to stderr; stdout carries only the YAML or the report.
    let logger: Logger

    /// The cluster side of a preview.
    struct Live {
        /// The controller's reconciler, over the cluster the flags name.
        let reconciler: KustomizationReconciler
        /// Where the steps run.
        let context: ReconcileContext
    }

    /// Reads the Kustomization `name` (from `kustomizationFile` when given, else the cluster); checks that `path`, when
    /// given, is a directory; otherwise opens the store. With `dryRun`, nothing but the two files is read.
    ///
    /// - Parameters:
    ///   - kustomizationFile: A YAML file holding the Kustomization (as `flux build --kustomization-file`): it takes
    ///     precedence over the cluster's, whose status (the inventory, for prune) it keeps when there is one.
    ///   - dryRun: Build with no cluster (needs `path` and `kustomizationFile`); `postBuild.substituteFrom` is skipped.
    ///   - strictSubstitutions: Whether a `${var}` without a value or default is an error.
    /// - Throws: ``CLIError`` naming what is missing.
    static func load(global: GlobalOptions, name: String, path: String?, kustomizationFile: String? = nil, dryRun: Bool = false,
                     strictSubstitutions: Bool) async throws -> KustomizationPreview
    {
        let localDirectory = try path.map(localDirectory)
        // Warnings (deprecated kustomize fields, say) to stderr; stdout carries only the YAML or the report.
        var logger = Logger(label: "sluice") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        if dryRun {
            guard localDirectory != nil, let kustomizationFile else {
                throw CLIError("--dry-run needs --path DIR and --kustomization-file FILE",
                               hint: "with no cluster the Kustomization comes from a file, such as --kustomization-file ./clusters/staging/apps.yaml")
            }
            let namespace = global.namespace(context: nil)
            let kustomization = try KustomizationFile.read(kustomizationFile, name: name, namespace: global.namespace, defaultNamespace: namespace)
            if let references = kustomization.spec.postBuild?.substituteFrom, !references.isEmpty {
                let names = references.map { "\($0.kind)/\($0.name)" }.joined(separator: ", ")
                logger.warning("dry run: postBuild.substituteFrom (\(names)) is in the cluster and was not read; only postBuild.substitute applies")
            }
            return KustomizationPreview(kustomization: kustomization, localDirectory: localDirectory, live: nil,
                                        strictSubstitutions: strictSubstitutions, logger: logger)
        }
        let client = try global.client()
        let namespace = global.namespace(for: client)
        var kustomization: Kustomization
        if let kustomizationFile {
            kustomization = try KustomizationFile.read(kustomizationFile, name: name, namespace: global.namespace, defaultNamespace: namespace)
            // The live status (its inventory, for what diff would prune), when the cluster has the Kustomization.
            if let live = try? await client.get(FluxKind.kustomization.gvk, namespace: kustomization.metadata.namespace ?? namespace, name: name),
               let decoded = try? live.decode(as: Kustomization.self)
            {
                kustomization.status = decoded.status
            }
        } else {
            let raw = try await global.object(.kustomization, name: name, namespace: namespace, client: client)
            do {
                kustomization = try raw.decode(as: Kustomization.self)
            } catch {
                throw CLIError("Kustomization \(namespace)/\(name) is not valid: \(error)",
                               hint: "check its spec: kubectl get kustomization \(name) -n \(namespace) -o yaml")
            }
        }
        var store: Store?
        if localDirectory == nil {
            do {
                store = try global.openStore()
            } catch let error as CLIError {
                throw CLIError(error.message, hint: (error.hint.map { $0 + "; " } ?? "") + "or build a local directory with --path DIR")
            }
        }
        // Remote bases are fetched as the controller fetches them (as `flux build` does), with a cache of this user's own.
        let remoteCache = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-remote-bases-\(getuid())")
        let reconciler = KustomizationReconciler(client: client, strictSubstitutions: strictSubstitutions,
                                                 remoteBases: RemoteBaseLoader.Settings(cacheDirectory: remoteCache))
        let context = ReconcileContext(api: client, store: store,
                                       events: EventRecorder(store: nil, controller: KustomizeController.name, logger: logger), logger: logger)
        return KustomizationPreview(kustomization: kustomization, localDirectory: localDirectory,
                                    live: Live(reconciler: reconciler, context: context),
                                    strictSubstitutions: strictSubstitutions, logger: logger)
    }

    /// `path` made absolute against the working directory, refused unless it is a directory.
    static func localDirectory(_ path: String) throws -> URL {
        let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError("invalid resource path \"\(path)\": no such directory",
                           hint: "--path names a local directory that stands for the Kustomization's spec.path, such as ./deploy/apps")
        }
        return url
    }

    /// The objects the controller would apply, with its labels.
    func objects() async throws -> [KubeObject] {
        try await objects(for: kustomization, directory: localDirectory)
    }

    /// The objects the controller would apply for `kustomization`, built from `directory` in place of its `spec.path`
    /// (`nil`: the artifact in the store, never in a dry run).
    func objects(for kustomization: Kustomization, directory: URL?) async throws -> [KubeObject] {
        do {
            if let live {
                return try await live.reconciler.objects(for: kustomization, localDirectory: directory, context: live.context)
            }
            guard let directory else { throw CLIError("a dry run builds a local directory: give --path DIR") }
            let (source, path) = KustomizationReconciler.localSource(for: directory)
            return try KustomizationReconciler.offlineObjects(for: kustomization, source: source, path: path,
                                                              strictSubstitutions: strictSubstitutions, logger: logger)
        } catch let error as CLIError {
            throw error
        } catch {
            throw failure(error, kustomization: kustomization, directory: directory)
        }
    }

    /// What applying now would change; in a dry run, with no cluster to compare with, every object is one to create.
    func diff() async throws -> [KustomizationChange] {
        guard let live else {
            return try await objects().map { KustomizationChange(subject: $0.displayName, action: .created) }
        }
        do {
            return try await live.reconciler.diff(kustomization, localDirectory: localDirectory, context: live.context)
        } catch {
            throw failure(error)
        }
    }

    /// A step's failure as a CLI error naming the Kustomization, with what to try next.
    func failure(_ error: any Error) -> CLIError {
        failure(error, kustomization: kustomization, directory: localDirectory)
    }

    /// A step's failure for `kustomization`, built from `localDirectory`, as a CLI error naming it.
    func failure(_ error: any Error, kustomization: Kustomization, directory localDirectory: URL?) -> CLIError {
        let name = kustomization.metadata.name
        let namespace = kustomization.metadata.namespace ?? "default"
        let subject = "Kustomization \(namespace)/\(name)"
        guard let error = error as? ReconcileError else {
            guard live != nil else { return CLIError("\(subject): \(error)") }
            return CLIError("\(subject): \(error)", hint: "is the cluster up and reachable? (sluice get kustomization \(name) -n \(namespace))")
        }
        let hint: String = switch error.reason {
        case ConditionReason.buildFailed:
            if let localDirectory {
                "fix the manifests in \(localDirectory.path) (kustomize-controller build \(localDirectory.path) shows the plain kustomize build)"
            } else {
                "fix the manifests at spec.path in the source, or try a local copy with --path DIR"
            }
        case ConditionReason.artifactFailed:
            "reconcile the source first (sluice reconcile kustomization \(name) -n \(namespace) --with-source), or build a local directory with --path DIR"
        default:
            "check the Kustomization and the cluster: sluice get kustomization \(name) -n \(namespace)"
        }
        return CLIError("\(subject): \(error.message)", hint: hint)
    }
}
