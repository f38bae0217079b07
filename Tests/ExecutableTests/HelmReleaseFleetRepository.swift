import SluiceTestSupport

/// A Git repository laid out as Flux's reference example `fluxcd/flux2-kustomize-helm-example`, with Sluice's own
/// `webapp` chart in place of podinfo:
///
/// - `clusters/staging/apps.yaml`: the Kustomization `apps` (in `flux-system`, beside the GitRepository `flux-system`
///   `sluice up` makes, as `flux bootstrap` does) applying `./apps/staging`;
/// - `apps/base/webapp/`: the namespace, a HelmRepository of the chart repository and a HelmRelease with `spec.chart`;
/// - `apps/base/webapp-oci/`: an OCIRepository selecting the Helm chart layer and a HelmRelease with `chartRef` to it;
/// - `apps/staging/`: both bases, the first HelmRelease's chart version and values patched for staging.
struct HelmReleaseFleetRepository {
    /// The bare repository's name (`fleet.git`).
    static let repositoryName = "fleet"
    /// The GitRepository `sluice up` makes for the repository, Flux's `flux-system`.
    static let gitRepositoryName = "flux-system"
    /// The namespace of the releases.
    static let namespace = "webapp"

    /// The chart repository's URL (the `ChartRepositoryServer`).
    var chartRepositoryURL: String
    /// The OCI repository holding the chart, `oci://host/charts/webapp`.
    var ociRepositoryURL: String
    /// The chart version staging pins for the HelmRelease `webapp`.
    var webappVersion = "1.0.0"
    /// The message staging sets in the values of the HelmRelease `webapp`.
    var message = "hello from staging"
    /// Whether staging includes the `chartRef` HelmRelease (removing it from Git prunes and uninstalls it).
    var includesOCIRelease = true

    /// Every file of the repository.
    var files: [String: GitFixture.Content] {
        [
            "clusters/staging/apps.yaml": .file("""
                ---
                apiVersion: kustomize.toolkit.fluxcd.io/v1
                kind: Kustomization
                metadata:
                  name: apps
                  namespace: flux-system
                spec:
                  interval: 10m
                  retryInterval: 30s
                  timeout: 2m
                  sourceRef:
                    kind: GitRepository
                    name: \(Self.gitRepositoryName)
                  path: ./apps/staging
                  prune: true
                  # The test follows each HelmRelease itself (some are meant to fail); waiting here would hold back the
                  # next commit for the Kustomization's timeout.
                  wait: false

                """),
            "apps/base/webapp/kustomization.yaml": .file("""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: \(Self.namespace)
                resources:
                  - namespace.yaml
                  - repository.yaml
                  - release.yaml

                """),
            "apps/base/webapp/namespace.yaml": .file("""
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: \(Self.namespace)
                  labels:
                    toolkit.fluxcd.io/tenant: dev-team

                """),
            "apps/base/webapp/repository.yaml": .file("""
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: HelmRepository
                metadata:
                  name: webapp
                  namespace: \(Self.namespace)
                spec:
                  interval: 5m
                  url: \(chartRepositoryURL)

                """),
            "apps/base/webapp/release.yaml": .file("""
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata:
                  name: webapp
                  namespace: \(Self.namespace)
                spec:
                  interval: 50m
                  releaseName: webapp
                  timeout: 1m
                  chart:
                    spec:
                      chart: webapp
                      sourceRef:
                        kind: HelmRepository
                        name: webapp
                  install:
                    remediation:
                      retries: 1
                  upgrade:
                    remediation:
                      retries: 1
                      strategy: rollback
                  test:
                    enable: true
                  # Default values
                  values:
                    replicaCount: 1
                    settings:
                      tier: frontend

                """),
            "apps/base/webapp-oci/kustomization.yaml": .file("""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: \(Self.namespace)
                resources:
                  - repository.yaml
                  - release.yaml

                """),
            "apps/base/webapp-oci/repository.yaml": .file("""
                apiVersion: source.toolkit.fluxcd.io/v1
                kind: OCIRepository
                metadata:
                  name: webapp-oci
                  namespace: \(Self.namespace)
                spec:
                  interval: 5m
                  url: \(ociRepositoryURL)
                  insecure: true
                  ref:
                    semver: "1.x"
                  layerSelector:
                    mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip
                    operation: copy

                """),
            "apps/base/webapp-oci/release.yaml": .file("""
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata:
                  name: webapp-oci
                  namespace: \(Self.namespace)
                spec:
                  interval: 50m
                  timeout: 1m
                  chartRef:
                    kind: OCIRepository
                    name: webapp-oci
                  values:
                    message: hello from an OCI chart

                """),
            "apps/staging/kustomization.yaml": .file("""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - ../base/webapp
                \(includesOCIRelease ? "  - ../base/webapp-oci" : "")
                patches:
                  - path: webapp-values.yaml
                    target:
                      kind: HelmRelease
                      name: webapp

                """),
            "apps/staging/webapp-values.yaml": .file("""
                apiVersion: helm.toolkit.fluxcd.io/v2
                kind: HelmRelease
                metadata:
                  name: webapp
                  namespace: \(Self.namespace)
                spec:
                  chart:
                    spec:
                      version: "\(webappVersion)"
                  values:
                    replicaCount: 2
                    message: \(message)

                """),
        ]
    }
}
