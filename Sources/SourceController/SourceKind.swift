import ArgumentParser

/// The kinds the source-controller's debugging commands take, by the names `kubectl` and `flux` accept.
enum SourceKind: String, ExpressibleByArgument, CaseIterable {
    case gitrepository, ocirepository

    init?(argument: String) {
        switch argument.lowercased() {
        case "gitrepository", "gitrepositories", "gitrepo", "gitrepos", "git": self = .gitrepository
        case "ocirepository", "ocirepositories", "ocirepo", "ocirepos", "oci": self = .ocirepository
        default: return nil
        }
    }
}
