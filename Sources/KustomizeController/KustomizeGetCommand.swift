import ArgumentParser
import SluiceAPI
import SluiceCore
import SluiceRuntime

/// `kustomize-controller get kustomizations [-A | -n NAMESPACE]`: the Kustomizations with their applied revision and Ready status.
struct KustomizeGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "List Kustomizations with their revision and Ready status.")

    @Argument(help: "The kind: kustomizations.")
    var kind: KustomizationKind

    @OptionGroup var scope: ListScopeOptions
    @OptionGroup var cluster: ClusterOptions

    func run() async throws {
        print(try await DebugCommandSupport.listing(Kustomization.self, controller: KustomizeController.name, cluster: cluster, scope: scope) {
            $0.status?.lastAppliedRevision
        })
    }
}
