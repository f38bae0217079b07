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

    /// The provider for `settings.type`.
    ///
    /// - Throws: ``ProviderError/unsupportedType(_:)``, or the provider's own validation error.
    public static func provider(for settings: ProviderSettings) throws -> any NotificationProvider {
        guard let factory = factories[settings.type] else { throw ProviderError.unsupportedType(settings.type) }
        return try factory(settings)
    }
}
