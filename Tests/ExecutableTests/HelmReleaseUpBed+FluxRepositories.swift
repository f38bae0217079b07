import Foundation
import SluiceTestSupport
import Testing

extension HelmReleaseUpBed {
    /// An object the tests wait for: kubectl's resource name, the object's name and namespace.
    typealias ObjectKey = (kind: String, name: String, namespace: String)

    /// Commits `files` to a fresh `<repositoryName>.git` and starts `sluice up --repo <it> --path <path>` (running
    /// until ``stop()``); returns once the API server serves Flux's kinds.
    static func start(files: [String: GitFixture.Content], repositoryName: String, path: String, in directory: URL) async throws -> HelmReleaseUpBed {
        let fixture = try await GitFixture(name: repositoryName)
        try await fixture.commit(files, message: "\(repositoryName): fixture")
        try await fixture.push()
        let up = try ChildProcess("sluice", ["up", "--repo", fixture.bare.path, "--path", path,
                                             "--data", directory.appendingPathComponent("data").path, "--receiver-addr", "127.0.0.1:0"])
        let bed = HelmReleaseUpBed(directory: directory, fixture: fixture, up: up)
        try await bed.waitFor("the API server of sluice up and its CRDs", timeout: .seconds(180)) {
            try await bed.kubectl(["get", "crd", "kustomizations.kustomize.toolkit.fluxcd.io", "-o", "name"]).contains("kustomizations")
        }
        return bed
    }

    /// Waits until every one of `objects` is Ready=True, in order.
    func waitUntilReady(_ objects: [ObjectKey], timeout: Duration = .seconds(600)) async throws {
        for object in objects {
            try await waitFor("\(object.kind) \(object.namespace)/\(object.name) Ready", timeout: timeout) {
                try await isReady(object.kind, object.name, namespace: object.namespace)
            }
        }
    }
}
