import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceRuntime
import SluiceTestSupport
import Testing
@testable import KustomizeController
import SluiceApply

/// Secret values stay out of drift, diffs and failure messages: Flux's masks on a Secret's `data` and `stringData`,
/// and redaction of the values the build and the substitution handled wherever else they could surface.
@Suite struct SecretMaskTests {
    static func drift(_ path: [String], desired: JSONValue?, live: JSONValue?) -> FieldDrift {
        FieldDrift(path: path, desired: desired, live: live)
    }

    @Test func secretValuesAreMaskedAsFluxMasksThem() {
        let secret = KubeObject(apiVersion: "v1", kind: "Secret", name: "s", namespace: "default")
        var intent = secret
        intent["data"] = ["changed": "bmV3", "added": "YWRk", "same": "c2FtZQ=="]
        var live = secret
        live["data"] = ["changed": "b2xk", "same": "c2FtZQ==", "removed": "cm0="]
        // The dry run keeps `removed` (another manager's); had the apply taken it over, the dry run would drop it: drift.
        var merged = intent
        merged["data"] = ["changed": "bmV3", "added": "YWRk", "same": "c2FtZQ==", "removed": "cm0="]
        let fields = ObjectDrift.changes(intent: intent, merged: merged, live: live)
        #expect(fields.map(\.description) == ["data.changed *** (after) -> *** (before)", "data.added *** -> <none>"])
        #expect(ObjectDrift.changes(intent: intent, merged: intent, live: live).map(\.description)
            == ["data.changed *** (after) -> *** (before)", "data.added *** -> <none>", "data.removed <none> -> ***"])
        // A whole map, as when the live Secret has no data at all: entry by entry, as fluxcd/pkg's maskMap.
        let whole = SecretMask.masked([Self.drift(["data"], desired: ["a": "MQ==", "b": "Mg=="], live: ["a": "MA==", "c": "Mw=="])])
        #expect(whole.first?.desired == ["a": "*** (after)", "b": "***"])
        #expect(whole.first?.live == ["a": "*** (before)", "c": "***"])
        #expect(SecretMask.masked([Self.drift(["stringData", "k"], desired: "x", live: nil)]).first?.desired == "***")
        // Anything else of a Secret, and any ConfigMap, is shown.
        #expect(SecretMask.masked([Self.drift(["type"], desired: "Opaque", live: "kubernetes.io/tls")]).first?.live == "kubernetes.io/tls")
        var config = KubeObject(apiVersion: "v1", kind: "ConfigMap", name: "c", namespace: "default")
        config["data"] = ["k": "v"]
        var liveConfig = config
        liveConfig["data"] = ["k": "w"]
        #expect(ObjectDrift.changes(intent: config, merged: config, live: liveConfig).map(\.description) == ["data.k v -> w"])
    }

    @Test func theRedactorHidesEveryFormOfAValue() throws {
        var secret = KubeObject(apiVersion: "v1", kind: "Secret", name: "s", namespace: "default")
        secret["data"] = ["password": .string(Data("hunter2-value".utf8).base64EncodedString())]
        secret["stringData"] = ["note": "line one\nsecond \"quoted\" line"]
        var redactor = SecretRedactor()
        redactor.add(secretsIn: [secret])
        redactor.add("substituted-value")
        let message = "denied: hunter2-value, \(Data("hunter2-value".utf8).base64EncodedString()), second \\\"quoted\\\" line, substituted-value; 1"
        #expect(redactor.redact(message) == "denied: ***, ***, ***, ***; 1")
        let fields = redactor.masked([FieldDrift(path: ["spec", "env"], desired: "substituted-value", live: "old"),
                                      FieldDrift(path: ["spec", "replicas"], desired: 2, live: 5)])
        #expect(fields.map(\.description) == ["spec.env *** (after) -> *** (before)", "spec.replicas 2 -> 5"])
    }
}

/// The same against real `sluice cluster serve`: failures whose messages would carry a secret value.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built `sluice` and kubectl"))
struct SecretRedactionTests {
    @Test func substitutionErrorsInASecretDoNotQuoteIt() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        let value = "pre-${hunter2-broken-secret"
        try await bed.publish(["deploy/secret.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: credentials\nstringData:\n  password: \(value)\n"])
        try await bed.applyKustomization("apps", extra: "  postBuild:\n    substitute:\n      region: eu\n")
        let failed = await bed.controller().reconcile(ObjectKey(namespace: "default", name: "apps"))
        #expect(failed.failure?.reason == "BuildFailed", "\(failed.report)")
        #expect(failed.failure?.message == "post-build substitutions failed: Secret/credentials: unterminated variable expression",
                "\(failed.report)")
        let shown = try bed.events(for: "apps").map(\.message).joined() + (failed.failure?.message ?? "")
            + (try await bed.kubectl(["get", "kustomization", "apps", "-o", "yaml"]))
        #expect(!shown.contains("hunter2"), "\(shown)")
    }

    /// A Deployment whose selector holds a value substituted from a Secret: when the Secret changes, the server refuses
    /// the selector change quoting the new selector; the condition, events and log say so without the value.
    @Test func serverErrorsQuotingASubstitutedSecretValueAreRedacted() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        try await bed.kubectl(["create", "secret", "generic", "vars", "--from-literal=tier=first-secret-tier-91ab"])
        // The selector and the template's labels both carry the tier, as a real server requires (the selector must select them).
        let deployment = Manifests.deployment("web")
            .replacingOccurrences(of: "      app: web\n  template:", with: "      app: web\n      tier: ${tier}\n  template:")
            .replacingOccurrences(of: "        app: web\n", with: "        app: web\n        tier: ${tier}\n")
        try await bed.publish(["deploy/deployment.yaml": deployment])
        try await bed.applyKustomization("apps", extra: "  postBuild:\n    substituteFrom:\n    - kind: Secret\n      name: vars\n")
        let controller = bed.controller()
        let key = ObjectKey(namespace: "default", name: "apps")
        let first = await controller.reconcile(key)
        #expect(first.isReady, "\(first.report)")
        #expect(try await bed.object("apps/v1", "Deployment", "web")?["spec", "selector", "matchLabels", "tier"] == "first-secret-tier-91ab")

        try await bed.kubectl(["patch", "secret", "vars", "--type=merge", "-p",
                               #"{"data":{"tier":"\#(Data("rotated-secret-tier-77cd".utf8).base64EncodedString())"}}"#])
        let refused = await controller.reconcile(key)
        let message = refused.failure?.message ?? ""
        #expect(refused.failure?.reason == "ReconciliationFailed", "\(refused.report)")
        #expect(message.contains("Deployment/default/web dry-run failed (Invalid)"), "\(message)")
        #expect(message.contains("field is immutable"), "\(message)")
        #expect(message.contains("***"), "\(message)")
        let shown = message + (try bed.events(for: "apps").map(\.message).joined())
            + (try await bed.kubectl(["get", "kustomization", "apps", "-o", "yaml"]))
        #expect(!shown.contains("rotated-secret-tier-77cd"), "\(shown)")
    }
}
