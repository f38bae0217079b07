import SluiceAPI
import SluiceCore

/// A Flux kind as the command line names it: `source git`, `kustomization`, `helmrelease` …
enum FluxKind: CaseIterable, Sendable {
    case gitRepository, helmRepository, helmChart, ociRepository, externalArtifact, artifactGenerator, kustomization, helmRelease, alert, provider, receiver

    /// The group, version and kind.
    var gvk: GroupVersionKind {
        switch self {
        case .gitRepository: GitRepository.gvk
        case .helmRepository: HelmRepository.gvk
        case .helmChart: HelmChart.gvk
        case .ociRepository: OCIRepository.gvk
        case .externalArtifact: ExternalArtifact.gvk
        case .artifactGenerator: ArtifactGenerator.gvk
        case .kustomization: Kustomization.gvk
        case .helmRelease: HelmRelease.gvk
        case .alert: Alert.gvk
        case .provider: Provider.gvk
        case .receiver: Receiver.gvk
        }
    }

    /// Flux's heading for a table of this kind, such as `gitrepository`.
    var heading: String { gvk.kind.lowercased() }

    /// Whether the kind reconciles on an interval and reports `Ready` (an ExternalArtifact is written by its producer).
    var isReconcilable: Bool { self != .provider && self != .externalArtifact }

    /// The revision a table shows: the artifact's for sources, the last applied one for appliers.
    func revision(of object: KubeObject) -> String? {
        switch self {
        case .gitRepository, .helmRepository, .helmChart, .ociRepository, .externalArtifact: object["status", "artifact", "revision"]?.stringValue
        case .artifactGenerator: object["status", "observedSourcesDigest"]?.stringValue
        case .kustomization: object["status", "lastAppliedRevision"]?.stringValue
        case .helmRelease: HelmReleaseView(object).revision
        case .alert, .provider, .receiver: nil
        }
    }

    /// What `flux reconcile` prints after a reconciliation succeeds: `fetched revision …` for sources, `applied
    /// revision …` for appliers; nil for the rest.
    func successMessage(for object: KubeObject) -> String? {
        guard let revision = revision(of: object), !revision.isEmpty else { return nil }
        switch self {
        case .gitRepository, .helmRepository, .helmChart, .ociRepository, .externalArtifact: return "fetched revision \(revision)"
        case .artifactGenerator: return "generated artifacts from sources \(revision)"
        case .kustomization, .helmRelease: return "applied revision \(revision)"
        case .alert, .provider, .receiver: return nil
        }
    }

    /// Reads a kind from the leading words of `words` (`source git`, `ks`, `kustomizations`, `GitRepository` …) and returns the words left.
    static func parse(_ words: [String]) throws -> (kind: FluxKind, rest: [String]) {
        guard let first = words.first?.lowercased() else {
            throw CLIError("missing a kind", hint: "name one of: source git, source helm, source chart, source oci, externalartifact, artifactgenerator, kustomization, helmrelease, alert, provider, receiver")
        }
        if ["source", "sources"].contains(first) {
            guard let second = words.dropFirst().first?.lowercased() else {
                throw CLIError("missing the source type after '\(first)'", hint: "use 'source git', 'source helm', 'source chart', 'source oci', 'source externalartifact' or 'source artifactgenerator'")
            }
            let kind: FluxKind? = switch second {
            case "git": .gitRepository
            case "helm": .helmRepository
            case "chart": .helmChart
            case "oci": .ociRepository
            case "externalartifact", "externalartifacts", "ea": .externalArtifact
            case "artifactgenerator", "artifactgenerators", "ag": .artifactGenerator
            default: nil
            }
            guard let kind else { throw CLIError("unknown source type '\(second)'", hint: "use 'source git', 'source helm', 'source chart', 'source oci', 'source externalartifact' or 'source artifactgenerator'") }
            return (kind, Array(words.dropFirst(2)))
        }
        guard let kind = FluxKind(word: first) else {
            throw CLIError("unknown kind '\(words[0])'", hint: "name one of: source git, source helm, source chart, source oci, externalartifact, artifactgenerator, kustomization, helmrelease, alert, provider, receiver")
        }
        return (kind, Array(words.dropFirst()))
    }

    /// A kind from one word: its Kubernetes kind, plural, or Flux's short name, in any case.
    init?(word: String) {
        let word = word.lowercased()
        let found = FluxKind.allCases.first { kind in
            let name = kind.gvk.kind.lowercased()
            return word == name || word == name + "s" || word == name + "es" || kind.shortNames.contains(word)
        }
        guard let found else { return nil }
        self = found
    }

    /// Short names kubectl and flux accept.
    var shortNames: [String] {
        switch self {
        case .gitRepository: ["gitrepo", "gitrepos", "git"]
        case .helmRepository: ["helmrepo", "helmrepos"]
        case .helmChart: ["hc"]
        case .ociRepository: ["ocirepo", "ocirepos"]
        case .externalArtifact: ["ea"]
        case .artifactGenerator: ["ag"]
        case .kustomization: ["ks"]
        case .helmRelease: ["hr"]
        case .alert, .provider, .receiver: []
        }
    }
}
