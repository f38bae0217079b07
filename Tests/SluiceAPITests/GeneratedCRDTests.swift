import Foundation
import SluiceAPI
import SluiceCore
import SluiceTestSupport
import Testing

/// The committed `Config/crd` matches what the types generate, and kustomize can build it.
@Suite struct GeneratedCRDTests {
    @Test("Config/crd is up to date with Sources/SluiceAPI")
    func upToDate() throws {
        let renderer = CustomResourceDefinitionRenderer()
        let differences = renderer.differences(between: try renderer.files(), and: RepositoryRoot.crdDirectory)
        #expect(differences.isEmpty, """
            Config/crd is out of date: \(differences.map(\.description).joined(separator: ", ")).
            Regenerate it with `swift run sluice-crdgen` from the package root.
            """)
    }

    @Test("generated files read back as the CRDs they were rendered from")
    func filesParse() throws {
        let renderer = CustomResourceDefinitionRenderer()
        let files = try renderer.files()
        #expect(files.count == APIScheme.resources.count + 1)
        for resource in APIScheme.resources {
            let file = try #require(files.first { $0.path == "bases/" + renderer.fileName(for: resource) })
            let objects = try ManifestReader().objects(file.contents, source: file.path)
            #expect(objects.count == 1)
            #expect(objects.first?.value == renderer.definition(for: resource))
        }
    }

    @Test(.enabled(if: Kubectl.path != nil, "kubectl is not on PATH; skipping `kubectl kustomize Config/crd`"))
    func kubectlKustomize() async throws {
        let result = try await Kubectl.run(["kustomize", RepositoryRoot.crdDirectory.path])
        #expect(result.status == 0, "kubectl kustomize failed: \(result.error)")
        let objects = try ManifestReader().objects(result.output, source: "kubectl kustomize")
        let crds = objects.filter { $0.kind == "CustomResourceDefinition" }
        #expect(crds.count == APIScheme.resources.count)
        #expect(Set(crds.map(\.name)) == Set(APIScheme.resources.map { "\($0.plural).\($0.group)" }))
    }
}

/// Finds and runs `kubectl`.
enum Kubectl {
    /// `kubectl` on `PATH`, if any.
    static let path: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        for directory in directories {
            let candidate = "\(directory)/kubectl"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    static func run(_ arguments: [String]) async throws -> (status: Int32, output: String, error: String) {
        let result = try await Shell.execute(try #require(path), arguments)
        return (result.status, result.stdout, result.stderr)
    }
}
