import ArgumentParser
import HelmController
import Logging
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime

/// `sluice diff helmrelease NAME [-n NS]`: what upgrading a HelmRelease now would change in the cluster, as the
/// helm-controller would render it, compared through a server-side dry run and printed as `sluice diff kustomization`
/// prints drift.
struct DiffHelmReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helmrelease",
        abstract: "Print what upgrading a HelmRelease now would create, change or delete; exit 0 when nothing, 1 when something, 2 on error.",
        discussion: """
            Loads the chart from the source's artifact in the store and merges the values as the helm-controller does \
            (values, valuesFrom, post-renderers), renders the next revision, and compares each object with a server-side \
            dry-run apply, only on the fields the release sets, honouring spec.driftDetection.ignore and the \
            helm.toolkit.fluxcd.io/driftDetection: disabled marker. Prints `► Kind/namespace/name created`, `drifted` \
            (with the fields: - live, + desired) or `deleted` (in the deployed revision, no longer rendered). Secret \
            values are masked.

            For example: sluice diff helmrelease podinfo -n flux-system
            """,
        aliases: ["hr", "helmreleases"])

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The HelmRelease's name.")
    var name: String

    func run() async throws {
        let changes: [ReleaseDrift]
        do {
            changes = try await preview()
        } catch let error as CLIError {
            // 2, not the usual 1: 1 means "there are changes" here, as with flux diff.
            Terminal.report(error)
            throw ExitCode(2)
        }
        let rows = changes.map { change in
            let action = switch change.change {
            case .missing: "created"
            case .changed: "drifted"
            case .deleted: "deleted"
            }
            return (subject: change.subject, action: action, fields: change.fields)
        }
        Terminal.write(DriftReport.render(rows: rows, colour: Terminal.stdoutIsTerminal))
        if !changes.isEmpty { throw ExitCode(1) }
    }

    /// The HelmRelease read from the cluster and previewed by the helm-controller's own reconciler.
    func preview() async throws -> [ReleaseDrift] {
        let client = try global.client()
        let namespace = global.namespace(for: client)
        let subject = "HelmRelease \(namespace)/\(name)"
        let raw = try await global.object(.helmRelease, name: name, namespace: namespace, client: client)
        let object: HelmRelease
        do {
            object = try raw.decode(as: HelmRelease.self)
        } catch {
            throw CLIError("\(subject) is not valid: \(error)", hint: "check its spec: kubectl get helmrelease \(name) -n \(namespace) -o yaml")
        }
        let store = try global.openStore()
        // Warnings to stderr; stdout carries only the report.
        var logger = Logger(label: "sluice") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        let context = ReconcileContext(api: client, store: store,
                                       events: EventRecorder(store: nil, controller: HelmController.name, logger: logger), logger: logger)
        let storage = SecretReleaseStorage(client: client, namespace: object.spec.storageNamespace ?? namespace)
        do {
            return try await HelmReleaseReconciler(client: client).preview(object, storage: storage, context: context)
        } catch let error as ReconcileError {
            let hint = switch error.reason {
            case ConditionReason.artifactFailed:
                "reconcile the chart source first (sluice reconcile helmrelease \(name) -n \(namespace) --with-source)"
            case ConditionReason.initFailed:
                "check spec.values, spec.valuesFrom and spec.driftDetection (sluice get helmrelease \(name) -n \(namespace))"
            default:
                "check the HelmRelease and the cluster: sluice get helmrelease \(name) -n \(namespace)"
            }
            throw CLIError("\(subject): \(error.message)", hint: hint)
        } catch {
            throw CLIError("\(subject): \(error)", hint: "is the cluster up and reachable? (sluice get helmrelease \(name) -n \(namespace))")
        }
    }
}
