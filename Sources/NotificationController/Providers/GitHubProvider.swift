import SluiceCore
import SluiceStore

/// `github`: a commit status on the event's revision (`POST /repos/{owner}/{repo}/statuses/{sha}`), as GitHub's REST API documents it.
///
/// `github.com` goes to `api.github.com`; any other host is GitHub Enterprise at `<host>/api/v3`.
struct GitHubProvider: NotificationProvider {
    let settings: ProviderSettings
    let repository: CommitStatus
    let token: String

    init(settings: ProviderSettings) throws {
        self.settings = settings
        repository = try CommitStatus(address: try settings.requireAddress())
        token = try settings.requireGitToken()
    }

    var apiBase: String { repository.host == "github.com" ? "https://api.github.com" : repository.origin + "/api/v3" }

    func request(for event: Event) throws -> ProviderRequest? {
        guard let sha = event.commitStatusSHA else { return nil }
        let body: JSONValue = [
            "state": .string(event.severity == .error ? "failure" : "success"),
            "context": .string(CommitStatus.identifier(for: event, providerUID: settings.uid)),
            "description": .string(CommitStatus.description(event)),
        ]
        return ProviderRequest(
            url: "\(apiBase)/repos/\(repository.repositoryPath)/statuses/\(sha)",
            headers: settings.headerFields + [.init("Accept", "application/vnd.github+json"), .init("Authorization", "Bearer \(token)")],
            body: JSONSerializer().bytes(body))
    }
}
