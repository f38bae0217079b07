import ArgumentParser

/// `sluice create …`: generate Flux objects and Secrets, print them for Git (`--export`) or apply them and wait for
/// them to be Ready, as `flux create` does.
struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create or update sources and resources.",
        subcommands: [CreateSourceCommand.self, CreateKustomizationCommand.self, CreateHelmReleaseCommand.self, CreateAlertCommand.self,
                      CreateAlertProviderCommand.self, CreateReceiverCommand.self, CreateSecretCommand.self])
}

/// `sluice create source git|helm|oci`.
struct CreateSourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "source",
        abstract: "Create or update sources.",
        subcommands: [CreateSourceGitCommand.self, CreateSourceHelmCommand.self, CreateSourceOCICommand.self])
}

/// `sluice create secret git|helm|oci|tls`.
struct CreateSecretCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret",
        abstract: "Create or update Kubernetes secrets specific to Flux.",
        subcommands: [CreateSecretGitCommand.self, CreateSecretHelmCommand.self, CreateSecretOCICommand.self, CreateSecretTLSCommand.self])
}
