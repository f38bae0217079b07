import ArgumentParser
import Foundation
import SluiceAPIServer

/// `sluice cluster credentials`: a kubeconfig for another user of a local cluster, with a client certificate
/// signed by the data directory's CA.
struct ClusterCredentialsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credentials",
        abstract: "Print a kubeconfig for a user of the local cluster (a client certificate signed by DIR's CA).",
        discussion: """
            The server authenticates the certificate as --user (its CN), in every --group (its O entries) and
            system:authenticated; what the user may do is what RBAC grants it, e.g.
              sluice cluster credentials --data DIR --user alice --group dev > alice.kubeconfig
              kubectl create rolebinding alice-edit --clusterrole edit --user alice -n team-a
            The group system:masters bypasses RBAC, as the admin token does. The kubeconfig holds the
            private key: keep it owner-only. For a ServiceAccount, use
            `kubectl create token NAME -n NS` instead.
            """)

    @Option(name: .customLong("data"), help: "The data directory of `sluice cluster serve` (its CA and kubeconfig).")
    var data: String = ".sluice/cluster"

    @Option(name: .customLong("user"), help: "The user name (the certificate's common name).")
    var user: String

    @Option(name: .customLong("group"), help: "A group of the user (repeatable).")
    var groups: [String] = []

    @Option(name: .customLong("days"), help: "How many days the certificate is valid.")
    var days = 365

    func validate() throws {
        guard days > 0, days <= 3650 else { throw ValidationError("invalid --days \(days): it must be between 1 and 3650") }
    }

    func run() throws {
        let directory = URL(fileURLWithPath: data).standardizedFileURL.path
        do {
            let kubeconfig = try ClusterCredentials.kubeconfig(dataDirectory: directory, user: user, groups: groups,
                                                               validity: TimeInterval(days) * 24 * 3600)
            FileHandle.standardOutput.write(Data(kubeconfig.utf8))
        } catch let error as APIServerError {
            throw ValidationError(error.description)
        }
    }
}
