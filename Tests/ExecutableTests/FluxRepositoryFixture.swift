import Foundation
import SluiceTestSupport
import Testing

/// A repository tree under `Tests/ExecutableTests/Fixtures/flux-repos`, shaped like a public Flux repository (see the
/// README there), read into the files of a Git commit with its placeholder hosts replaced by loopback servers.
struct FluxRepositoryFixture: Sendable, CustomTestStringConvertible {
    /// The directory holding the fixture trees and their charts.
    static let root = BuiltExecutables.repositoryRoot.appendingPathComponent("Tests/ExecutableTests/Fixtures/flux-repos")

    /// The placeholder host of chart repository URLs (`http://charts.sluice.invalid/<repository>`).
    static let chartsHost = "charts.sluice.invalid"
    /// The placeholder host of OCI repository URLs (`oci://registry.sluice.invalid/<repository>`).
    static let registryHost = "registry.sluice.invalid"

    /// `stefanprodan/podinfo`, path `./kustomize`.
    static let podinfo = FluxRepositoryFixture(name: "podinfo")
    /// `fluxcd/flux2-kustomize-helm-example`, path `./clusters/staging`.
    static let kustomizeHelmExample = FluxRepositoryFixture(name: "flux2-kustomize-helm-example")
    /// `fluxcd/flux2-multi-tenancy`, path `./clusters/staging`.
    static let multiTenancy = FluxRepositoryFixture(name: "flux2-multi-tenancy")
    /// The branch `dev-team` of `fluxcd/flux2-multi-tenancy`: the tenant's repository, path `./staging`.
    static let multiTenancyDevTeam = FluxRepositoryFixture(name: "flux2-multi-tenancy-dev-team")
    /// A stand-in for kyverno's install manifests, pushed as the OCI artifact multi-tenancy's `kyverno-controller` pulls.
    static let kyvernoManifests = FluxRepositoryFixture(name: "kyverno-manifests")

    /// The placeholder host of Git URLs served over HTTP (`http://git.sluice.invalid/<repository>.git`).
    static let gitHost = "git.sluice.invalid"

    /// The tree's directory name under ``root``.
    var name: String

    var testDescription: String { name }

    /// The tree on disk.
    var directory: URL { Self.root.appendingPathComponent(name) }

    /// Every regular file of the tree (dot files too, such as `.sourceignore`) by its path in the tree, with each
    /// placeholder host (`hosts` keys, such as ``chartsHost``) replaced by its value (such as `127.0.0.1:PORT`).
    func files(hosts: [String: String] = [:]) throws -> [String: GitFixture.Content] {
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw ChildProcessError("cannot read the fixture \(directory.path)")
        }
        var files: [String: GitFixture.Content] = [:]
        let prefix = directory.standardizedFileURL.path + "/"
        for case let url as URL in walker where try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true {
            var text = try String(contentsOf: url, encoding: .utf8)
            for (placeholder, host) in hosts { text = text.replacingOccurrences(of: placeholder, with: host) }
            files[String(url.standardizedFileURL.path.dropFirst(prefix.count))] = .file(text)
        }
        return files
    }
}
