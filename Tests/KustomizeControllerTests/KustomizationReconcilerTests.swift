import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceStore
import SluiceTestSupport
import Testing
@testable import KustomizeController

/// Manifests the tests commit.
enum Manifests {
    static func configMap(_ name: String, _ data: String = "value: one", annotations: String = "") -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n\(annotations)data:\n  \(data)\n"
    }

    static func deployment(_ name: String, replicas: String = "2", annotations: String = "") -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: \(name)
        \(annotations)
        spec:
          replicas: \(replicas)
          selector:
            matchLabels:
              app: \(name)
          template:
            metadata:
              labels:
                app: \(name)
            spec:
              containers:
              - name: app
                image: ghcr.io/stefanprodan/podinfo:6.0.0

        """
    }
}

/// The Kustomization reconciler against real parts: `sluice cluster serve`, real `git`, the real GitRepository reconciler, the store.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built `sluice` and kubectl"))
struct KustomizationReconcilerTests {
    @Test func firstApplyThenANewCommitChangesAndPrunes() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        let first = try await bed.publish(["deploy/config.yaml": Manifests.configMap("settings"),
                                           "deploy/app/deployment.yaml": Manifests.deployment("podinfo")])
        try await bed.applyKustomization("apps")
        let controller = bed.controller()
        let outcome = await controller.reconcile(ObjectKey(namespace: "default", name: "apps"))
        #expect(outcome.isReady, "\(outcome.report)")
        let applied = try await bed.kustomization("apps")
        #expect(applied.conditions.first?.message == "Applied revision: \(first)")
        #expect(applied.conditions.first?.reason == "ReconciliationSucceeded")
        #expect(applied.status?.lastAppliedRevision == first)
        #expect(applied.status?.lastAttemptedRevision == first)
        #expect(applied.status?.inventory?.entries.map(\.id) == ["default_podinfo_apps_Deployment", "default_settings__ConfigMap"])
        #expect(applied.status?.inventory?.entries.map(\.version) == ["v1", "v1"])
        #expect(applied.status?.history?.count == 1)
        let config = try #require(try await bed.object("v1", "ConfigMap", "settings"))
        #expect(config.labels["kustomize.toolkit.fluxcd.io/name"] == "apps")
        #expect(config.labels["kustomize.toolkit.fluxcd.io/namespace"] == "default")
        #expect(config.managedFields.contains { $0["manager"]?.stringValue == "kustomize-controller" })
        let created = try bed.events(for: "apps").map(\.message)
        #expect(created.contains("ConfigMap/default/settings created\nDeployment/default/podinfo created"))

        // Nothing changed: nothing is applied, no change event; only Flux's finished event, which every Ready reconcile
        // records, with the applied revision and `commit_status: update` for the commit-status providers.
        func isFinished(_ message: String) -> Bool { message.hasPrefix("Reconciliation finished in ") }
        let again = await controller.reconcile(ObjectKey(namespace: "default", name: "apps"))
        #expect(again.isReady)
        let afterAgain = try bed.events(for: "apps")
        #expect(afterAgain.filter { !isFinished($0.message) }.count == created.filter { !isFinished($0) }.count)
        let finished = try #require(afterAgain.last)
        #expect(isFinished(finished.message) && finished.message.contains(", next run in "), "\(finished.message)")
        #expect(finished.severity == .info && finished.reason == "ReconciliationSucceeded")
        #expect(finished.metadata?["kustomize.toolkit.fluxcd.io/revision"] == first)
        #expect(finished.metadata?["kustomize.toolkit.fluxcd.io/commit_status"] == "update")

        let second = try await bed.publish(["deploy/app/deployment.yaml": Manifests.deployment("podinfo", replicas: "3")],
                                           removing: ["deploy/config.yaml"])
        let third = await controller.reconcile(ObjectKey(namespace: "default", name: "apps"))
        #expect(third.isReady, "\(third.report)")
        #expect(try await bed.object("v1", "ConfigMap", "settings") == nil)
        #expect(try await bed.object("apps/v1", "Deployment", "podinfo")?["spec", "replicas"] == .int(3))
        let changed = try await bed.kustomization("apps")
        #expect(changed.status?.inventory?.entries.map(\.id) == ["default_podinfo_apps_Deployment"])
        #expect(changed.status?.lastAppliedRevision == second)
        let messages = try bed.events(for: "apps").map(\.message)
        #expect(messages.contains("Deployment/default/podinfo configured"))
        #expect(messages.contains("ConfigMap/default/settings deleted"))
    }

    @Test func substitutionTargetNamespacePatchesAndImages() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        try await bed.kubectl(["create", "namespace", "apps"])
        try await bed.kubectl(["create", "configmap", "vars", "--from-literal=region=eu-west-1"])
        try await bed.publish([
            "deploy/config.yaml": Manifests.configMap("settings", "region: ${region}\n  cluster: ${cluster:=dev}\n  team: ${team:-ops}\n  literal: $${kept}"),
            "deploy/raw.yaml": Manifests.configMap("raw", "text: ${region}", annotations: "  annotations:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\n"),
            "deploy/deployment.yaml": Manifests.deployment("podinfo", replicas: "${replicas}"),
        ])
        try await bed.applyKustomization("apps", extra: """
              targetNamespace: apps
              namePrefix: pre-
              images:
              - name: ghcr.io/stefanprodan/podinfo
                newTag: 6.1.0
              patches:
              - target:
                  kind: ConfigMap
                  name: settings
                patch: |
                  - op: add
                    path: /data/patched
                    value: "yes"
              postBuild:
                substitute:
                  replicas: "4"
                substituteFrom:
                - kind: ConfigMap
                  name: vars
                - kind: Secret
                  name: absent
                  optional: true
            """)
        let outcome = await bed.controller().reconcile(ObjectKey(namespace: "default", name: "apps"))
        #expect(outcome.isReady, "\(outcome.report)")
        let config = try #require(try await bed.object("v1", "ConfigMap", "pre-settings", namespace: "apps"))
        #expect(config["data", "region"] == "eu-west-1")
        #expect(config["data", "cluster"] == "dev")
        #expect(config["data", "team"] == "ops")
        #expect(config["data", "literal"] == "${kept}")
        #expect(config["data", "patched"] == "yes")
        let raw = try #require(try await bed.object("v1", "ConfigMap", "pre-raw", namespace: "apps"))
        #expect(raw["data", "text"] == "${region}")
        let deployment = try #require(try await bed.object("apps/v1", "Deployment", "pre-podinfo", namespace: "apps"))
        #expect(deployment["spec", "replicas"] == .int(4))
        #expect(deployment["spec", "template", "spec", "containers"]?.arrayValue?.first?["image"] == "ghcr.io/stefanprodan/podinfo:6.1.0")
    }

    @Test func badInputGivesClearConditions() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        let controller = bed.controller()
        // No source yet: ArtifactFailed, retried.
        try await bed.applyKustomization("apps")
        let missing = await controller.reconcile(ObjectKey(namespace: "default", name: "apps"))
        #expect(missing.failure?.reason == "ArtifactFailed", "\(missing.report)")
        if case .waiting = missing.failure {} else { Issue.record("expected a retry: \(missing.report)") }

        // Invalid YAML: BuildFailed naming the file and line, nothing applied.
        try await bed.publish(["deploy/good.yaml": Manifests.configMap("good"), "deploy/bad.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n"])
        let bad = await controller.reconcile(ObjectKey(namespace: "default", name: "apps"))
        #expect(bad.failure?.reason == "BuildFailed", "\(bad.report)")
        #expect(bad.failure?.message.contains("bad.yaml") == true, "\(bad.report)")
        #expect(try await bed.object("v1", "ConfigMap", "good") == nil)

        // An object the API rejects: its id and the server's message. Every object of a stage is dry-run before any is
        // applied (Flux's ApplyAll), so the valid one beside it is not applied either; the first stage (a Namespace)
        // was applied before and stays in the inventory.
        try await bed.publish(["deploy/a.yaml": Manifests.configMap("a-first"), "deploy/bad.yaml": Manifests.configMap("z_invalid"),
                               "deploy/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: stage-one\n"],
                              removing: ["deploy/good.yaml"])
        let rejected = await controller.reconcile(ObjectKey(namespace: "default", name: "apps"))
        #expect(rejected.failure?.message.contains("ConfigMap/default/z_invalid") == true, "\(rejected.report)")
        #expect(try await bed.object("v1", "ConfigMap", "a-first") == nil)
        #expect(try await bed.object("v1", "Namespace", "stage-one", namespace: nil) != nil)
        #expect(try await bed.kustomization("apps").status?.inventory?.entries.map(\.id) == ["_stage-one__Namespace"])
        #expect(try await bed.kustomization("apps").status?.history?.first?.lastReconciledStatus == "ReconciliationFailed")

        // A dependency cycle stalls, naming the cycle.
        try await bed.applyKustomization("one", extra: "  dependsOn:\n  - name: two")
        try await bed.applyKustomization("two", extra: "  dependsOn:\n  - name: one")
        let cycle = await controller.reconcile(ObjectKey(namespace: "default", name: "one"))
        #expect(cycle.failure == .stalling(reason: "DependencyNotReady", message: "dependency cycle: default/one -> default/two -> default/one"))

        // An account to impersonate that does not exist (yet) fails naming it, and is retried (not a stall).
        try await bed.applyKustomization("tenant", extra: "  serviceAccountName: team-deployer")
        let tenant = await controller.reconcile(ObjectKey(namespace: "default", name: "tenant"))
        #expect(tenant.failure == .generic(reason: "ReconciliationFailed",
                                           message: "ServiceAccount \"default/team-deployer\" not found"))
        // Decryption through a cloud KMS identity stalls, naming the field (Sluice reaches no KMS).
        try await bed.applyKustomization("sops", extra: "  decryption:\n    provider: sops\n    serviceAccountName: kms-reader")
        let sops = await controller.reconcile(ObjectKey(namespace: "default", name: "sops"))
        #expect(sops.failure?.message.hasPrefix("spec.decryption.serviceAccountName is not supported") == true, "\(sops.report)")
    }

    @Test func dependsOnWaitsUntilTheDependencyIsReady() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        try await bed.publish(["infra/ns.yaml": "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team\n",
                               "apps/config.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: team\n"])
        try await bed.applyKustomization("infra", path: "./infra")
        try await bed.applyKustomization("apps", path: "./apps", extra: "  dependsOn:\n  - name: infra")
        let controller = bed.controller(requeueDependency: .seconds(5))
        let waiting = await controller.reconcile(ObjectKey(namespace: "default", name: "apps"))
        #expect(waiting.failure == .waiting(reason: "DependencyNotReady",
                                            message: "dependency 'default/infra' is not ready: not Ready, retrying in 5s", retryAfter: .seconds(5)))
        let infra = await controller.reconcile(ObjectKey(namespace: "default", name: "infra"))
        #expect(infra.isReady, "\(infra.report)")
        // Infra becoming Ready requeues apps.
        let before = try await bed.api.get(Kustomization.gvk, namespace: "default", name: "infra")
        let all = try await bed.api.list(Kustomization.gvk, namespace: "default").items
        let after = try #require(all.first { $0.name == "infra" })
        var previous = try #require(before)
        previous["status"] = nil
        #expect(controller.reconciler.dependents(of: after, previous: previous, among: all) == [ObjectKey(namespace: "default", name: "apps")])
        let apps = await controller.reconcile(ObjectKey(namespace: "default", name: "apps"))
        #expect(apps.isReady, "\(apps.report)")
        #expect(try await bed.object("v1", "ConfigMap", "app", namespace: "team") != nil)
    }

    @Test func driftIsNamedAndCorrectedAndTheAllowEmptyGuardHolds() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        try await bed.publish(["deploy/config.yaml": Manifests.configMap("settings"), "deploy/deployment.yaml": Manifests.deployment("podinfo")])
        try await bed.applyKustomization("apps")
        let controller = bed.controller()
        #expect(await controller.reconcile(ObjectKey(namespace: "default", name: "apps")).isReady)

        // `kubectl scale` needs the scale subresource, which `sluice cluster serve` does not serve yet.
        try await bed.kubectl(["patch", "deployment", "podinfo", "--type=merge", "-p", #"{"spec":{"replicas":5}}"#])
        try await bed.kubectl(["delete", "configmap", "settings"])
        let key = ObjectKey(namespace: "default", name: "apps")
        let raw = try #require(try await bed.api.get(Kustomization.gvk, namespace: "default", name: "apps"))
        let context = ReconcileContext(api: bed.api, store: bed.store, events: EventRecorder(store: nil, controller: "test", logger: bed.logger), logger: bed.logger)
        let diff = try await controller.reconciler.diff(raw.decode(as: Kustomization.self), context: context)
        #expect(diff.flatMap(\.lines) == ["ConfigMap/default/settings: missing (would be created)", "Deployment/default/podinfo: spec.replicas 2 -> 5"])
        #expect(diff.map(\.action) == [.created, .drifted])

        #expect(await controller.reconcile(key).isReady)
        #expect(try await bed.object("apps/v1", "Deployment", "podinfo")?["spec", "replicas"] == .int(2))
        #expect(try await bed.object("v1", "ConfigMap", "settings") != nil)
        let drift = try #require(try bed.events(for: "apps").last { $0.reason == "DriftDetected" })
        #expect(drift.message.contains("Deployment/default/podinfo: spec.replicas 2 -> 5"))
        #expect(drift.message.contains("ConfigMap/default/settings: deleted -> recreated"))
        #expect(bed.metrics.render().contains("gotk_drift_objects_total"))
        let clean = try await controller.reconciler.diff(bed.kustomization("apps"), context: context)
        #expect(clean.isEmpty)

        // A build with no objects does not prune everything unless allowed.
        try await bed.publish(["deploy/kustomization.yaml": "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n"], removing: ["deploy/config.yaml", "deploy/deployment.yaml"])
        let empty = await controller.reconcile(key)
        #expect(empty.failure?.reason == "PruneFailed", "\(empty.report)")
        #expect(try await bed.object("v1", "ConfigMap", "settings") != nil)
        try await bed.kubectl(["annotate", "kustomization", "apps", "kustomize.toolkit.fluxcd.io/allow-empty=enabled"])
        let allowed = await controller.reconcile(key)
        #expect(allowed.isReady, "\(allowed.report)")
        #expect(try await bed.object("v1", "ConfigMap", "settings") == nil)
    }

    @Test func healthChecksPassAndFail() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        try await bed.publish(["good/deployment.yaml": Manifests.deployment("good"),
                               "bad/deployment.yaml": Manifests.deployment("bad", annotations: "  annotations:\n    sluice.dev/simulate: fail")])
        try await bed.applyKustomization("good", path: "./good", extra: "  wait: true")
        try await bed.applyKustomization("bad", path: "./bad", extra: """
              healthChecks:
              - apiVersion: apps/v1
                kind: Deployment
                name: bad
                namespace: default
            """)
        let controller = bed.controller()
        let good = await controller.reconcile(ObjectKey(namespace: "default", name: "good"))
        #expect(good.isReady, "\(good.report)")
        #expect(try await bed.kustomization("good").conditions.contains { $0.type == "Healthy" && $0.status == .true })
        let bad = await controller.reconcile(ObjectKey(namespace: "default", name: "bad"))
        #expect(bad.failure?.reason == "HealthCheckFailed", "\(bad.report)")
        #expect(bad.failure?.message.contains("Deployment/default/bad status: 'Failed'") == true, "\(bad.report)")
        #expect(try await bed.kustomization("bad").conditions.contains { $0.type == "Healthy" && $0.status == .false })

        // An object that never becomes current: the check gives up at spec.timeout (1s, raised to Flux's 30s floor).
        try await bed.applyKustomization("slow", path: "./good", timeout: "1s", extra: """
              healthChecks:
              - apiVersion: apps/v1
                kind: Deployment
                name: never-created
            """)
        let slow = await controller.reconcile(ObjectKey(namespace: "default", name: "slow"))
        #expect(slow.failure?.reason == "HealthCheckFailed", "\(slow.report)")
        #expect(slow.failure?.message.contains("timeout waiting for: [Deployment/default/never-created status: 'InProgress']") == true, "\(slow.report)")
    }

    @Test func deletionPolicyDeletesTheInventory() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        try await bed.publish(["deploy/config.yaml": Manifests.configMap("settings"),
                               "deploy/kept.yaml": Manifests.configMap("kept", annotations: "  annotations:\n    kustomize.toolkit.fluxcd.io/prune: disabled\n")])
        try await bed.applyKustomization("apps")
        let controller = bed.controller()
        #expect(await controller.reconcile(ObjectKey(namespace: "default", name: "apps")).isReady)
        try await bed.kubectl(["delete", "kustomization", "apps", "--wait=false"])
        #expect(await controller.reconcile(ObjectKey(namespace: "default", name: "apps")) == .finalized)
        #expect(try await bed.object("v1", "ConfigMap", "settings") == nil)
        #expect(try await bed.object("v1", "ConfigMap", "kept") != nil)
    }

    @Test func perObjectAnnotationsAndCRDsWithTheirObjects() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        let crd = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.example.com
            spec:
              group: example.com
              names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
              scope: Namespaced
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true

            """
        try await bed.publish([
            "deploy/crd.yaml": crd,
            "deploy/widget.yaml": "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: gear\nspec:\n  size: 3\n",
            "deploy/once.yaml": Manifests.configMap("once", annotations: "  annotations:\n    kustomize.toolkit.fluxcd.io/ssa: IfNotPresent\n"),
            "deploy/off.yaml": Manifests.configMap("off", annotations: "  annotations:\n    kustomize.toolkit.fluxcd.io/reconcile: disabled\n"),
        ])
        try await bed.applyKustomization("apps")
        let controller = bed.controller()
        let key = ObjectKey(namespace: "default", name: "apps")
        let first = await controller.reconcile(key)
        #expect(first.isReady, "\(first.report)")
        #expect(try await bed.object("example.com/v1", "Widget", "gear")?["spec", "size"] == .int(3))
        #expect(try await bed.object("v1", "ConfigMap", "off") == nil)
        #expect(try await bed.object("v1", "ConfigMap", "once") != nil)

        // IfNotPresent: created once, then left alone.
        try await bed.kubectl(["patch", "configmap", "once", "--type=merge", "-p", #"{"data":{"value":"changed"}}"#])
        #expect(await controller.reconcile(key).isReady)
        #expect(try await bed.object("v1", "ConfigMap", "once")?["data", "value"] == "changed")
        let entries = try await bed.kustomization("apps").status?.inventory?.entries.map(\.id) ?? []
        #expect(entries.contains("default_gear_example.com_Widget"))
        #expect(entries.contains("_widgets.example.com_apiextensions.k8s.io_CustomResourceDefinition"))
    }

    @Test func orphanKeepsObjectsAndCrossNamespaceRefsCanBeRefused() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        try await bed.publish(["deploy/config.yaml": Manifests.configMap("settings")])
        try await bed.kubectl(["create", "namespace", "team"])
        try await bed.kubectl(["apply", "-f", "-"], input: """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata:
              name: elsewhere
              namespace: team
            spec:
              interval: 10m
              path: ./deploy
              prune: true
              targetNamespace: team
              sourceRef:
                kind: GitRepository
                name: repo
                namespace: default
            """)
        let elsewhere = ObjectKey(namespace: "team", name: "elsewhere")
        let refused = await bed.controller(noCrossNamespaceRefs: true).reconcile(elsewhere)
        #expect(refused.failure?.reason == "AccessDenied", "\(refused.report)")
        let allowed = await bed.controller().reconcile(elsewhere)
        #expect(allowed.isReady, "\(allowed.report)")
        #expect(try await bed.object("v1", "ConfigMap", "settings", namespace: "team") != nil)

        try await bed.applyKustomization("apps", extra: "  deletionPolicy: Orphan")
        let controller = bed.controller()
        #expect(await controller.reconcile(ObjectKey(namespace: "default", name: "apps")).isReady)
        try await bed.kubectl(["delete", "kustomization", "apps", "--wait=false"])
        #expect(await controller.reconcile(ObjectKey(namespace: "default", name: "apps")) == .finalized)
        #expect(try await bed.object("v1", "ConfigMap", "settings") != nil)
    }

    @Test func anImmutableFieldChangeFailsWithoutForceAndRecreatesWithIt() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        let v2 = Manifests.deployment("podinfo").replacingOccurrences(of: "app: podinfo", with: "app: podinfo-v2")
        try await bed.publish(["deploy/app.yaml": Manifests.deployment("podinfo"), "deploy/old.yaml": Manifests.configMap("old")])
        try await bed.applyKustomization("apps")
        let controller = bed.controller()
        let key = ObjectKey(namespace: "default", name: "apps")
        #expect(await controller.reconcile(key).isReady)
        let uid = try #require(try await bed.object("apps/v1", "Deployment", "podinfo")?.uid)

        // The selector changes and a ConfigMap goes: the server refuses the change, Flux's words name the object and
        // the field, and nothing is pruned.
        let second = try await bed.publish(["deploy/app.yaml": v2], removing: ["deploy/old.yaml"])
        let refused = await controller.reconcile(key)
        #expect(refused.failure?.reason == "ReconciliationFailed", "\(refused.report)")
        let message = refused.failure?.message ?? ""
        #expect(message.hasPrefix(#"Deployment/default/podinfo dry-run failed (Invalid): Deployment.apps "podinfo" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"podinfo-v2"}"#),
                "\(refused.report)")
        #expect(message.contains("field is immutable"), "\(refused.report)")
        #expect(try await bed.object("v1", "ConfigMap", "old") != nil)
        let live = try #require(try await bed.object("apps/v1", "Deployment", "podinfo"))
        #expect(live.uid == uid)
        #expect(live["spec", "selector", "matchLabels", "app"] == .string("podinfo"))
        #expect(try await bed.kustomization("apps").status?.lastAppliedRevision != second)

        // spec.force: true deletes and recreates the object with the new selector; then the reconcile goes on and prunes.
        try await bed.applyKustomization("apps", extra: "  force: true")
        let forced = await controller.reconcile(key)
        #expect(forced.isReady, "\(forced.report)")
        let recreated = try #require(try await bed.object("apps/v1", "Deployment", "podinfo"))
        #expect(recreated.uid != uid)
        #expect(recreated["spec", "selector", "matchLabels", "app"] == .string("podinfo-v2"))
        #expect(try await bed.object("v1", "ConfigMap", "old") == nil)
        let applied = try await bed.kustomization("apps")
        #expect(applied.status?.lastAppliedRevision == second)
        #expect(applied.status?.inventory?.entries.map(\.id) == ["default_podinfo_apps_Deployment"])
        #expect(try bed.events(for: "apps").map(\.message).contains { $0.contains("Deployment/default/podinfo created") })
    }
}
