import Foundation
import SluiceTestSupport
import Testing

/// `sluice create … --export` prints what `flux create … --export` prints. The expected YAML is written from the
/// flux CLI's code (cmd/flux/create_*.go, pkg/manifestgen/sourcesecret) and its golden files: keys sorted as
/// `sigs.k8s.io/yaml` sorts them, empty fields left out, `---` first.
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice"), "needs the built sluice"))
struct CreateExportTests {
    /// Runs the built `sluice` with no cluster at all.
    func sluice(_ arguments: [String], input: String? = nil) async throws -> ShellResult {
        try await Shell.execute(BuiltExecutables.url("sluice").path, arguments, environment: ["KUBECONFIG": "/nonexistent/kubeconfig"],
                                input: input.map { Data($0.utf8) })
    }

    func expectExport(_ arguments: [String], _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let result = try await sluice(arguments + ["--export"])
        #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout == expected, "got:\n\(result.stdout)", sourceLocation: sourceLocation)
    }

    @Test func sourceGit() async throws {
        // cmd/flux/testdata/create_source_git/export.golden
        try await expectExport(["create", "source", "git", "podinfo", "--url=https://github.com/stefanprodan/podinfo", "--branch=master",
                                "--ignore-paths", ".cosign,non-existent-dir/", "--sparse-checkout-paths", ".cosign,non-existent-dir/", "-n", "default"], """
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              name: podinfo
              namespace: default
            spec:
              ignore: |-
                .cosign
                non-existent-dir/
              interval: 1m0s
              ref:
                branch: master
              sparseCheckout:
              - .cosign
              - non-existent-dir/
              url: https://github.com/stefanprodan/podinfo

            """)
        // A commit pins the branch too; labels sorted; the fetch timeout in Go's spelling.
        try await expectExport(["create", "source", "git", "app", "--url=ssh://git@example.com/org/app", "--commit=abc123", "--branch=main",
                                "--label", "team=a,env=prod", "--fetch-timeout", "90s", "--interval", "10m", "--secret-ref", "creds", "-n", "apps"], """
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: GitRepository
            metadata:
              labels:
                env: prod
                team: a
              name: app
              namespace: apps
            spec:
              interval: 10m0s
              ref:
                branch: main
                commit: abc123
              secretRef:
                name: creds
              timeout: 1m30s
              url: ssh://git@example.com/org/app

            """)
    }

    @Test func sourceHelmAndOCI() async throws {
        // cmd/flux/testdata/create_source_helm/https.golden and oci-with-secret.golden
        try await expectExport(["create", "source", "helm", "podinfo", "--url=https://stefanprodan.github.io/charts/podinfo", "--interval=5m",
                                "-n", "flux-system"], """
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmRepository
            metadata:
              name: podinfo
              namespace: flux-system
            spec:
              interval: 5m0s
              url: https://stefanprodan.github.io/charts/podinfo

            """)
        try await expectExport(["create", "source", "helm", "podinfo", "--url=oci://ghcr.io/stefanprodan/charts/podinfo", "--secret-ref=creds",
                                "--interval=5m", "-n", "flux-system"], """
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: HelmRepository
            metadata:
              name: podinfo
              namespace: flux-system
            spec:
              interval: 5m0s
              secretRef:
                name: creds
              type: oci
              url: oci://ghcr.io/stefanprodan/charts/podinfo

            """)
        // cmd/flux/testdata/oci/export_with_secret.golden, plus `provider: generic`: the flag's default in
        // newSourceOCIFlags (the golden was recorded with the flags reset to empty).
        try await expectExport(["create", "source", "oci", "podinfo", "--url=oci://ghcr.io/stefanprodan/manifests/podinfo", "--tag=6.3.5",
                                "--secret-ref=creds", "--interval=10m", "-n", "flux-system"], """
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: OCIRepository
            metadata:
              name: podinfo
              namespace: flux-system
            spec:
              interval: 10m0s
              provider: generic
              ref:
                tag: 6.3.5
              secretRef:
                name: creds
              url: oci://ghcr.io/stefanprodan/manifests/podinfo

            """)
        // cmd/flux/testdata/oci/export_with_issuer.golden: an OIDC identity keeps its empty subject (no omitempty).
        try await expectExport(["create", "source", "oci", "podinfo", "--url=oci://ghcr.io/stefanprodan/manifests/podinfo", "--tag=6.3.5",
                                "--verify-issuer=github", "--verify-provider=cosign", "--layer-selector", "application/x-tar:extract", "-n", "flux-system"], """
            ---
            apiVersion: source.toolkit.fluxcd.io/v1
            kind: OCIRepository
            metadata:
              name: podinfo
              namespace: flux-system
            spec:
              interval: 1m0s
              layerSelector:
                mediaType: application/x-tar
                operation: extract
              provider: generic
              ref:
                tag: 6.3.5
              url: oci://ghcr.io/stefanprodan/manifests/podinfo
              verify:
                matchOIDCIdentity:
                - issuer: github
                  subject: ""
                provider: cosign

            """)
    }

    @Test func kustomizationAndHelmRelease() async throws {
        // `prune` has no omitempty in kustomize.toolkit.fluxcd.io/v1, so it is written when false.
        try await expectExport(["create", "kustomization", "podinfo", "--source", "GitRepository/podinfo.flux-system", "--path", "./kustomize/",
                                "--target-namespace", "default", "--depends-on", "infra,flux-system/crds", "-n", "flux-system"], """
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: podinfo
              namespace: flux-system
            spec:
              dependsOn:
              - name: infra
              - name: crds
                namespace: flux-system
              interval: 1m0s
              path: ./kustomize
              prune: false
              sourceRef:
                kind: GitRepository
                name: podinfo
                namespace: flux-system
              targetNamespace: default

            """)
        // cmd/flux/testdata/export/ks.yaml's shape; health checks with their timeout; a kind in any case.
        try await expectExport(["create", "ks", "apps", "--source", "ocirepository/apps", "--path", "apps/../apps/staging", "--prune",
                                "--health-check", "Deployment/web.apps", "--interval", "5m", "-n", "flux-system"], """
            ---
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: apps
              namespace: flux-system
            spec:
              healthChecks:
              - kind: Deployment
                name: web
                namespace: apps
              interval: 5m0s
              path: ./apps/staging
              prune: true
              sourceRef:
                kind: OCIRepository
                name: apps
              timeout: 2m0s

            """)
        // cmd/flux/testdata/export/helm-release.yaml
        try await expectExport(["create", "helmrelease", "flux-system", "--source", "HelmRepository/flux-systen.flux-system", "--chart", "podinfo",
                                "--chart-version", "*", "--interval", "5m", "-n", "flux-system"], """
            ---
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: flux-system
              namespace: flux-system
            spec:
              chart:
                spec:
                  chart: podinfo
                  reconcileStrategy: ChartVersion
                  sourceRef:
                    kind: HelmRepository
                    name: flux-systen
                    namespace: flux-system
                  version: '*'
              interval: 5m0s

            """)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-create-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("a.yaml"), second = directory.appendingPathComponent("b.yaml")
        try "replicaCount: 1\nimage:\n  tag: v1\n  pullPolicy: Always\n".write(to: first, atomically: true, encoding: .utf8)
        try "image:\n  tag: v2\n".write(to: second, atomically: true, encoding: .utf8)
        // Values files merged in order, mappings deeply; a chartRef; CRDs policy; the target namespace stores the release.
        try await expectExport(["create", "hr", "web", "--chart-ref", "OCIRepository/web.apps", "--values", "\(first.path),\(second.path)",
                                "--values-from", "secret/web-values", "--target-namespace", "web", "--crds", "CreateReplace",
                                "--create-target-namespace", "-n", "apps"], """
            ---
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: web
              namespace: apps
            spec:
              chartRef:
                kind: OCIRepository
                name: web
                namespace: apps
              install:
                crds: Create
                createNamespace: true
              interval: 1m0s
              storageNamespace: web
              targetNamespace: web
              upgrade:
                crds: CreateReplace
              values:
                image:
                  pullPolicy: Always
                  tag: v2
                replicaCount: 1
              valuesFrom:
              - kind: Secret
                name: web-values

            """)
    }

    @Test func alertProviderAndReceiver() async throws {
        // cmd/flux/testdata/export/alert.yaml (without the summary `create alert` has no flag for)
        try await expectExport(["create", "alert", "flux-system", "--event-severity", "info", "--event-source", "GitRepository/*,Kustomization/*",
                                "--provider-ref", "slack", "-n", "flux-system"], """
            ---
            apiVersion: notification.toolkit.fluxcd.io/v1beta3
            kind: Alert
            metadata:
              name: flux-system
              namespace: flux-system
            spec:
              eventSeverity: info
              eventSources:
              - kind: GitRepository
                name: '*'
              - kind: Kustomization
                name: '*'
              providerRef:
                name: slack

            """)
        // cmd/flux/testdata/export/provider.yaml
        try await expectExport(["create", "alert-provider", "slack", "--type", "slack", "--channel", "A channel with spacess",
                                "--address", "https://hooks.slack.com/services/mock", "-n", "flux-system"], """
            ---
            apiVersion: notification.toolkit.fluxcd.io/v1beta3
            kind: Provider
            metadata:
              name: slack
              namespace: flux-system
            spec:
              address: https://hooks.slack.com/services/mock
              channel: A channel with spacess
              type: slack

            """)
        // cmd/flux/testdata/export/receiver.yaml, less what `create receiver` cannot set (interval, the resource's namespace)
        try await expectExport(["create", "receiver", "flux-system", "--type", "github", "--event", "ping", "--event", "push",
                                "--secret-ref", "webhook-token", "--resource", "GitRepository/flux-system", "-n", "flux-system"], """
            ---
            apiVersion: notification.toolkit.fluxcd.io/v1
            kind: Receiver
            metadata:
              name: flux-system
              namespace: flux-system
            spec:
              events:
              - ping
              - push
              resources:
              - kind: GitRepository
                name: flux-system
              secretRef:
                name: webhook-token
              type: github

            """)
    }

    @Test func secrets() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-secret-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // cmd/flux/testdata/create_secret/git/secret-git-basic.yaml
        try await expectExport(["create", "secret", "git", "podinfo-auth", "--url=https://github.com/stefanprodan/podinfo",
                                "--username=my-username", "--password=my-password", "--namespace=my-namespace"], """
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: podinfo-auth
              namespace: my-namespace
            stringData:
              password: my-password
              username: my-username


            """)
        // cmd/flux/testdata/create_secret/git/secret-ca-crt.yaml
        let ca = directory.appendingPathComponent("ca.crt")
        try "ca-data".write(to: ca, atomically: true, encoding: .utf8)
        try await expectExport(["create", "secret", "git", "ca-crt", "--url=https://github.com/stefanprodan/podinfo", "--username=my-username",
                                "--password=my-password", "--ca-crt-file", ca.path, "--namespace=my-namespace"], """
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: ca-crt
              namespace: my-namespace
            stringData:
              ca.crt: ca-data
              password: my-password
              username: my-username


            """)
        // cmd/flux/testdata/create_secret/git/git-bearer-token.yaml's shape
        try await expectExport(["create", "secret", "git", "bearer-token-auth", "--url=https://github.com/stefanprodan/podinfo",
                                "--bearer-token=ghp_baR2qnFF0O41WlucePL3udt2N9vVZS4R0hAS", "--namespace=my-namespace"], """
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: bearer-token-auth
              namespace: my-namespace
            stringData:
              bearerToken: ghp_baR2qnFF0O41WlucePL3udt2N9vVZS4R0hAS


            """)
        // cmd/flux/testdata/create_secret/helm/secret-helm.yaml
        try await expectExport(["create", "secret", "helm", "helm-secret", "--username=my-username", "--password=my-password",
                                "--namespace=my-namespace"], """
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: helm-secret
              namespace: my-namespace
            stringData:
              password: my-password
              username: my-username
            type: kubernetes.io/basic-auth


            """)
        // cmd/flux/testdata/create_secret/oci/create-secret.yaml
        try await expectExport(["create", "secret", "oci", "ghcr", "--url=ghcr.io", "--username=stefanprodan", "--password=password",
                                "--namespace=my-namespace"], """
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: ghcr
              namespace: my-namespace
            stringData:
              .dockerconfigjson: |-
                {
                  "auths": {
                    "ghcr.io": {
                      "username": "stefanprodan",
                      "password": "password",
                      "auth": "c3RlZmFucHJvZGFuOnBhc3N3b3Jk"
                    }
                  }
                }
            type: kubernetes.io/dockerconfigjson


            """)
        // cmd/flux/testdata/create_secret/tls/secret-tls.yaml's shape (printed with Print: no blank line after it)
        let certificate = directory.appendingPathComponent("tls.crt"), key = directory.appendingPathComponent("tls.key")
        try "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".write(to: certificate, atomically: true, encoding: .utf8)
        try "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n".write(to: key, atomically: true, encoding: .utf8)
        try "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n".write(to: ca, atomically: true, encoding: .utf8)
        try await expectExport(["create", "secret", "tls", "certs", "--tls-crt-file", certificate.path, "--tls-key-file", key.path,
                                "--ca-crt-file", ca.path, "--label", "app=web", "--namespace=my-namespace"], """
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              labels:
                app: web
              name: certs
              namespace: my-namespace
            stringData:
              ca.crt: |
                -----BEGIN CERTIFICATE-----
                MIIC
                -----END CERTIFICATE-----
              tls.crt: |
                -----BEGIN CERTIFICATE-----
                MIIB
                -----END CERTIFICATE-----
              tls.key: |
                -----BEGIN PRIVATE KEY-----
                MIIE
                -----END PRIVATE KEY-----
            type: kubernetes.io/tls

            """)
    }

    @Test func flagsAreCheckedAsFluxChecksThem() async throws {
        let cases: [([String], String)] = [
            (["create", "source", "git", "Bad_Name", "--url=https://x/y", "--branch=main"],
             "name 'Bad_Name' is invalid, it should adhere to standard defined in RFC 1123"),
            (["create", "source", "git", "app", "--branch=main"], "url is required"),
            (["create", "source", "git", "app", "--url=ftp://x/y", "--branch=main"], "git URL scheme 'ftp' not supported, can be: ssh, http and https"),
            (["create", "source", "git", "app", "--url=https://x/y"], "a Git ref is required, use one of the following: --branch, --tag, --commit, --ref-name or --tag-semver"),
            (["create", "source", "git", "app", "--url=https://x/y", "--branch=main", "--label", "novalue"], "invalid label format 'novalue', must be key=value"),
            (["create", "source", "oci", "app", "--url=oci://x/y"], "--tag, --tag-semver or --digest is required"),
            (["create", "kustomization", "app", "--path", "./x"], "source is required"),
            (["create", "kustomization", "app", "--source", "Bucket/b", "--health-check", "Pod/x.y"],
             "invalid health check kind 'Pod' can be HelmRelease, Deployment, DaemonSet or StatefulSet"),
            (["create", "helmrelease", "app"], "chart or chart-ref is required"),
            (["create", "helmrelease", "app", "--chart", "c", "--source", "HelmRepository/r", "--reconcile-strategy", "Never"],
             "'Never' is an invalid reconcile strategy(valid: Revision, ChartVersion)"),
            (["create", "alert", "app", "--provider-ref", "slack"], "at least one event source is required"),
            (["create", "alert-provider", "app"], "Provider type is required"),
            (["create", "receiver", "app", "--type", "github"], "secret ref is required"),
            (["create", "receiver", "app", "--type", "svn", "--secret-ref", "s"], "receiver type 'svn' is not supported"),
            (["create", "secret", "git", "app", "--url=https://x/y", "--username=u"], "for Git over HTTP/S the username and password, or a bearer token is required"),
            (["create", "secret", "git", "app", "--url=ssh://git@x/y", "--ssh-key-algorithm", "dsa"], "unsupported public key algorithm 'dsa', must be one of: rsa, ecdsa, ed25519"),
            (["create", "secret", "oci", "app", "--url=ghcr.io", "--username=u"], "--password is required"),
            (["create", "secret", "tls", "app"], "a certificate and key pair or a CA certificate is required"),
        ]
        for (arguments, message) in cases {
            let result = try await sluice(arguments + ["--export"])
            #expect(result.status != 0, "\(arguments) succeeded")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}
