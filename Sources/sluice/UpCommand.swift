import ArgumentParser
import Foundation
import SluiceCore
import SluiceKube

/// `sluice up`: Sluice on the embedded default — the API server, the CRDs, the four controllers sharing one store,
/// and a GitRepository plus Kustomization for a repository (by default the bundled example) — until Ctrl-C.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Run Sluice locally: API server, CRDs, the four controllers, and a repository to sync.",
        discussion: """
            Starts `sluice cluster serve` and the four controllers as child processes sharing DIR/store.db, installs
            the CRDs, and creates what `flux bootstrap` leaves behind: the namespace flux-system, and a GitRepository
            and a Kustomization both named flux-system syncing --path of the repository (default: the bundled example,
            made into a Git repository at DIR/example on the first run), shaped as Flux's gotk-sync.yaml, so a
            repository's `sourceRef: {kind: GitRepository, name: flux-system}` resolves; plus a push Receiver; and, as
            `flux install`, the controllers' ServiceAccounts and RBAC (`cluster-reconciler`: cluster-admin for the
            kustomize- and helm-controller accounts), so `serviceAccountName: kustomize-controller` works as with Flux.
            Multi-tenant lock-down as fluxcd/flux2-multi-tenancy patches it: --no-cross-namespace-refs,
            --no-remote-bases, --default-service-account NAME (the sync Kustomization then applies as
            --sync-service-account, default kustomize-controller).
            Prints progress, then a status table once everything is Ready, the kubeconfig for kubectl and the webhook
            URL that triggers a fetch. Runs until Ctrl-C, which stops every child; with --once, exits 0 when all is
            Ready and 1 with the failing object's message otherwise. Logs are in DIR/logs.
            """)

    @Option(name: .customLong("repo"), help: "A Git URL, or the path of a local Git repository (default: the bundled example).")
    var repository: String?

    @Option(name: .customLong("branch"), help: "The branch to follow (default: a local repository's current branch, else main).")
    var branch: String?

    @Option(name: .customLong("path"), help: "The directory in the repository to apply, such as clusters/staging.")
    var path: String = "./"

    @Option(name: [.customShort("n"), .customLong("namespace")],
            help: "The namespace of the sync objects (default: $FLUX_SYSTEM_NAMESPACE, else flux-system).")
    var namespace: String?

    @Option(name: .customLong("name"), help: "The name of the GitRepository, the Kustomization and the Receiver.")
    var name: String = SyncObjects.defaultName

    @Option(name: .customLong("data"), help: "Where everything is kept: the cluster, the store, logs, the example repository.")
    var data: String = ".sluice"

    @Flag(name: .customLong("once"), help: "Exit when everything is Ready (0) or something failed (1), stopping every child.")
    var once = false

    @Option(name: .customLong("timeout"), help: "With --once: how long to wait for Ready (Go duration).")
    var timeout: String = "5m"

    @Option(name: .customLong("listen"), help: "host:port for the API server (port 0: a free one; the kubeconfig names it).")
    var listen: String = "127.0.0.1:0"

    @Option(name: .customLong("receiver-addr"), help: "host:port for the webhook receiver (port 0: a free one).")
    var receiverAddress: String = "127.0.0.1:9292"

    @Flag(name: .customLong("no-cross-namespace-refs"),
          help: "Lock-down: pass --no-cross-namespace-refs to the controllers (no sourceRef, dependsOn, chart or event source in another namespace).")
    var noCrossNamespaceRefs = false

    @Flag(name: .customLong("no-remote-bases"), help: "Lock-down: pass --no-remote-bases to the kustomize-controller.")
    var noRemoteBases = false

    @Option(name: .customLong("default-service-account"),
            help: "Lock-down: the ServiceAccount a Kustomization or HelmRelease without spec.serviceAccountName applies as (kustomize- and helm-controller).")
    var defaultServiceAccount: String?

    @Option(name: .customLong("sync-service-account"),
            help: "The ServiceAccount the sync Kustomization applies as (default: kustomize-controller with --default-service-account, else none).")
    var syncServiceAccount: String?

    func validate() throws {
        for (flag, account) in [("--default-service-account", defaultServiceAccount), ("--sync-service-account", syncServiceAccount)] {
            if let account, !DNSName.isLabel(account) {
                throw ValidationError("invalid \(flag) '\(account)': a ServiceAccount name (a DNS label), such as default")
            }
        }
        guard GoDuration(timeout).map({ $0.nanoseconds > 0 }) == true else {
            throw ValidationError("invalid --timeout '\(timeout)': expected a duration such as 30s or 5m")
        }
        guard !path.isEmpty, !path.split(separator: "/").contains("..") else {
            throw ValidationError("invalid --path '\(path)': a directory inside the repository, such as ./ or ./clusters/dev")
        }
        if let namespace, !DNSName.isLabel(namespace) {
            throw ValidationError("namespace must be a valid DNS label: '\(namespace)'")
        }
        guard DNSName.isLabel(name), name.count <= 48 else {
            throw ValidationError("invalid --name '\(name)': a DNS label of at most 48 characters, such as flux-system")
        }
    }

    /// The lock-down flags for the controllers.
    var lockDown: ControllerLockDown {
        ControllerLockDown(noCrossNamespaceRefs: noCrossNamespaceRefs, noRemoteBases: noRemoteBases, defaultServiceAccount: defaultServiceAccount)
    }

    /// The account the sync Kustomization applies as: `--sync-service-account`, else `kustomize-controller` under
    /// `--default-service-account` (upstream's multi-tenancy repository patches `flux-system` so, or the default
    /// account would apply the platform's own objects), else none (the controller's own rights).
    var syncAccount: String? {
        syncServiceAccount ?? (defaultServiceAccount == nil ? nil : "kustomize-controller")
    }

    /// `--namespace`, else `$FLUX_SYSTEM_NAMESPACE`, else flux-system.
    var syncNamespace: String { namespace ?? GlobalOptions.defaultNamespace() }

    func run() async throws {
        let started = ContinuousClock.now
        let stop = StopSignal()
        let directory = try UpDataDirectory(path: data)
        defer { directory.release() }
        for orphan in await directory.stopOrphans() { Terminal.err("► stopped \(orphan), left running by an earlier sluice up") }
        let plane = LocalControlPlane(binDirectory: LocalControlPlane.executableDirectory, data: directory)
        // Ctrl-C at any point (even while a child is starting) cancels the bring-up, which then unwinds to here.
        let command = self
        let outcome: Result<Void, any Error> = await withTaskGroup(of: Result<Void, any Error>?.self) { group in
            group.addTask {
                do {
                    try await command.bringUp(plane, directory: directory, started: started)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                await stop.wait()
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if let first { return first }
            _ = await group.next()
            return .success(())
        }
        Terminal.err("► stopping the controllers and the API server")
        await plane.stop()
        if let signal = stop.signal {
            Terminal.err("✔ stopped (\(signal == SIGINT ? "interrupted" : "terminated"))")
            if once { throw ExitCode(130) }
            return
        }
        try outcome.get()
    }

    /// Everything between taking the data directory and stopping the children; Ctrl-C cancels it.
    private func bringUp(_ plane: LocalControlPlane, directory: UpDataDirectory, started: ContinuousClock.Instant) async throws {
        let limit = GoDuration(timeout)?.duration ?? .seconds(300)
        Terminal.err("► starting the Kubernetes API server (data in \(directory.url.path))")
        let server = try await plane.startAPIServer(listen: listen, timeout: .seconds(60))
        let client: KubernetesClient
        do {
            client = try KubernetesClient(kubeconfig: directory.kubeconfig.path)
        } catch {
            throw CLIError("cannot read \(directory.kubeconfig.path): \(error)")
        }
        Terminal.err("✔ API server on \(server)")
        Terminal.err("► installing the CustomResourceDefinitions")
        try await CustomResourceInstaller(client: client).install(timeout: .seconds(60))
        let source = try await repositorySource(directory: directory)
        Terminal.err("► starting source-controller, kustomize-controller, helm-controller, notification-controller")
        try plane.startControllers(receiverAddress: receiverAddress, lockDown: lockDown)
        let receiver = try await plane.receiverAddress(timeout: .seconds(60))
        let request = Timestamp.reconcileRequest()
        var sync = SyncObjects(name: name, namespace: syncNamespace, url: source.url, branch: source.branch, path: path, secretName: nil)
        sync.serviceAccountName = syncAccount
        var objects = UpObjects(sync: sync, token: try directory.webhookToken())
        objects.requestToken = request
        // The controllers' accounts and RBAC, as `flux install` makes them, before anything applies as one of them.
        objects.access = Components(namespace: syncNamespace).accessObjects
        Terminal.err("► syncing \(source.url) (branch \(source.branch), path \(sync.kustomizationPath)) as GitRepository and Kustomization \(sync.namespace)/\(sync.name)")
        try await objects.apply(client: client)

        var progress = UpProgress(namespace: objects.namespace, watched: objects.watched, requestToken: request)
        var summarized = false
        let deadline = ContinuousClock.now + limit
        // Runs until done (`--once`), failed, or cancelled by Ctrl-C (the sleep then throws).
        while true {
            if let (child, status) = plane.exited() {
                throw CLIError("\(child.name) exited with status \(status):\n\(child.logTail())", hint: "its log is \(child.logFile.path)")
            }
            switch try await progress.poll(client: client) {
            case .ready(let ready) where !summarized:
                summarized = true
                try await UpSummary(directory: directory, receiver: receiver, source: source, namespace: objects.namespace,
                                    elapsed: ContinuousClock.now - started,
                              staysUp: !once)
                    .print(ready, client: client)
                if once { return }
            case .failed(let error) where once:
                throw error
            case .waiting where once && ContinuousClock.now >= deadline:
                throw CLIError("not ready after \(timeout): \(progress.waitingFor)",
                               hint: "raise --timeout, or look at the logs in \(directory.url.path)/logs")
            default:
                break
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// The repository to sync: `--repo` as a URL or local path, else the bundled example at DATA/example.
    private func repositorySource(directory: UpDataDirectory) async throws -> UpSummary.Source {
        guard let repository else {
            let bundled = try ExampleRepository.bundled(executable: LocalControlPlane.executableDirectory.appendingPathComponent("sluice"))
            if try await ExampleRepository.prepare(from: bundled, at: directory.example) {
                Terminal.err("✔ made \(directory.example.path) a Git repository from \(bundled.path)")
            }
            return .init(url: Self.fileURL(directory.example), branch: branch ?? "main", localPath: directory.example.path)
        }
        let isURL = repository.contains("://") || repository.range(of: #"^[^/]+@[^/:]+:"#, options: .regularExpression) != nil
        if isURL {
            return .init(url: repository, branch: branch ?? "main", localPath: nil)
        }
        let local = URL(fileURLWithPath: repository, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        guard FileManager.default.fileExists(atPath: local.path) else {
            throw CLIError("--repo \(repository): no such directory", hint: "pass a Git URL or the path of a local Git repository")
        }
        let current: String
        do {
            current = try await Git.run(["rev-parse", "--abbrev-ref", "HEAD"], in: local)
        } catch {
            throw CLIError("--repo \(repository) is not a Git repository with a commit", hint: "git init, commit, then run sluice up again")
        }
        return .init(url: Self.fileURL(local),
                     branch: branch ?? (current == "HEAD" ? "main" : current), localPath: local.path)
    }

    /// `file:///path`, without the trailing slash a directory URL carries.
    static func fileURL(_ directory: URL) -> String {
        "file://" + directory.standardizedFileURL.path
    }
}
