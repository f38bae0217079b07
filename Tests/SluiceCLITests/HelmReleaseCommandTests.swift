import Foundation
import SluiceTestSupport
import Synchronization
import Testing

/// `sluice get|reconcile|suspend|resume|tree|trace` on HelmReleases, built `sluice` against a real `sluice cluster serve`,
/// objects made with the real `kubectl`, status written through the status subresource as the controllers would.
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built executables and kubectl"))
struct HelmReleaseCommandTests {
    /// A HelmRepository, the HelmChart the controller would make for the HelmRelease, and the HelmRelease with a release
    /// recorded in its history (chart 6.5.4 deployed; 6.5.5 attempted).
    static let objects = """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata:
          name: podinfo
          namespace: default
        spec:
          interval: 1h
          url: https://stefanprodan.github.io/podinfo
        ---
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmChart
        metadata:
          name: default-podinfo
          namespace: default
        spec:
          interval: 1h
          chart: podinfo
          version: ">=6.0.0"
          sourceRef:
            kind: HelmRepository
            name: podinfo
        ---
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: podinfo
          namespace: default
        spec:
          interval: 10m
          chart:
            spec:
              chart: podinfo
              version: ">=6.0.0"
              sourceRef:
                kind: HelmRepository
                name: podinfo
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: apps
          namespace: default
        spec:
          interval: 10m
          path: ./apps
          prune: true
          sourceRef:
            kind: GitRepository
            name: apps
        """

    static let releaseStatus = """
        {"status":{"observedGeneration":1,"helmChart":"default/default-podinfo","storageNamespace":"default","lastAttemptedRevision":"6.5.5",
         "conditions":[{"type":"Ready","status":"True","reason":"UpgradeSucceeded","message":"Helm upgrade succeeded for release default/podinfo.v2 with chart podinfo@6.5.4","lastTransitionTime":"2026-01-01T00:00:00Z"}],
         "history":[{"name":"podinfo","namespace":"default","version":2,"status":"deployed","chartName":"podinfo","chartVersion":"6.5.4",
                     "configDigest":"sha256:0","digest":"sha256:1","firstDeployed":"2026-01-01T00:00:00Z","lastDeployed":"2026-01-01T00:00:00Z"}],
         "inventory":{"entries":[{"id":"default_podinfo__Service","v":"v1"},{"id":"default_podinfo_apps_Deployment","v":"v1"}]}}}
        """

    /// Two HelmReleases without `status.inventory` whose release is in Helm's storage: `legacy` (revision 3, a Service
    /// without a namespace, a ClusterRole, a Deployment in another namespace) and `broken` (a Secret that is not base64).
    static var legacyRelease: String {
        let manifest = """
            ---
            # Source: podinfo/templates/service.yaml
            apiVersion: v1
            kind: Service
            metadata:
              name: legacy-podinfo
            spec:
              ports:
              - port: 9898
            ---
            # Source: podinfo/templates/role.yaml
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: legacy-reader
            ---
            # Source: podinfo/templates/deployment.yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: legacy-podinfo
              namespace: other
            """
        let record: [String: Any] = [
            "name": "legacy", "namespace": "apps", "version": 3, "manifest": manifest,
            "info": ["status": "deployed", "description": "Upgrade complete", "first_deployed": "2026-01-01T00:00:00Z",
                     "last_deployed": "2026-01-01T00:00:00Z"],
        ]
        let json = (try? JSONSerialization.data(withJSONObject: record)) ?? Data()
        return """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: legacy
              namespace: default
            spec:
              interval: 10m
              targetNamespace: apps
              chartRef:
                kind: OCIRepository
                name: podinfo
            ---
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata:
              name: broken
              namespace: default
            spec:
              interval: 10m
              chartRef:
                kind: OCIRepository
                name: podinfo
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: sh.helm.release.v1.legacy.v3
              namespace: default
              labels: {name: legacy, owner: helm, status: deployed, version: "3"}
            type: helm.sh/release.v1
            stringData:
              release: \(json.base64EncodedString())
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: sh.helm.release.v1.broken.v3
              namespace: default
              labels: {name: broken, owner: helm, status: deployed, version: "3"}
            type: helm.sh/release.v1
            stringData:
              release: "%%% not base64 %%%"
            """
    }

    /// A status whose history names revision 3 of release `name` (in `apps` for `legacy`), kept in `default`.
    static func legacyStatus(_ name: String) -> String {
        """
        {"status":{"storageNamespace":"default","history":[{"name":"\(name)","namespace":"\(name == "legacy" ? "apps" : "default")","version":3,"status":"deployed",
         "chartName":"podinfo","chartVersion":"6.5.4","configDigest":"sha256:0","digest":"sha256:1","firstDeployed":"2026-01-01T00:00:00Z","lastDeployed":"2026-01-01T00:00:00Z"}]}}
        """
    }

    @Test func getSuspendResumeTreeAndTraceHelmReleases() async throws {
        try await Self.withPodinfo { sluice in try await Self.getSuspendResumeTreeAndTrace(sluice) }
    }

    private static func getSuspendResumeTreeAndTrace(_ sluice: SluiceCLI) async throws {
        try await sluice.kubectl(["patch", "helmchart", "default-podinfo", "--subresource=status", "--type=merge", "-p", """
            {"status":{"artifact":{"revision":"6.5.4","digest":"sha256:2","path":"x","url":"http://x","lastUpdateTime":"2026-01-01T00:00:00Z"},
             "conditions":[{"type":"Ready","status":"True","reason":"ChartPullSucceeded","message":"pulled 'podinfo' chart with version '6.5.4'","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}
            """])
        try await sluice.kubectl(["patch", "kustomization", "apps", "--subresource=status", "--type=merge", "-p", """
            {"status":{"inventory":{"entries":[{"id":"default_podinfo_helm.toolkit.fluxcd.io_HelmRelease","v":"v2"},{"id":"default_podinfo_source.toolkit.fluxcd.io_HelmRepository","v":"v1"}]}}}
            """])

        // `get hr`: flux's columns; REVISION is the deployed chart version (history), not the last attempted one.
        for kind in ["helmreleases", "helmrelease", "hr"] {
            let table = try await sluice("get", kind, "-n", "default")
            #expect(table.status == 0, "\(table.stderr)")
            let lines = table.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["NAME", "REVISION", "SUSPENDED", "READY", "AGE", "MESSAGE"],
                    "\(table.stdout)")
            #expect(lines.count == 2 && lines[1].hasPrefix("podinfo ") && lines[1].contains(" 6.5.4 ") && lines[1].contains(" False ")
                && lines[1].contains(" True ") && lines[1].hasSuffix("Helm upgrade succeeded for release default/podinfo.v2 with chart podinfo@6.5.4"),
                    "\(table.stdout)")
        }
        let all = try await sluice("get", "hr", "-A")
        #expect(all.stdout.hasPrefix("NAMESPACE "), "\(all.stdout)")

        // suspend, reconcile refused while suspended, resume.
        let suspended = try await sluice("suspend", "hr", "podinfo", "-n", "default")
        #expect(suspended.status == 0, "\(suspended.stderr)")
        await #expect(try sluice.kubectl(["get", "helmrelease", "podinfo", "-o", "jsonpath={.spec.suspend}"]) == "true")
        let refused = try await sluice("reconcile", "hr", "podinfo", "-n", "default", "--with-source", "--timeout", "5s")
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("error: HelmRelease default/podinfo is suspended"), "\(refused.stderr)")
        await #expect(try sluice.kubectl(["get", "helmrepository", "podinfo", "-o", "jsonpath={.metadata.annotations.reconcile\\.fluxcd\\.io/requestedAt}"]).isEmpty,
                      "the source is not touched for a suspended HelmRelease")
        let resumed = try await sluice("resume", "helmrelease", "podinfo", "-n", "default", "--no-wait")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        await #expect(try sluice.kubectl(["get", "helmrelease", "podinfo", "-o", "jsonpath={.spec.suspend}"]) == "false")

        // tree: the release's objects from status.inventory, and a Kustomization's tree expands its HelmRelease.
        let tree = try await sluice("tree", "helmrelease", "podinfo", "-n", "default")
        #expect(tree.status == 0, "\(tree.stderr)")
        #expect(tree.stdout == """
            HelmRelease/default/podinfo
            ├── Service/default/podinfo
            └── Deployment/default/podinfo

            """, "\(tree.stdout)")
        let nested = try await sluice("tree", "ks", "apps", "-n", "default")
        #expect(nested.status == 0, "\(nested.stderr)")
        #expect(nested.stdout == """
            Kustomization/default/apps
            ├── HelmRelease/default/podinfo
            │   ├── Service/default/podinfo
            │   └── Deployment/default/podinfo
            └── HelmRepository/default/podinfo

            """, "\(nested.stdout)")

        // Without status.inventory (a release Helm or an older controller made), the objects come from the latest
        // revision's manifest in Helm's storage Secret; namespaced objects without a namespace are in the release's.
        try await sluice.kubectl(["apply", "-f", "-"], input: Self.legacyRelease)
        try await sluice.kubectl(["patch", "helmrelease", "legacy", "--subresource=status", "--type=merge", "-p", Self.legacyStatus("legacy")])
        try await sluice.kubectl(["patch", "helmrelease", "broken", "--subresource=status", "--type=merge", "-p", Self.legacyStatus("broken")])
        let legacy = try await sluice("tree", "hr", "legacy", "-n", "default")
        #expect(legacy.status == 0, "\(legacy.stderr)")
        #expect(legacy.stdout == """
            HelmRelease/default/legacy
            ├── Service/apps/legacy-podinfo
            ├── ClusterRole/legacy-reader
            └── Deployment/other/legacy-podinfo

            """, "\(legacy.stdout)")
        let legacyTrace = try await sluice("trace", "clusterrole", "legacy-reader")
        #expect(legacyTrace.stdout.contains("HelmRelease:   default/legacy\nRelease:       legacy in apps (revision 3, deployed)"),
                "\(legacyTrace.stdout)\(legacyTrace.stderr)")
        // A storage Secret that does not decode: a clear error naming the HelmRelease and the Secret.
        let broken = try await sluice("tree", "hr", "broken", "-n", "default")
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("error: cannot read the release of HelmRelease default/broken from Secret default/sh.helm.release.v1.broken.v3: "),
                "\(broken.stderr)")
        #expect(broken.stdout.isEmpty)

        // trace: by Flux's origin labels, by Helm's annotations, through an owner, and by the inventory alone.
        try await sluice.kubectl(["apply", "-f", "-"], input: """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: podinfo
              namespace: default
              labels:
                helm.toolkit.fluxcd.io/name: podinfo
                helm.toolkit.fluxcd.io/namespace: default
            spec:
              selector:
                matchLabels: {app: podinfo}
              template:
                metadata:
                  labels: {app: podinfo}
                spec:
                  containers:
                  - name: podinfo
                    image: ghcr.io/stefanprodan/podinfo:6.5.4
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: podinfo-settings
              namespace: default
              labels:
                app.kubernetes.io/managed-by: Helm
              annotations:
                meta.helm.sh/release-name: podinfo
                meta.helm.sh/release-namespace: default
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: podinfo
              namespace: default
            spec:
              ports:
              - port: 9898
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: unrelated
              namespace: default
            """)
        let uid = try await sluice.kubectl(["get", "deployment", "podinfo", "-o", "jsonpath={.metadata.uid}"])
        try await sluice.kubectl(["apply", "-f", "-"], input: """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: podinfo-owned
              namespace: default
              ownerReferences:
              - apiVersion: apps/v1
                kind: Deployment
                name: podinfo
                uid: \(uid)
                controller: true
            """)
        for (kind, name) in [("deployment", "podinfo"), ("configmap", "podinfo-settings"), ("cm", "podinfo-owned"), ("service", "podinfo")] {
            let trace = try await sluice("trace", kind, name, "-n", "default")
            #expect(trace.status == 0, "\(kind) \(name): \(trace.stderr)")
            #expect(trace.stdout.contains("HelmRelease:   default/podinfo\n"), "\(kind) \(name): \(trace.stdout)")
            #expect(trace.stdout.contains("Release:       podinfo in default (revision 2, deployed)"), "\(trace.stdout)")
            #expect(trace.stdout.contains("Chart:         podinfo 6.5.4"), "\(trace.stdout)")
            #expect(trace.stdout.contains("Source:        HelmChart/default/default-podinfo\nChart:         podinfo >=6.0.0\nRevision:      6.5.4\n"),
                    "\(trace.stdout)")
            #expect(trace.stdout.contains("Source:        HelmRepository/default/podinfo\nURL:           https://stefanprodan.github.io/podinfo"),
                    "\(trace.stdout)")
        }
        let unrelated = try await sluice("trace", "configmap", "unrelated", "-n", "default")
        #expect(unrelated.status == 1)
        #expect(unrelated.stderr.contains("error: no Kustomization's inventory or HelmRelease's release holds configmap default/unrelated"),
                "\(unrelated.stderr)")
        // The HelmRelease itself is traced to the Kustomization that applied it.
        let applied = try await sluice("trace", "helmrelease", "podinfo", "-n", "default")
        #expect(applied.stdout.contains("Kustomization: default/apps"), "\(applied.stdout)\(applied.stderr)")
    }

    @Test func reconcileWithSourceForceAndReset() async throws {
        try await Self.withPodinfo { sluice in try await Self.reconcileWithSourceForceAndReset(sluice) }
    }

    private static func reconcileWithSourceForceAndReset(_ sluice: SluiceCLI) async throws {

        // Stands in for the controllers: answers each reconcile request, in the order they come.
        let handled = HandledRequests()
        // A failed kubectl call (a loaded machine, a conflict) is retried on the next round instead of ending the loop:
        // a stand-in controller that stopped answering made the whole test wait out its timeout.
        let controllers = Task {
            while !Task.isCancelled {
                do { try await Self.answerRequests(sluice, handled: handled) } catch { print("stand-in controller: \(error); retrying") }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        defer { controllers.cancel() }

        let reconciled = try await sluice("reconcile", "hr", "podinfo", "-n", "default", "--with-source", "--force", "--reset", "--timeout", "2m")
        #expect(reconciled.status == 0, "\(reconciled.stderr)")
        #expect(handled.names.withLock { $0 } == ["HelmRepository/podinfo", "HelmChart/default-podinfo", "HelmRelease/podinfo"])
        for line in ["► annotating HelmRepository podinfo in default namespace", "✔ HelmRepository annotated",
                     "► annotating HelmChart default-podinfo in default namespace", "◎ waiting for HelmChart reconciliation",
                     "► annotating HelmRelease podinfo in default namespace", "✔ HelmRelease annotated",
                     "◎ waiting for HelmRelease reconciliation", "✔ applied revision 6.5.4"]
        {
            #expect(reconciled.stderr.contains(line), "\(line) in \(reconciled.stderr)")
        }
        // --force and --reset: the same token as requestedAt, as `flux reconcile hr --force --reset` sets them.
        let annotations = try await sluice.kubectl(["get", "helmrelease", "podinfo", "-o",
                                                    "jsonpath={.metadata.annotations.reconcile\\.fluxcd\\.io/requestedAt} {.metadata.annotations.reconcile\\.fluxcd\\.io/forceAt} {.metadata.annotations.reconcile\\.fluxcd\\.io/resetAt}"])
        let tokens = annotations.split(separator: " ")
        try #require(tokens.count == 3 && Set(tokens).count == 1, "\(annotations)")

        // Without --force and --reset, only requestedAt changes.
        let plain = try await sluice("reconcile", "helmrelease", "podinfo", "-n", "default", "--timeout", "2m")
        #expect(plain.status == 0, "\(plain.stderr)")
        let after = try await sluice.kubectl(["get", "helmrelease", "podinfo", "-o",
                                              "jsonpath={.metadata.annotations.reconcile\\.fluxcd\\.io/requestedAt} {.metadata.annotations.reconcile\\.fluxcd\\.io/forceAt}"])
        #expect(after.split(separator: " ").last.map(String.init) == String(tokens[1]) && after.split(separator: " ").first != tokens[0], "\(after)")

        // --force belongs to HelmReleases.
        let misplaced = try await sluice("reconcile", "ks", "apps", "-n", "default", "--force")
        #expect(misplaced.status == 1)
        #expect(misplaced.stderr.contains("error: --force and --reset apply to HelmReleases, not Kustomization"), "\(misplaced.stderr)")
    }

    @Test(.enabled(if: BuiltExecutables.isBuilt("helm-controller")))
    func helmControllerGetAndTemplateOfAHelmRelease() async throws {
        try await Self.withPodinfo { sluice in try await Self.helmControllerGetAndTemplate(sluice) }
    }

    private static func helmControllerGetAndTemplate(_ sluice: SluiceCLI) async throws {
        let (cluster, store) = (sluice.cluster, sluice.store)
        let helmController = BuiltExecutables.url("helm-controller").path
        let common = ["--kubeconfig", cluster.kubeconfig, "--store", store]

        // get: the same columns as `kustomize-controller get`, the revision as `flux get hr` shows it.
        for kind in ["helmreleases", "hr"] {
            let listed = try await Shell.execute(helmController, ["get", kind, "-n", "default"] + common)
            #expect(listed.status == 0, "\(listed.stderr)")
            let lines = listed.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.split(separator: " ") == ["NAME", "REVISION", "SUSPENDED", "READY", "MESSAGE"], "\(listed.stdout)")
            #expect(lines.count == 2 && lines[1].hasPrefix("podinfo ") && lines[1].contains(" 6.5.4 "), "\(listed.stdout)")
        }
        let none = try await Shell.execute(helmController, ["get", "hr", "-n", "elsewhere"] + common)
        #expect(none.stdout == "no HelmReleases found in namespace elsewhere\n", "\(none.stdout)")

        // reconcile: one reconcile in process, the outcome on one line; not Ready (no chart artifact here) exits 1.
        let reconciled = try await Shell.execute(helmController, ["reconcile", "hr", "default/podinfo"] + common)
        #expect(reconciled.status == 1, "\(reconciled.stdout)\(reconciled.stderr)")
        #expect(reconciled.stdout.hasPrefix("HelmRelease default/podinfo: "), "\(reconciled.stdout)")
        let malformed = try await Shell.execute(helmController, ["reconcile", "helmrelease", "a/b/c"] + common)
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains("expected NAMESPACE/NAME, got 'a/b/c'"), "\(malformed.stderr)")

        // template --helmrelease: a missing HelmRelease is named; chart arguments do not mix with it.
        let missing = try await Shell.execute(helmController, ["template", "--helmrelease", "absent", "-n", "default"] + common)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("Error: HelmRelease default/absent: "), "\(missing.stderr)")
        #expect(missing.stderr.contains("HelmRelease default/absent not found"), "\(missing.stderr)")
        #expect(missing.stdout.isEmpty)
        let mixed = try await Shell.execute(helmController, ["template", "--helmrelease", "podinfo", "-n", "default", "./chart", "--set", "a=1"] + common)
        #expect(mixed.status != 0)
        #expect(mixed.stderr.contains("--helmrelease renders the HelmRelease's own chart and values"), "\(mixed.stderr)")
    }

    /// Runs `body` against a fresh `sluice cluster serve` with the Flux CRDs, ``objects`` and the HelmRelease's ``releaseStatus``.
    private static func withPodinfo(_ body: (SluiceCLI) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-cli-hr-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cluster = try await LocalCluster(directory: directory.appendingPathComponent("cluster"))
        defer { cluster.stopNow() }
        let sluice = SluiceCLI(cluster: cluster, store: directory.appendingPathComponent("store.db").path)
        try await sluice.installCRDs()
        try await sluice.kubectl(["apply", "-f", "-"], input: objects)
        try await sluice.kubectl(["patch", "helmrelease", "podinfo", "--subresource=status", "--type=merge", "-p", releaseStatus])
        try await body(sluice)
    }

    /// Writes, for every HelmRepository, HelmChart and HelmRelease whose `requestedAt` is new, what its controller
    /// would: `lastHandledReconcileAt` (and, for a HelmRelease, `lastHandledForceAt|ResetAt`), `observedGeneration`, Ready.
    private static func answerRequests(_ sluice: SluiceCLI, handled: HandledRequests) async throws {
        let text = try await sluice.kubectl(["get", "helmrepositories,helmcharts,helmreleases", "-n", "default", "-o", "json"])
        let list = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        for item in list?["items"] as? [[String: Any]] ?? [] {
            let metadata = item["metadata"] as? [String: Any] ?? [:]
            let annotations = metadata["annotations"] as? [String: String] ?? [:]
            let status = item["status"] as? [String: Any] ?? [:]
            guard let kind = item["kind"] as? String, let name = metadata["name"] as? String,
                  let token = annotations["reconcile.fluxcd.io/requestedAt"], status["lastHandledReconcileAt"] as? String != token
            else { continue }
            var patch: [String: Any] = [
                "lastHandledReconcileAt": token, "observedGeneration": metadata["generation"] ?? 1,
                "conditions": [["type": "Ready", "status": "True", "reason": "Succeeded", "message": "done",
                                "lastTransitionTime": "2026-01-01T00:00:00Z"]],
            ]
            if kind == "HelmRelease" {
                patch["lastHandledForceAt"] = annotations["reconcile.fluxcd.io/forceAt"]
                patch["lastHandledResetAt"] = annotations["reconcile.fluxcd.io/resetAt"]
            }
            let body = String(decoding: try JSONSerialization.data(withJSONObject: ["status": patch]), as: UTF8.self)
            try await sluice.kubectl(["patch", kind.lowercased(), name, "-n", "default", "--subresource=status", "--type=merge", "-p", body])
            handled.names.withLock { $0.append("\(kind)/\(name)") }
        }
    }

    /// The reconcile requests the stand-in controllers answered, `Kind/name` in order.
    final class HandledRequests: Sendable {
        let names = Mutex<[String]>([])
    }
}
