import SluiceCore
import SluiceStore

/// `gitea`: a commit status (`POST /api/v1/repos/{owner}/{repo}/statuses/{sha}`) with `Authorization: token …`, as Gitea's API documents it.
struct GiteaProvider: NotificationProvider {
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
        let body: JSONValue = [
            "state": .string(event.severity == .error ? "failure" : "success"),
            "context": .string(CommitStatus.identifier(for: event, providerUID: settings.uid)),
            "description": .string(CommitStatus.description(event)),
        ]
        return ProviderRequest(url: "\(repository.origin)/api/v1/repos/\(repository.repositoryPath)/statuses/\(sha)",
                               headers: settings.headerFields + [.init("Authorization", "token \(token)")],
                               body: JSONSerializer().bytes(body))
    }
}
