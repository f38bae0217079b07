import ArgumentParser

/// The kinds the source-controller's debugging commands take, by the names `kubectl` and `flux` accept.
enum SourceKind: String, ExpressibleByArgument, CaseIterable {
    case gitrepository
    case helmrepository
    case helmchart
    case ocirepository
    case artifactgenerator

    init?(argument: String) {
        switch argument.lowercased() {
        case "gitrepository", "gitrepositories", "gitrepo", "gitrepos", "git": self = .gitrepository
        case "helmrepository", "helmrepositories", "helmrepo", "helmrepos", "helm": self = .helmrepository
        case "helmchart", "helmcharts", "hc", "chart", "charts": self = .helmchart
        case "ocirepository", "ocirepositories", "ocirepo", "ocirepos", "oci": self = .ocirepository
        case "artifactgenerator", "artifactgenerators", "ag": self = .artifactgenerator
        default: return nil
        }
    }
}
