import SluiceAPI

extension SourceKind {
    /// The API kind, as the store records artifacts under it.
    var kindName: String {
        switch self {
        case .gitrepository: return GitRepository.kind
        case .helmrepository: return HelmRepository.kind
        case .helmchart: return HelmChart.kind
        case .ocirepository: return OCIRepository.kind
        // Its artifacts are stored under the ExternalArtifacts it publishes.
        case .artifactgenerator: return ExternalArtifact.kind
        }
    }
}
