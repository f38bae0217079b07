import ArgumentParser
import SluiceAPI
import SluiceCore
import SluiceRuntime

/// `helm-controller get helmreleases [-A | -n NAMESPACE]`: the HelmReleases with their revision and Ready status.
struct HelmGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "List HelmReleases with their revision and Ready status.")

    @Argument(help: "The kind: helmreleases (hr).")
    var kind: HelmReleaseKind

    @OptionGroup var scope: ListScopeOptions
    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        print(try await DebugCommandSupport.listing(HelmRelease.self, controller: HelmController.name, cluster: cluster, scope: scope) {
            Self.revision(of: $0)
        })
    }

    /// What `flux get hr` shows as the revision: the latest release's chart version, else the last attempted revision.
    static func revision(of release: HelmRelease) -> String? {
        if let version = release.status?.history?.first?.chartVersion, !version.isEmpty { return version }
        return release.status?.lastAttemptedRevision
    }
}
