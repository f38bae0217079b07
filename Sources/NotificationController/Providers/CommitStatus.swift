import Foundation
import SluiceStore

/// What the commit-status providers (`github`, `gitlab`, `gitea`) share: the repository address and the status id.
struct CommitStatus {
    /// `scheme://host[:port]`.
    var origin: String
    /// The host alone.
    var host: String
    /// `owner/repository` (GitLab: the full project path).
    var repositoryPath: String

    /// Parses `https://host/owner/repository[.git]`.
    init(address: String) throws {
        guard let url = URL(string: address), let scheme = url.scheme, let host = url.host else {
            throw ProviderError.invalidRepository(address)
        }
        var path = url.path
        while path.hasPrefix("/") { path.removeFirst() }
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix(".git") { path.removeLast(4) }
        guard path.split(separator: "/").count >= 2 else { throw ProviderError.invalidRepository(address) }
        self.host = host
        origin = url.port.map { "\(scheme)://\(host):\($0)" } ?? "\(scheme)://\(host)"
        repositoryPath = path
    }

    /// Flux's status id: `kind/name/<first part of the Provider's UID>`, lowercase.
    static func identifier(for event: Event, providerUID: String?) -> String {
        let uidPart = providerUID?.split(separator: "-").first.map(String.init) ?? ""
        return "\(event.involvedObject.kind)/\(event.involvedObject.name)/\(uidPart)".lowercased()
    }

    /// The message cut to `limit` characters, as the services bound descriptions.
    static func description(_ event: Event, limit: Int = 140) -> String {
        event.message.count <= limit ? event.message : String(event.message.prefix(limit - 3)) + "..."
    }
}
