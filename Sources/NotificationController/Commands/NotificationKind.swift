import ArgumentParser

/// The kinds `get` lists.
enum NotificationKind: String, ExpressibleByArgument, CaseIterable {
    case alerts, providers, receivers

    init?(argument: String) {
        switch argument.lowercased() {
        case "alerts", "alert": self = .alerts
        case "providers", "provider": self = .providers
        case "receivers", "receiver": self = .receivers
        default: return nil
        }
    }
}
