import ArgumentParser

/// The kinds the kustomize-controller's debugging commands take.
enum KustomizationKind: String, ExpressibleByArgument, CaseIterable {
    case kustomization, kustomizations, ks
}
