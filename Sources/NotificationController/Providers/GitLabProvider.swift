import Foundation
import SluiceCore
import SluiceStore

/// `gitlab`: a commit status (`POST /api/v4/projects/{url-encoded path}/statuses/{sha}`) with a `PRIVATE-TOKEN`, as GitLab's API documents it.
struct GitLabProvider: NotificationProvider {
    let settings: ProviderSettings
    let repository: CommitStatus
    let token: String

    init(settings: ProviderSettings) throws {
        self.settings = settings
        repository = try CommitStatus(address: try settings.requireAddress())
        token = try settings.requireGitToken()
    }

    func request(for event: Event) throws -> ProviderRequest? {
        guard let sha = event.commitStatusSHA else { return nil }
        let project = repository.repositoryPath.replacingOccurrences(of: "/", with: "%2F")
        let body: JSONValue = [
            "state": .string(event.severity == .error ? "failed" : "success"),
            "name": .string(CommitStatus.identifier(for: event, providerUID: settings.uid)),
            "description": .string(CommitStatus.description(event, limit: 255)),
        ]
        return ProviderRequest(url: "\(repository.origin)/api/v4/projects/\(project)/statuses/\(sha)",
                               headers: settings.headerFields + [.init("PRIVATE-TOKEN", token)],
                               body: JSONSerializer().bytes(body))
    }
}
