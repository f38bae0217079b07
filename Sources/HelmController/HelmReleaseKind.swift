import ArgumentParser

/// The kinds the helm-controller's debugging commands take (Flux's names for HelmRelease).
enum HelmReleaseKind: String, ExpressibleByArgument, CaseIterable {
    case helmrelease, helmreleases, hr
}
