import Foundation
import Logging
import SluiceCore
import SluiceKustomize
import Synchronization
import Testing

/// One read budget per build: every byte the engine reads — kustomization files, resources, components, patches,
/// generator files and env files, the same file read again — counts against `maxTotalBytes`, and no read is allowed
/// more than what is left.
@Suite struct ReadBudgetTests {
    let logger = Logger(label: "kustomize-budget")

    /// 1,000 bytes of a value.
    static let payload = String(repeating: "x", count: 1000)
    /// A budget of six payloads: one kustomization reading nine fits only without a budget.
    static let budget = 6000

    static func configMap(_ name: String, annotation: String = "") -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n\(annotation)data:\n  key: \(payload)\n"
    }

    /// Builds that each read about nine payloads, through one field each.
    static let cases: [String: [String: String]] = {
        let nine = 1...9
        var cases: [String: [String: String]] = [:]
        cases["generator files"] = [
            "kustomization.yaml": "configMapGenerator:\n- name: big\n  files:\n" + nine.map { "  - k\($0)=big.txt\n" }.joined(),
            "big.txt": payload,
        ]
        cases["secret generator files"] = [
            "kustomization.yaml": "secretGenerator:\n- name: big\n  files:\n" + nine.map { "  - k\($0)=big.txt\n" }.joined(),
            "big.txt": payload,
        ]
        var envs = ["kustomization.yaml": "configMapGenerator:\n- name: big\n  envs:\n" + nine.map { "  - e\($0).env\n" }.joined()]
        for index in nine { envs["e\(index).env"] = "K\(index)=\(payload)\n" }
        cases["generator env files"] = envs
        cases["patches"] = [
            "kustomization.yaml": "resources:\n- cm.yaml\npatches:\n" + nine.map { _ in "- path: patch.yaml\n" }.joined(),
            "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n",
            "patch.yaml": configMap("cm"),
        ]
        var resources = ["kustomization.yaml": "resources:\n" + nine.map { "- b\($0)\n" }.joined()]
        for index in nine {
            resources["b\(index)/kustomization.yaml"] = "resources:\n- cm.yaml\n"
            resources["b\(index)/cm.yaml"] = configMap("cm\(index)")
        }
        cases["resources"] = resources
        var components = ["kustomization.yaml": "resources:\n- cm.yaml\ncomponents:\n" + nine.map { "- c\($0)\n" }.joined(),
                          "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n"]
        for index in nine {
            components["c\(index)/kustomization.yaml"] = "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n- path: patch.yaml\n"
            components["c\(index)/patch.yaml"] = configMap("cm")
        }
        cases["components"] = components
        return cases
    }()

    func build(_ files: [String: String], maxTotalBytes: Int) throws(KustomizeError) -> [KubeObject] {
        try KustomizeBuilder(fileSystem: InMemoryFileSystem(files: files), logger: logger,
                             limits: .init(maxTotalBytes: maxTotalBytes)).build(path: "")
    }

    @Test(arguments: cases.keys.sorted())
    func everyKindOfReadDrawsOnTheOneBudget(_ name: String) throws {
        let files = try #require(Self.cases[name])
        // Within the default budget the build is fine: what fails below is the budget alone.
        #expect(try !build(files, maxTotalBytes: 256 << 20).isEmpty)
        do {
            _ = try build(files, maxTotalBytes: Self.budget)
            Issue.record("\(name): nine reads of 1,000 bytes built within a budget of \(Self.budget) bytes")
        } catch {
            #expect(error.message.hasSuffix("the build has read more than the limit of \(Self.budget) bytes in total"), "\(error)")
            #expect(error.file != nil)
        }
    }

    /// A file system that records how much each read was allowed and returned.
    final class RecordingFileSystem: KustomizeFileSystem {
        let inner: InMemoryFileSystem
        let reads = Mutex<[(limit: Int, returned: Int)]>([])

        init(_ inner: InMemoryFileSystem) { self.inner = inner }

        func entry(at path: String) throws(KustomizeError) -> KustomizeFileEntry? { try inner.entry(at: path) }

        func readFile(_ path: String, limit: Int) throws(KustomizeError) -> [UInt8] {
            let bytes: [UInt8]
            do { bytes = try inner.readFile(path, limit: limit) } catch {
                reads.withLock { $0.append((limit, -1)) }
                throw error
            }
            reads.withLock { $0.append((limit, bytes.count)) }
            return bytes
        }
    }

    @Test func noReadIsAllowedMoreThanWhatIsLeft() throws {
        let fileSystem = RecordingFileSystem(InMemoryFileSystem(files: try #require(Self.cases["generator files"])))
        #expect(throws: KustomizeError.self) {
            try KustomizeBuilder(fileSystem: fileSystem, logger: logger, limits: .init(maxTotalBytes: Self.budget)).build(path: "")
        }
        var used = 0
        for read in fileSystem.reads.withLock({ $0 }) {
            #expect(read.limit <= Self.budget - used, "a read allowed \(read.limit) bytes with \(Self.budget - used) left")
            if read.returned > 0 { used += read.returned }
        }
        #expect(used <= Self.budget)
    }
}
