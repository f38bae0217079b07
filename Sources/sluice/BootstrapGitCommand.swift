import ArgumentParser
import Foundation
import Logging
import SluiceCore
import SluiceGit
import SluiceKube

/// `sluice bootstrap git --url URL --branch B --path clusters/NAME …`, as `flux bootstrap git`: commits Sluice's
/// components and sync objects to `PATH/NAMESPACE/` and pushes them (libgit2), creates the Git credentials Secret,
/// applies the components and the sync objects, and waits until the sync is Ready.
struct BootstrapGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git",
        abstract: "Bootstrap Sluice from a Git repository: commit and push its manifests, install it, and sync.",
        discussion: """
            Writes PATH/NAMESPACE/gotk-components.yaml (what `sluice install --export` prints), gotk-sync.yaml (the
            GitRepository and Kustomization NAMESPACE/flux-system, Flux's shape) and kustomization.yaml (kept when the
            repository already has one, so its patches stay), commits them to --branch only if something changed, and
            pushes. Then creates the Secret NAMESPACE/flux-system with the Git credentials (ssh: identity,
            identity.pub, known_hosts; http(s): username, password), applies the components and the sync objects with
            server-side apply, and waits until the Kustomization is Ready. Running it again commits nothing and changes
            nothing; a newer sluice commits and applies its newer components.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var components: ComponentOptions

    @Option(name: .customLong("url"), help: "The Git repository's URL (ssh://, https://, http://, git:// or file://).")
    var url: String

    @Option(name: .customLong("branch"), help: "The branch to commit to and sync from.")
    var branch = "main"

    @Option(name: .customLong("path"), help: "The cluster's directory in the repository, such as clusters/staging.")
    var path: String

    @Option(name: .customLong("private-key-file"), help: "The SSH private key for ssh:// URLs.")
    var privateKeyFile: String?

    @Option(name: .customLong("known-hosts-file"), help: "The known_hosts with the SSH server's host key (needed with ssh://).")
    var knownHostsFile: String?

    @Option(name: [.customShort("u"), .customLong("username")], help: "The username for http(s) URLs.")
    var username: String?

    @Option(name: [.customShort("p"), .customLong("password")], help: "The password or token for http(s) URLs.")
    var password: String?

    @Option(name: .customLong("author-name"), help: "The commit author's name.")
    var authorName = "Sluice"

    @Option(name: .customLong("author-email"), help: "The commit author's email.")
    var authorEmail = "sluice@localhost"

    @Option(name: .customLong("commit-message-appendix"), help: "Text appended to the commit message.")
    var commitMessageAppendix: String?

    @Option(name: .customLong("interval"), help: "The GitRepository's interval (Go duration).")
    var interval = "1m0s"

    @Option(name: .customLong("secret-name"), help: "The name of the Git credentials Secret.")
    var secretName = SyncObjects.defaultName

    @Flag(name: [.customShort("s"), .customLong("silent")], help: "Ask nothing (Sluice asks nothing anyway; accepted as flux's).")
    var silent = false

    func validate() throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard !parts.isEmpty, !path.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == ".git" }) else {
            throw ValidationError("invalid --path '\(path)': a directory inside the repository, such as clusters/staging")
        }
        guard GoDuration(interval).map({ $0.nanoseconds > 0 }) == true else {
            throw ValidationError("invalid --interval '\(interval)': expected a duration such as 1m")
        }
        guard DNSName.isLabel(secretName) else { throw ValidationError("invalid --secret-name '\(secretName)'") }
        if (username == nil) != (password == nil) { throw ValidationError("--username and --password go together") }
    }

    func run() async throws {
        let client = try global.client()
        let namespace = global.namespace(for: client)
        let auth = try gitAuth()
        let components = self.components.components(namespace: namespace)
        let sync = SyncObjects(namespace: namespace, url: url, branch: branch, path: path,
                               secretName: secretData(auth) == nil ? nil : secretName, interval: interval)
        let directory = sync.kustomizationPath.dropFirst(2).split(separator: "/").joined(separator: "/") + "/\(namespace)"

        Terminal.err("► cloning branch \"\(branch)\" from Git repository \"\(Self.redacted(url))\"")
        let files: [String: Data] = [
            "\(directory)/\(Components.manifestFile)": Data(try components.manifest.utf8),
            "\(directory)/\(SyncObjects.manifestFile)": Data(try sync.manifest.utf8),
            "\(directory)/kustomization.yaml": Data(Self.kustomization.utf8),
        ]
        let message = "Add Sluice v\(components.version) component manifests" + (commitMessageAppendix.map { "\n\n\($0)" } ?? "")
        let outcome: GitPublisher.Outcome
        do {
            outcome = try await GitPublisher(logger: Logger(label: "sluice.bootstrap") { _ in SwiftLogNoOpLogHandler() })
                .publish(url: url, branch: branch, auth: auth, files: files, keepingExisting: ["\(directory)/kustomization.yaml"],
                         message: message, author: GitSignature(name: authorName, email: authorEmail, when: Date()),
                         timeout: global.timeoutDuration)
        } catch {
            throw CLIError("cannot commit the manifests to \(Self.redacted(url)) (branch \(branch)): \(error)",
                           hint: "check the URL, the branch and the credentials (--private-key-file, or --username/--password)")
        }
        Terminal.err(outcome.pushed ? "✔ committed and pushed component manifests to \"\(branch)\" (\(outcome.commit))"
                                    : "✔ component manifests are up to date")

        Terminal.err("► installing components in \"\(namespace)\" namespace")
        let installer = ComponentsInstaller(client: client)
        try await installer.apply(components, timeout: global.timeoutDuration)
        try await installer.waitForControllers(namespace: namespace, timeout: global.timeoutDuration)

        if let data = secretData(auth) {
            Terminal.err("► applying source secret \"\(namespace)/\(secretName)\"")
            try await installer.applyOne(KubeObject([
                "apiVersion": "v1", "kind": "Secret", "metadata": ["name": .string(secretName), "namespace": .string(namespace)],
                "type": "Opaque", "data": .object(JSONObject(data.map { ($0.key, JSONValue.string(Data($0.value.utf8).base64EncodedString())) }
                    .sorted { $0.0 < $1.0 })),
            ]))
        }
        Terminal.err("► applying sync manifests")
        try await installer.applyOne(sync.gitRepository)
        try await installer.applyOne(sync.kustomization)
        Terminal.err("◎ waiting for GitRepository \"\(namespace)/\(sync.name)\" to be reconciled")
        try await waitReady(.gitRepository, sync, client: client)
        Terminal.err("◎ waiting for Kustomization \"\(namespace)/\(sync.name)\" to be reconciled")
        try await waitReady(.kustomization, sync, client: client)
        Terminal.err("✔ bootstrap finished")
    }

    /// Flux's generated `kustomization.yaml`.
    static let kustomization = """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
        - \(Components.manifestFile)
        - \(SyncObjects.manifestFile)

        """

    /// The credentials from the flags.
    private func gitAuth() throws -> GitAuth {
        var auth = GitAuth(username: username, password: password)
        if let privateKeyFile {
            auth.identity = try Self.read(privateKeyFile, "--private-key-file")
            if FileManager.default.fileExists(atPath: privateKeyFile + ".pub") {
                auth.identityPublic = try Self.read(privateKeyFile + ".pub", "--private-key-file's .pub")
            }
        }
        if let knownHostsFile { auth.knownHosts = try Self.read(knownHostsFile, "--known-hosts-file") }
        if url.hasPrefix("ssh://") || url.range(of: #"^[^/]+@[^/:]+:"#, options: .regularExpression) != nil {
            guard auth.identity != nil else {
                throw CLIError("an ssh URL needs --private-key-file", hint: "the key's public half must be a deploy key with write access")
            }
            guard auth.knownHosts != nil else {
                throw CLIError("an ssh URL needs --known-hosts-file", hint: "ssh-keyscan -p PORT HOST > known_hosts")
            }
        }
        return auth
    }

    /// The Secret's data, as Flux's source secrets: ssh identity or http(s) basic credentials; nil for none.
    private func secretData(_ auth: GitAuth) -> [String: String]? {
        if let identity = auth.identity {
            var data = ["identity": identity, "known_hosts": auth.knownHosts ?? ""]
            if let pub = auth.identityPublic { data["identity.pub"] = pub }
            return data
        }
        if let username = auth.username, let password = auth.password { return ["username": username, "password": password] }
        return nil
    }

    /// Waits until the sync object of `kind` is Ready at its generation, or fails with its message once it failed
    /// having tried.
    private func waitReady(_ kind: FluxKind, _ sync: SyncObjects, client: KubernetesClient) async throws {
        let deadline = ContinuousClock.now + global.timeoutDuration
        var lastMessage = "not reconciled yet"
        while ContinuousClock.now < deadline {
            if let object = try await client.get(kind.gvk, namespace: sync.namespace, name: sync.name),
               let ready = ReconcileWaiter.readyCondition(of: object)
            {
                lastMessage = ready["message"]?.stringValue ?? lastMessage
                if ready["status"]?.stringValue == "True", ReconcileWaiter.observedCurrentGeneration(object) {
                    Terminal.err("✔ \(kind.gvk.kind) reconciled successfully")
                    return
                }
                // Stalled: retrying will not help (a refused URL, an invalid spec); say so now rather than at the timeout.
                let stalled = (object["status", "conditions"]?.arrayValue ?? []).contains {
                    $0["type"]?.stringValue == "Stalled" && $0["status"]?.stringValue == "True"
                }
                if stalled {
                    throw CLIError("\(kind.gvk.kind) \(sync.namespace)/\(sync.name) is stalled: \(lastMessage)",
                                   hint: "fix the cause and run sluice bootstrap git again")
                }
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw CLIError("\(kind.gvk.kind) \(sync.namespace)/\(sync.name) is not ready after \(global.timeout): \(lastMessage)",
                       hint: "are the controllers running? sluice check; sluice events --for \(kind.gvk.kind)/\(sync.name)")
    }

    private static func read(_ path: String, _ flag: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw CLIError("cannot read \(flag) \(path): \(error.localizedDescription)")
        }
    }

    /// The URL without a password, for messages.
    static func redacted(_ url: String) -> String {
        (try? GitURL(url).redacted) ?? "the repository"
    }
}
