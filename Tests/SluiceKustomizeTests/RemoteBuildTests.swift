import Logging
import SluiceCore
import SluiceKustomize
import Synchronization
import Testing

/// The engine's side of remote bases: what it asks its ``KustomizeRemoteLoader`` for and how it builds what comes
/// back. The loader here serves in-memory trees (the network side is tested against real Git and HTTP servers in
/// KustomizeControllerTests).
@Suite struct RemoteBuildTests {
    let logger = Logger(label: "kustomize-remote")

    /// Serves fixed repositories by clone URL and files by URL, counting what it was asked.
    final class TreeLoader: KustomizeRemoteLoader {
        let repositories: [String: [String: String]]
        let files: [String: String]
        let asked = Mutex<[String]>([])

        init(repositories: [String: [String: String]] = [:], files: [String: String] = [:]) {
            self.repositories = repositories
            self.files = files
        }

        func fetchFile(url: String, limit: Int) throws(KustomizeError) -> KustomizeRemoteFile {
            asked.withLock { $0.append("file \(url)") }
            guard let text = files[url] else { return .status(404) }
            return .content(Array(text.utf8))
        }

        func fetchRepository(_ reference: KustomizeRemoteReference) throws(KustomizeError) -> any KustomizeFileSystem {
            asked.withLock { $0.append("repository \(reference.cloneURL) \(reference.ref ?? "-")") }
            guard let tree = repositories[reference.cloneURL] else { throw KustomizeError("repository not found: \(reference.cloneURL)") }
            return InMemoryFileSystem(files: tree)
        }
    }

    static let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - image: nginx\n    name: web\n"
    static let repository = [
        "base/kustomization.yaml": "resources:\n- pod.yaml\n",
        "base/pod.yaml": pod,
        "overlay/kustomization.yaml": "namePrefix: o-\nresources:\n- ../base\n",
        "escape/kustomization.yaml": "resources:\n- ../../local\n",
        "self/kustomization.yaml": "resources:\n- https://git.example.net/team/deploy//self\n",
    ]

    func build(_ local: [String: String], loader: TreeLoader?, limits: KustomizeBuilder.Limits = .init()) throws -> [KubeObject] {
        var builder = KustomizeBuilder(fileSystem: InMemoryFileSystem(files: local), logger: logger, limits: limits)
        builder.remoteLoader = loader
        return try builder.build(path: "")
    }

    @Test func buildsARemoteBaseWithItsOwnRelativeBases() throws {
        let loader = TreeLoader(repositories: ["https://git.example.net/team/deploy": Self.repository])
        let objects = try build(["kustomization.yaml": "namespace: prod\nresources:\n- https://git.example.net/team/deploy//overlay?ref=v2\n"],
                                loader: loader)
        #expect(objects.map(\.name) == ["o-web"])
        #expect(objects.first?.namespace == "prod")
        #expect(loader.asked.withLock { $0 } == ["file https://git.example.net/team/deploy//overlay?ref=v2",
                                                  "repository https://git.example.net/team/deploy v2"])
    }

    @Test func writesTheRemoteOriginAsKustomizeDoes() throws {
        let loader = TreeLoader(repositories: ["https://github.com/acme/platform": Self.repository])
        let objects = try build(["kustomization.yaml": "buildMetadata: [originAnnotations]\nresources:\n- github.com/acme/platform/base?ref=v1.0.0\n"],
                                loader: loader)
        let origin = objects.first?["metadata", "annotations", "config.kubernetes.io/origin"]?.stringValue
        #expect(origin == "path: base/pod.yaml\nrepo: https://github.com/acme/platform\nref: v1.0.0\n")
    }

    @Test func refusesReferencesLeavingTheRepository() {
        let loader = TreeLoader(repositories: ["https://git.example.net/team/deploy": Self.repository])
        #expect {
            try build(["kustomization.yaml": "resources:\n- https://git.example.net/team/deploy//escape\n", "local/kustomization.yaml": "resources: []\n"],
                      loader: loader)
        } throws: { error in
            "\(error)".contains("must be within the repo") && "\(error)".contains("https://git.example.net/team/deploy//escape/kustomization.yaml")
        }
    }

    @Test func detectsARepositoryIncludingItself() {
        let loader = TreeLoader(repositories: ["https://git.example.net/team/deploy": Self.repository])
        #expect {
            try build(["kustomization.yaml": "resources:\n- https://git.example.net/team/deploy//self\n"], loader: loader)
        } throws: { error in "\(error)".contains("cycle detected") }
    }

    @Test func boundsTheNumberOfRemoteRoots() {
        let loader = TreeLoader(repositories: ["https://git.example.net/team/deploy": Self.repository,
                                               "https://git.example.net/team/other": Self.repository])
        #expect {
            try build(["kustomization.yaml": "resources:\n- https://git.example.net/team/deploy//base\n- https://git.example.net/team/other//overlay\n"],
                      loader: loader, limits: .init(maxRemoteRoots: 1))
        } throws: { error in "\(error)".contains("more than the limit of 1 remote roots") }
    }

    @Test func readsAnHTTPFileAsAResource() throws {
        let loader = TreeLoader(files: ["https://files.example.net/app/pod.yaml": Self.pod])
        let objects = try build(["kustomization.yaml": "resources:\n- https://files.example.net/app/pod.yaml\n"], loader: loader)
        #expect(objects.map(\.name) == ["web"])
        #expect(loader.asked.withLock { $0 } == ["file https://files.example.net/app/pod.yaml"])
    }

    @Test func namesTheURLOfAFileThatIsNotFound() {
        let loader = TreeLoader()
        #expect {
            try build(["kustomization.yaml": "resources:\n- https://files.example.net/pod.yaml\n"], loader: loader)
        } throws: { error in "\(error)".contains("'https://files.example.net/pod.yaml': HTTP Error: status code 404") }
    }

    @Test func refusesRemoteWithoutALoaderAsBefore() {
        #expect {
            try build(["kustomization.yaml": "resources:\n- https://git.example.net/team/deploy//base\n"], loader: nil)
        } throws: { error in
            "\(error)".contains("remote resource 'https://git.example.net/team/deploy//base' is not allowed; the build reads only the fetched artifact")
        }
    }
}
