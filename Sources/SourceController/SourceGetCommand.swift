import ArgumentParser
import SluiceAPI
import SluiceCore
import SluiceRuntime

/// `source-controller get gitrepositories|helmrepositories|helmcharts [-A | -n NAMESPACE]`: the objects with their revision and Ready status.
struct SourceGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "List objects with their revision and Ready status.")

    @Argument(help: "The kind: gitrepositories, helmrepositories, helmcharts, ocirepositories or artifactgenerators.")
    var kind: SourceKind

    @OptionGroup var scope: ListScopeOptions
    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        switch kind {
        case .gitrepository:
            print(try await DebugCommandSupport.listing(GitRepository.self, controller: SourceController.name, cluster: cluster, scope: scope) {
                $0.status?.artifact?.revision
            })
        case .helmrepository:
            print(try await DebugCommandSupport.listing(HelmRepository.self, controller: SourceController.name, cluster: cluster, scope: scope) {
                $0.status?.artifact?.revision
            })
        case .helmchart:
            print(try await DebugCommandSupport.listing(HelmChart.self, controller: SourceController.name, cluster: cluster, scope: scope) {
                $0.status?.artifact?.revision
            })
        case .ocirepository:
            print(try await DebugCommandSupport.listing(OCIRepository.self, controller: SourceController.name, cluster: cluster, scope: scope) {
                $0.status?.artifact?.revision
            })
        case .artifactgenerator:
            print(try await DebugCommandSupport.listing(ArtifactGenerator.self, controller: SourceController.name, cluster: cluster, scope: scope) {
                $0.status?.observedSourcesDigest
            })
        }
    }
}
