import Foundation
import SluiceCore
import SluiceStore
import SluiceTestSupport
import Testing

/// Remote bases and resources fetched by the real `kustomize-controller` (child processes: `build DIR` and
/// `reconcile kustomization`) from real servers on loopback: `git http-backend` over smart HTTP for repositories, a
/// directory served over HTTP for plain files, a listener that never answers for the time limit. Where kustomize
/// itself can build the same input, the output is compared with `kubectl kustomize`'s.
@Suite(.serialized) struct RemoteBaseTests {
    static let controller = "kustomize-controller"

    /// Two repositories served over smart HTTP: `platform.git` (tag `v1`, `main` one commit later, branch `next`) and
    /// `shared.git`, whose `app` includes `platform.git//base?ref=v1` (a remote base including a remote base).
    final class Remotes: Sendable {
        let platform: GitFixture
        let shared: GitFixture
        let platformServer: GitHTTPServer
        let sharedServer: GitHTTPServer
        let v1: String
        let next: String

        var platformURL: String { platformServer.url("platform.git") }
        var sharedURL: String { sharedServer.url("shared.git") }

        static func settings(_ version: String) -> String {
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: remote-settings\ndata:\n  version: \"\(version)\"\n"
        }

        static func start() async throws -> Remotes {
            let platform = try await GitFixture(name: "platform")
            try await platform.commit([
                "base/kustomization.yaml": .file("resources:\n- settings.yaml\n"),
                "base/settings.yaml": .file(settings("1")),
                "escape/kustomization.yaml": .file("resources:\n- passwd.yaml\n"),
                "escape/passwd.yaml": .symlink("../../../../../../../../etc/passwd"),
            ], message: "v1")
            let v1 = try await platform.head()
            try await platform.tag("v1", message: "release 1")
            try await platform.commit(["base/settings.yaml": .file(settings("2"))], message: "v2")
            try await platform.checkout(branch: "next")
            let next = try await platform.commit(["base/settings.yaml": .file(settings("3"))], message: "v3")
            try await platform.checkout(branch: "main")
            try await platform.push()
            let platformServer = try await GitHTTPServer.start(root: platform.served)

            let shared = try await GitFixture(name: "shared")
            try await shared.commit([
                "app/kustomization.yaml": .file("namePrefix: shared-\nresources:\n- \(platformServer.url("platform.git"))//base?ref=v1\n"),
                "kustomization.yaml": .file("resources:\n- root.yaml\n"),
                "root.yaml": .file("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared-root\n"),
            ], message: "app")
            try await shared.push()
            let sharedServer = try await GitHTTPServer.start(root: shared.served)
            return Remotes(platform: platform, shared: shared, platformServer: platformServer, sharedServer: sharedServer, v1: v1, next: next)
        }

        private init(platform: GitFixture, shared: GitFixture, platformServer: GitHTTPServer, sharedServer: GitHTTPServer, v1: String, next: String) {
            self.platform = platform
            self.shared = shared
            self.platformServer = platformServer
            self.sharedServer = sharedServer
            self.v1 = v1
            self.next = next
        }

        func stop() {
            platformServer.stop()
            sharedServer.stop()
            platform.cleanUp()
            shared.cleanUp()
        }
    }

    /// A directory holding `kustomization.yaml` with `text`.
    func kustomization(_ text: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-remote-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: directory.appendingPathComponent("kustomization.yaml"))
        return directory
    }

    func build(_ directory: URL, _ flags: [String] = []) async throws -> ShellResult {
        try await Shell.execute(BuiltExecutables.url(Self.controller).path, ["build", "--root", directory.path, directory.path] + flags)
    }

    /// The objects of multi-document YAML, for comparing data rather than bytes.
    func objects(_ yaml: String) throws -> [JSONValue] {
        try YAMLReader().documents(yaml).map(\.value).filter { !$0.isNull }
    }

    @Test func buildsRefsSubdirectoriesAndNestedRemoteBasesAsKubectlKustomize() async throws {
        guard BuiltExecutables.isBuilt(Self.controller) else { return }
        let remotes = try await Remotes.start()
        defer { remotes.stop() }
        let directory = try kustomization("""
            resources:
            - \(remotes.platformURL)//base?ref=v1
            - \(remotes.sharedURL)//app?ref=main
            - \(remotes.sharedURL)?ref=main
            buildMetadata: [originAnnotations]
            patches:
            - target: {kind: ConfigMap, name: remote-settings}
              patch: '[{"op": "add", "path": "/metadata/labels", "value": {"from": "tag"}}]'
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let built = try await build(directory)
        #expect(built.status == 0, "\(built.stderr)")
        let reference = try await Shell.execute("kubectl", ["kustomize", directory.path])
        #expect(reference.status == 0, "\(reference.stderr)")
        #expect(try objects(built.stdout) == objects(reference.stdout), "\(built.stdout)\n---- kubectl kustomize:\n\(reference.stdout)")
        #expect(built.stdout.contains("name: shared-remote-settings") && built.stdout.contains("version: \"1\""), "\(built.stdout)")

        // A branch, and a commit by sha, each as kubectl kustomize reads them.
        for ref in ["next", remotes.next] {
            let other = try kustomization("resources:\n- \(remotes.platformURL)//base?ref=\(ref)\n")
            defer { try? FileManager.default.removeItem(at: other) }
            let built = try await build(other)
            #expect(built.status == 0, "\(built.stderr)")
            #expect(built.stdout.contains("version: \"3\""), "\(ref): \(built.stdout)")
            let reference = try await Shell.execute("kubectl", ["kustomize", other.path])
            #expect(try objects(built.stdout) == objects(reference.stdout), "\(ref)")
        }
    }

    @Test func readsAnHTTPFileAndRefusesUnderTheFlag() async throws {
        guard BuiltExecutables.isBuilt(Self.controller) else { return }
        let served = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-remote-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: served.appendingPathComponent("manifests"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: served) }
        try Data(Remotes.settings("file").utf8).write(to: served.appendingPathComponent("manifests/settings.yaml"))
        let server = try await ChartRepositoryServer.start(root: served)
        defer { server.stop() }
        let directory = try kustomization("resources:\n- \(server.url("manifests/settings.yaml"))\nnamespace: files\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let built = try await build(directory)
        #expect(built.status == 0, "\(built.stderr)")
        let reference = try await Shell.execute("kubectl", ["kustomize", directory.path])
        #expect(try objects(built.stdout) == objects(reference.stdout))
        #expect(built.stdout.contains("version: file"), "\(built.stdout)")

        let requestsBefore = server.requests.count
        let refused = try await build(directory, ["--no-remote-bases"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("remote resource '\(server.url("manifests/settings.yaml"))' is not allowed; the build reads only the fetched artifact"),
                "\(refused.stderr)")
        #expect(server.requests.count == requestsBefore, "\(server.requests)")
    }

    @Test func refusesALinkLeavingTheRemoteTree() async throws {
        guard BuiltExecutables.isBuilt(Self.controller) else { return }
        let remotes = try await Remotes.start()
        defer { remotes.stop() }
        let directory = try kustomization("resources:\n- \(remotes.platformURL)//escape?ref=v1\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let built = try await build(directory)
        #expect(built.status != 0)
        #expect(built.stderr.contains("\(remotes.platformURL)//escape/passwd.yaml") && !built.stderr.contains("kustomize-remote-"), "\(built.stderr)")
        #expect(!built.stdout.contains("root:"), "\(built.stdout)")
    }

    /// A repository with a real submodule (`vendor/lib`, itself served over smart HTTP). Submodules are not fetched, so
    /// with kustomize's default (`submodules=true`) the build fails naming the repository and the submodule rather than
    /// building from an empty directory, even for a path that does not use it; `?submodules=false` builds as
    /// `kubectl kustomize` does.
    @Test func refusesARepositoryWithASubmoduleUnlessSubmodulesAreOff() async throws {
        guard BuiltExecutables.isBuilt(Self.controller) else { return }
        let library = try await GitFixture(name: "lib")
        defer { library.cleanUp() }
        try await library.commit(["config/kustomization.yaml": .file("resources:\n- settings.yaml\n"),
                                  "config/settings.yaml": .file(Remotes.settings("lib"))], message: "lib")
        try await library.push()
        // The bare repositories' HEAD names `main`, so clones without a ref (the submodule's, kustomize's) check it out.
        try await library.git(["--git-dir", library.bare.path, "symbolic-ref", "HEAD", "refs/heads/main"])
        let libraryServer = try await GitHTTPServer.start(root: library.served)
        defer { libraryServer.stop() }

        let app = try await GitFixture(name: "app")
        defer { app.cleanUp() }
        try await app.commit(["plain/kustomization.yaml": .file("resources:\n- settings.yaml\n"),
                              "plain/settings.yaml": .file(Remotes.settings("plain")),
                              "vendored/kustomization.yaml": .file("resources:\n- ../vendor/lib/config\n")], message: "app")
        try await app.git(["submodule", "add", "-q", libraryServer.url("lib.git"), "vendor/lib"])
        try await app.git(["commit", "-q", "-m", "vendor lib"])
        #expect(try await app.git(["ls-tree", "HEAD", "vendor/lib"]).hasPrefix("160000 commit "))
        try await app.push()
        try await app.git(["--git-dir", app.bare.path, "symbolic-ref", "HEAD", "refs/heads/main"])
        let appServer = try await GitHTTPServer.start(root: app.served)
        defer { appServer.stop() }
        let appURL = appServer.url("app.git")

        for path in ["vendored", "plain", "plain?submodules=true"] {
            let directory = try kustomization("resources:\n- \(appURL)//\(path)\n")
            defer { try? FileManager.default.removeItem(at: directory) }
            let refused = try await build(directory)
            #expect(refused.status != 0, "\(path): \(refused.stdout)")
            #expect(refused.stderr.contains("remote base '\(appURL)//\(path)': submodules are not supported: 'vendor/lib' is a submodule"),
                    "\(path): \(refused.stderr)")
            #expect(!refused.stderr.contains("kustomize-remote-"), "\(refused.stderr)")
        }
        // kustomize itself fetches the submodule: the refusal is instead of its content, never an empty directory.
        let vendored = try kustomization("resources:\n- \(appURL)//vendored\n")
        defer { try? FileManager.default.removeItem(at: vendored) }
        let kustomize = try await Shell.execute("kubectl", ["kustomize", vendored.path])
        #expect(kustomize.status == 0 && kustomize.stdout.contains("version: lib"), "\(kustomize.stdout)\(kustomize.stderr)")

        let plain = try kustomization("resources:\n- \(appURL)//plain?submodules=false\n")
        defer { try? FileManager.default.removeItem(at: plain) }
        let built = try await build(plain)
        #expect(built.status == 0 && built.stdout.contains("version: plain"), "\(built.stdout)\(built.stderr)")
        let reference = try await Shell.execute("kubectl", ["kustomize", plain.path])
        #expect(reference.status == 0, "\(reference.stderr)")
        #expect(try objects(built.stdout) == objects(reference.stdout), "\(built.stdout)\n---- kubectl kustomize:\n\(reference.stdout)")
    }

    @Test func boundsSizeAndTimeNamingTheURL() async throws {
        guard BuiltExecutables.isBuilt(Self.controller) else { return }
        let remotes = try await Remotes.start()
        defer { remotes.stop() }
        // Incompressible bytes: the pack the server sends is at least as large as the file.
        var generator = SplitMix(state: 18)
        let noise = (0..<(256 << 10)).map { _ in String(format: "%02x", UInt8(truncatingIfNeeded: generator.next())) }.joined()
        try await remotes.platform.commit(["large/kustomization.yaml": .file("resources:\n- data.yaml\n"),
                                           "large/data.yaml": .file(Remotes.settings(noise))], message: "large")
        try await remotes.platform.push()
        let large = try kustomization("resources:\n- \(remotes.platformURL)//large?ref=main\n")
        defer { try? FileManager.default.removeItem(at: large) }
        let tooLarge = try await build(large, ["--remote-bases-max-size", "65536"])
        #expect(tooLarge.status != 0)
        #expect(tooLarge.stderr.contains(remotes.platformURL) && tooLarge.stderr.contains("more than the limit of 65536 bytes"), "\(tooLarge.stderr)")

        let silent = try SilentTCPServer()
        defer { silent.stop() }
        let stalled = "http://127.0.0.1:\(silent.port)/team/deploy//base?timeout=2s"
        let slow = try kustomization("resources:\n- \(stalled)\n")
        defer { try? FileManager.default.removeItem(at: slow) }
        let timedOut = try await build(slow, ["--remote-bases-timeout", "3s"])
        #expect(timedOut.status != 0)
        #expect(timedOut.stderr.contains(stalled) && timedOut.stderr.contains("timed out"), "\(timedOut.stderr)")
    }

    @Test func theControllerAppliesARemoteBaseAndKeepsItWhenFetchingFails() async throws {
        guard BuiltExecutables.isBuilt(Self.controller) else { return }
        let remotes = try await Remotes.start()
        defer { remotes.stop() }
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        try await bed.publish(["deploy/kustomization.yaml": "resources:\n- \(remotes.platformURL)//base?ref=v1\n"])
        try await bed.applyKustomization("remote")
        func reconcile(_ flags: [String] = []) async throws -> String {
            let result = try await Shell.execute(BuiltExecutables.url(Self.controller).path,
                                                 ["reconcile", "kustomization", "default/remote", "--kubeconfig", bed.cluster.kubeconfig,
                                                  "--store", bed.store.path, "--log-level", "error"] + flags)
            return "exit \(result.status)\n\(result.stdout)\(result.stderr)"
        }
        let applied = try await reconcile()
        #expect(applied.hasPrefix("exit 0"), "\(applied)")
        #expect(try await bed.object("v1", "ConfigMap", "remote-settings")?["data", "version"]?.stringValue == "1")

        // Refused under the flag with the message the build always gave: nothing applied, nothing pruned.
        let refused = try await reconcile(["--no-remote-bases"])
        #expect(!refused.hasPrefix("exit 0") && refused.contains("is not allowed; the build reads only the fetched artifact"), "\(refused)")
        #expect(try await bed.object("v1", "ConfigMap", "remote-settings") != nil)

        // A server that never answers: the time limit, an error naming the URL, nothing pruned.
        let silent = try SilentTCPServer()
        defer { silent.stop() }
        let stalled = "http://127.0.0.1:\(silent.port)/team/deploy//base?timeout=2s"
        try await bed.publish(["deploy/kustomization.yaml": "resources:\n- \(stalled)\n"])
        let timedOut = try await reconcile(["--remote-bases-timeout", "3s"])
        #expect(!timedOut.hasPrefix("exit 0") && timedOut.contains(stalled) && timedOut.contains("timed out"), "\(timedOut)")
        #expect(try await bed.object("v1", "ConfigMap", "remote-settings") != nil)
    }

    /// kustomize's remoteloader cases that a server can serve: `?version=` as `?ref=`, `?timeout=` in seconds, a repository
    /// that does not exist (named), an http file the server does not have (kustomize's words).
    @Test func followsKustomizesQueryAndNamesWhatIsMissing() async throws {
        guard BuiltExecutables.isBuilt(Self.controller) else { return }
        let remotes = try await Remotes.start()
        defer { remotes.stop() }
        let directory = try kustomization("resources:\n- \(remotes.platformURL)//base?version=next&timeout=500\n")
        defer { try? FileManager.default.removeItem(at: directory) }
        let built = try await build(directory)
        #expect(built.status == 0 && built.stdout.contains("version: \"3\""), "\(built.stdout)\(built.stderr)")
        let reference = try await Shell.execute("kubectl", ["kustomize", directory.path])
        #expect(try objects(built.stdout) == objects(reference.stdout))

        let missingRepository = remotes.platformServer.url("absent.git") + "//base"
        let absent = try kustomization("resources:\n- \(missingRepository)\n")
        defer { try? FileManager.default.removeItem(at: absent) }
        let notFound = try await build(absent)
        #expect(notFound.status != 0 && notFound.stderr.contains(missingRepository), "\(notFound.stderr)")

        let served = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-remote-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: served) }
        let server = try await ChartRepositoryServer.start(root: served)
        defer { server.stop() }
        let missingFile = try kustomization("resources:\n- \(server.url("absent.yaml"))\n")
        defer { try? FileManager.default.removeItem(at: missingFile) }
        let words = "accumulating resources from '\(server.url("absent.yaml"))': HTTP Error: status code 404 (Not Found)"
        let failed = try await build(missingFile)
        #expect(failed.status != 0 && failed.stderr.contains(words), "\(failed.stderr)")
        let kustomize = try await Shell.execute("kubectl", ["kustomize", missingFile.path])
        #expect(kustomize.status != 0 && kustomize.stderr.contains(words), "\(kustomize.stderr)")
    }
}
