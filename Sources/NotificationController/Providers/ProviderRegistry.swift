import SluiceStore

/// The provider types by name, as Flux registers them.
public enum ProviderRegistry {
    /// Makes a provider from its settings.
    public typealias Factory = @Sendable (ProviderSettings) throws -> any NotificationProvider

    /// Every supported type.
    public static let factories: [String: Factory] = [
        "generic": { try GenericProvider(settings: $0) },
        "generic-hmac": { try GenericHMACProvider(settings: $0) },
        "slack": { try SlackProvider(settings: $0) },
        "discord": { try DiscordProvider(settings: $0) },
        "rocket": { try RocketProvider(settings: $0) },
        "msteams": { try MSTeamsProvider(settings: $0) },
        "googlechat": { try GoogleChatProvider(settings: $0) },
        "alertmanager": { try AlertmanagerProvider(settings: $0) },
        "github": { try GitHubProvider(settings: $0) },
        "gitlab": { try GitLabProvider(settings: $0) },
        "gitea": { try GiteaProvider(settings: $0) },
    ]

    /// The types that set commit statuses.
    public static let commitStatusTypes: Set<String> = ["github", "gitlab", "gitea"]
    /// The types that forward every event as it is.
    public static let genericTypes: Set<String> = ["generic", "generic-hmac"]

    /// Whether a provider of `type` is sent `event`, as Flux's event server decides: a commit-status update
    /// (`commit_status: update`, the kustomize-controller's `Reconciliation finished` event) goes only to the
    /// commit-status and generic providers; a commit-status provider takes only those, events naming a commit, and errors.
    public static func takes(_ event: Event, type: String) -> Bool {
        let commitStatus = commitStatusTypes.contains(type)
        if !commitStatus && !genericTypes.contains(type) && event.isCommitStatusUpdate { return false }
        if commitStatus && !event.hasCommitKey && !event.isCommitStatusUpdate && event.severity != .error { return false }
        return true
    }

    /// The provider for `settings.type`.
    ///
    /// - Throws: ``ProviderError/unsupportedType(_:)``, or the provider's own validation error.
    public static func provider(for settings: ProviderSettings) throws -> any NotificationProvider {
        guard let factory = factories[settings.type] else { throw ProviderError.unsupportedType(settings.type) }
        return try factory(settings)
    }
}
