import Foundation
import SluiceTestSupport
import Testing

/// Repositories shaped like the three public Flux repositories (`Fixtures/flux-repos`, see its README), synced by
/// `sluice up --repo … --path …` as a new user would run it, every part real: the API server and the four controller
/// processes, a chart repository and the real `docker-registry` for the charts, kubectl to look.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.isBuilt("helm-controller")
    && BuiltExecutables.kubectl != nil && RegistryServer.isAvailable, "needs the built executables, kubectl and docker-registry"))
struct FluxRepositoriesEndToEndTests {
    /// Where `flux bootstrap` (and `sluice up`) put the sync objects.
    static let fluxSystem = "flux-system"

    /// A scratch directory for one test.
    private static func scratch(_ name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// What `sluice up --once` left behind.
    struct UpOnce {
        var status: Int32
        var stderr: String
        /// The commit synced.
        var head: String
        /// `sluice up --data`.
        var data: URL
        /// The cluster, reopened with `sluice cluster serve` for kubectl.
        var cluster: LocalCluster

        /// `sluice up`'s output and the tails of the controllers' logs, for a failure message.
        var report: String {
            var text = "--- sluice up\n\(stderr.suffix(8000))\n"
            for name in ["source-controller", "kustomize-controller", "helm-controller"] {
                let log = (try? String(contentsOf: data.appendingPathComponent("logs/\(name).log"), encoding: .utf8)) ?? ""
                text += "--- \(name) (last 30 lines)\n" + log.split(separator: "\n").suffix(30).joined(separator: "\n") + "\n"
            }
            return text
        }

        /// `kubectl get KIND NAME -n NAMESPACE -o jsonpath={PATH}` (the namespace is ignored for cluster-scoped kinds).
        func field(_ kind: String, _ name: String, namespace: String = "default", _ path: String) async throws -> String {
            try await cluster.kubectl(["get", kind, name, "-n", namespace, "-o", "jsonpath={\(path)}"])
        }
    }

    /// Commits `fixture`'s files (placeholder hosts replaced by `hosts`) to a fresh Git repository and runs
    /// `sluice up --once --repo <it> --path <path>` to its end (all Ready, or a failure); then reopens the cluster it
    /// left behind with `sluice cluster serve`, for kubectl.
    private static func upOnce(_ fixture: FluxRepositoryFixture, hosts: [String: String] = [:], path: String, in directory: URL) async throws -> UpOnce {
        let git = try await GitFixture(name: fixture.name)
        defer { git.cleanUp() }
        let head = try await git.commit(try fixture.files(hosts: hosts), message: "\(fixture.name): fixture")
        try await git.push()
        let data = directory.appendingPathComponent("data")
        let up = try await ChildProcess.run("sluice", ["up", "--once", "--repo", git.bare.path, "--path", path, "--data", data.path,
                                                       "--receiver-addr", "127.0.0.1:0", "--timeout", "4m"], timeout: .seconds(400))
        let cluster = try await LocalCluster(directory: data.appendingPathComponent("cluster"), timeout: .seconds(60))
        return UpOnce(status: up.status, stderr: up.stderr, head: head, data: data, cluster: cluster)
    }

    /// `stefanprodan/podinfo` path `./kustomize`: `sluice up --once` exits 0 once the sync is Ready, and the cluster it
    /// leaves behind (reopened with `sluice cluster serve`) holds the Deployment, the Service and the
    /// HorizontalPodAutoscaler `autoscaling/v2` as written.
    @Test func podinfoKustomizeSyncsOnceWithItsHorizontalPodAutoscaler() async throws {
        let directory = try Self.scratch("podinfo")
        defer { try? FileManager.default.removeItem(at: directory) }
        let up = try await Self.upOnce(.podinfo, path: "./kustomize", in: directory)
        defer { up.cluster.stopNow() }
        #expect(up.status == 0, "\(up.report)")
        let cluster = up.cluster
        func field(_ kind: String, _ name: String, namespace: String = "default", _ path: String) async throws -> String {
            try await up.field(kind, name, namespace: namespace, path)
        }
        // The sync objects `flux bootstrap` would have made.
        for kind in ["gitrepository", "kustomization"] {
            await #expect(try field(kind, Self.fluxSystem, namespace: Self.fluxSystem, #".status.conditions[?(@.type=="Ready")].status"#) == "True")
        }
        // Applied as written (no namespace in the repository: the default one).
        await #expect(try field("horizontalpodautoscalers.v2.autoscaling", "podinfo", ".apiVersion") == "autoscaling/v2")
        await #expect(try field("hpa", "podinfo", ".spec.scaleTargetRef.name") == "podinfo")
        await #expect(try field("hpa", "podinfo", ".spec.minReplicas") + "-" + field("hpa", "podinfo", ".spec.maxReplicas") == "2-4")
        await #expect(try field("hpa", "podinfo", ".spec.metrics[0].resource.target.averageUtilization") == "99")
        await #expect(try field("hpa", "podinfo", ".metadata.labels.kustomize\\.toolkit\\.fluxcd\\.io/name") == Self.fluxSystem)
        await #expect(try field("deployment", "podinfo", ".spec.template.spec.containers[0].image") == "ghcr.io/stefanprodan/podinfo:6.9.0")
        await #expect(try field("deployment", "podinfo", ".spec.strategy.rollingUpdate.maxUnavailable") == "0")
        await #expect(try field("service", "podinfo", ".spec.ports[*].name") == "http grpc")
        await #expect(try cluster.kubectl(["get", "hpa,deployments,services", "-n", "default", "-o", "name",
                                           "-l", "kustomize.toolkit.fluxcd.io/namespace=\(Self.fluxSystem)"])
            .split(separator: "\n").sorted() == ["deployment.apps/podinfo", "horizontalpodautoscaler.autoscaling/podinfo", "service/podinfo"])
    }

    /// `fluxcd/flux2-kustomize-helm-example` path `./clusters/staging`, as upstream lays it out: the placeholder
    /// `flux-system` files, an ArtifactGenerator splitting the repository into the ExternalArtifacts `infrastructure`
    /// and `apps`, Kustomizations on them with `dependsOn`; cert-manager from an OCIRepository chart rendering its CRDs,
    /// envoy-gateway from a HelmRepository with the Gateway API CRDs in `crds/`, a ClusterIssuer and a Gateway using
    /// them, and podinfo from a HelmRepository with staging's values patched in. Everything Ready; kubectl sees it all.
    @Test func kustomizeHelmExampleStagingReachesReady() async throws {
        let directory = try Self.scratch("kustomize-helm-example")
        defer { try? FileManager.default.removeItem(at: directory) }
        let sources = try await FluxFixtureChartSources.start(in: directory)
        defer { sources.stop() }
        let up = try await Self.upOnce(.kustomizeHelmExample, hosts: sources.hosts, path: "clusters/staging", in: directory)
        defer { up.cluster.stopNow() }
        #expect(up.status == 0, "\(up.report)")
        let system = Self.fluxSystem
        let ready: [(kind: String, name: String, namespace: String)] = [
            ("gitrepository", system, system), ("kustomization", system, system),
            ("artifactgenerator", system, system), ("externalartifact", "infrastructure", system), ("externalartifact", "apps", system),
            ("kustomization", "infra-controllers", system), ("kustomization", "infra-configs", system), ("kustomization", "apps", system),
            ("ocirepository", "cert-manager", "cert-manager"), ("helmrelease", "cert-manager", "cert-manager"),
            ("helmrepository", "envoyproxy", "envoy-gateway-system"), ("helmrelease", "envoy-gateway", "envoy-gateway-system"),
            ("helmrepository", "podinfo", "podinfo"), ("helmrelease", "podinfo", "podinfo"),
        ]
        for object in ready {
            await #expect(try up.field(object.kind, object.name, namespace: object.namespace, #".status.conditions[?(@.type=="Ready")].status"#)
                == "True", "\(object)")
        }
        let head = up.head
        func field(_ kind: String, _ name: String, namespace: String, _ path: String) async throws -> String {
            try await up.field(kind, name, namespace: namespace, path)
        }
        func kubectl(_ arguments: [String]) async throws -> String { try await up.cluster.kubectl(arguments) }

        // The ExternalArtifacts the generator made, as kubectl lists them, each from this commit.
        let artifacts = try await kubectl(["get", "externalartifacts", "-n", system, "-o", "name"])
        #expect(artifacts.split(separator: "\n").sorted() == ["externalartifact.source.toolkit.fluxcd.io/apps",
                                                               "externalartifact.source.toolkit.fluxcd.io/infrastructure"], "\(artifacts)")
        for name in ["infrastructure", "apps"] {
            await #expect(try field("externalartifact", name, namespace: system, ".spec.sourceRef.kind") == "ArtifactGenerator")
            await #expect(try !field("externalartifact", name, namespace: system, ".status.artifact.digest").isEmpty)
            // `originRevision: "@monorepo"`: the Git commit the artifact was cut from, as source-watcher records it.
            await #expect(try field("externalartifact", name, namespace: system, ".status.artifact.metadata.org\\.opencontainers\\.image\\.revision")
                == "main@sha1:\(head)")
        }
        await #expect(try field("kustomization", "apps", namespace: system, ".spec.sourceRef.kind") == "ExternalArtifact")
        await #expect(try field("kustomization", system, namespace: system, ".status.lastAppliedRevision") == "main@sha1:\(head)")

        // CRDs from charts: cert-manager's rendered from templates (crds.enabled), the Gateway API's from `crds/`.
        let crds = try await kubectl(["get", "crds", "-o", "name"])
        for crd in ["clusterissuers.cert-manager.io", "certificates.cert-manager.io", "gatewayclasses.gateway.networking.k8s.io",
                    "gateways.gateway.networking.k8s.io", "httproutes.gateway.networking.k8s.io"] {
            #expect(crds.contains("customresourcedefinition.apiextensions.k8s.io/\(crd)\n"), "\(crd) in\n\(crds)")
        }
        // The infra-controllers' workloads, installed by the helm-controller with the releases' values.
        await #expect(try field("deployment", "cert-manager", namespace: "cert-manager", ".spec.template.spec.containers[0].args")
            .contains("--enable-gateway-api"))
        await #expect(try field("deployment", "cert-manager", namespace: "cert-manager", ".metadata.annotations.meta\\.helm\\.sh/release-name") == "cert-manager")
        // An OCIRepository's chart version carries the artifact's digest, as Flux records it.
        await #expect(try field("helmrelease", "cert-manager", namespace: "cert-manager", ".status.history[0].chartVersion").hasPrefix("1.17.2+"))
        await #expect(try field("deployment", "envoy-gateway", namespace: "envoy-gateway-system", ".status.readyReplicas") == "1")
        await #expect(try field("helmrelease", "envoy-gateway", namespace: "envoy-gateway-system", ".status.history[0].chartVersion") == "1.8.0")

        // infra-configs: custom objects of those CRDs, its patch applied.
        await #expect(try field("clusterissuer", "letsencrypt", namespace: "", ".spec.acme.server") == "https://acme-staging-v02.api.letsencrypt.org/directory")
        await #expect(try field("gatewayclass", "envoy", namespace: "", ".spec.controllerName") == "gateway.envoyproxy.io/gatewayclass-controller")
        await #expect(try field("gateway", "envoy", namespace: "envoy-gateway-system", ".spec.listeners[0].port") == "80")

        // apps: podinfo from the chart repository, staging's values over the base's.
        await #expect(try field("helmrelease", "podinfo", namespace: "podinfo", ".status.history[0].chartVersion") == "6.9.0")
        await #expect(try field("deployment", "podinfo", namespace: "podinfo", ".status.readyReplicas") == "1")
        await #expect(try field("deployment", "podinfo-redis", namespace: "podinfo", ".spec.template.spec.containers[0].image")
            == "public.ecr.aws/docker/library/redis:8.6.2")
        await #expect(try field("httproute", "podinfo", namespace: "podinfo", ".spec.hostnames") == #"["podinfo.staging"]"#)
        await #expect(try field("httproute", "podinfo", namespace: "podinfo", ".spec.parentRefs[0].namespace") == "envoy-gateway-system")
        await #expect(try field("namespace", "podinfo", namespace: "", ".metadata.labels.toolkit\\.fluxcd\\.io/tenant") == "dev-team")
        #expect(sources.charts.requests.contains { $0.hasPrefix("GET /podinfo/podinfo-6.9.0.tgz 200") }, "\(sources.charts.requests)")
    }
}
