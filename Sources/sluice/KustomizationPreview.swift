import Foundation
import KustomizeController
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore

/// What `sluice build kustomization` and `sluice diff kustomization` share: the Kustomization read from the cluster
/// and the kustomize-controller's own reconciler, whose build, substitute and dry-run steps they run without
/// changing anything.
struct KustomizationPreview {
    /// The Kustomization.
    let kustomization: Kustomization
    /// The directory `--path` names, standing in for `spec.path` in the source; `nil` to read the artifact.
    let localDirectory: URL?
    /// The controller's reconciler, over the cluster the flags name.
    let reconciler: KustomizationReconciler
    /// Where the steps run: the cluster, the store when the artifact is read, a logger to stderr.
    let context: ReconcileContext

    /// Reads the Kustomization `name`; checks that `path`, when given, is a directory; otherwise opens the store.
    ///
    /// - Parameters:
    ///   - strictSubstitutions: Whether a `${var}` without a value or default is an error.
    /// - Throws: ``CLIError`` naming what is missing.
    static func load(global: GlobalOptions, name: String, path: String?, strictSubstitutions: Bool) async throws -> KustomizationPreview {
        let localDirectory = try path.map(localDirectory)
        let client = try global.client()
        let namespace = global.namespace(for: client)
        let raw = try await global.object(.kustomization, name: name, namespace: namespace, client: client)
        let kustomization: Kustomization
        do {
            kustomization = try raw.decode(as: Kustomization.self)
        } catch {
            throw CLIError("Kustomization \(namespace)/\(name) is not valid: \(error)",
                           hint: "check its spec: kubectl get kustomization \(name) -n \(namespace) -o yaml")
        }
        var store: Store?
        if localDirectory == nil {
            do {
                store = try global.openStore()
            } catch let error as CLIError {
                throw CLIError(error.message, hint: (error.hint.map { $0 + "; " } ?? "") + "or build a local directory with --path DIR")
            }
        }
        // Warnings (deprecated kustomize fields, say) to stderr; stdout carries only the YAML or the report.
        var logger = Logger(label: "sluice") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let reconciler = KustomizationReconciler(client: client, strictSubstitutions: strictSubstitutions)
        let context = ReconcileContext(api: client, store: store,
                                       events: EventRecorder(store: nil, controller: KustomizeController.name, logger: logger), logger: logger)
        return KustomizationPreview(kustomization: kustomization, localDirectory: localDirectory, reconciler: reconciler, context: context)
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
        do {
            return try await reconciler.objects(for: kustomization, localDirectory: localDirectory, context: context)
        } catch {
            throw failure(error)
        }
    }

    /// What applying now would change.
    func diff() async throws -> [KustomizationChange] {
        do {
            return try await reconciler.diff(kustomization, localDirectory: localDirectory, context: context)
        } catch {
            throw failure(error)
        }
    }

    /// A step's failure as a CLI error naming the Kustomization, with what to try next.
    func failure(_ error: any Error) -> CLIError {
        let name = kustomization.metadata.name
        let namespace = kustomization.metadata.namespace ?? "default"
        let subject = "Kustomization \(namespace)/\(name)"
        guard let error = error as? ReconcileError else {
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
