import Foundation
import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceSOPS
import SluiceStore
import SluiceTestSupport
import Testing
@testable import KustomizeController

/// `spec.decryption` against real `sluice cluster serve` and a real Git repository: SOPS files made here for keys from
/// the real `age-keygen` and `gpg`, and the shared files made by the real SOPS, decrypted as Flux's kustomize-controller
/// decrypts them; failures name the file and apply nothing; no plaintext leaves the cluster.
@Suite(.serialized, .enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built `sluice` and kubectl"))
struct SOPSDecryptionTests {
    static let agePlain = "age-plain-4f1c7d"
    static let pgpPlain = "pgp-plain-9b2e55"

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// A repository: an age-encrypted Secret and an OpenPGP-encrypted `.env` for a secretGenerator, under a
    /// kustomization that sets a namespace and labels (which would break the MAC if it were checked after the build).
    static func repository(_ keys: SOPSTestKeys, extra: [String: String] = [:]) throws -> [String: String] {
        [
            "deploy/kustomization.yaml": """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: default
                labels:
                - pairs:
                    team: payments
                resources:
                - secret.yaml
                - config.yaml
                secretGenerator:
                - name: app-env
                  envs:
                  - app.env
                  options:
                    disableNameSuffixHash: true
                """,
            "deploy/secret.yaml": try keys.encrypt("apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: \(agePlain)\n",
                                                   format: .yaml),
            "deploy/app.env": try keys.encrypt("TOKEN=\(pgpPlain)\n", format: .dotenv, age: false),
            "deploy/config.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: live\n",
        ].merging(extra) { $1 }
    }

    /// The key Secret `name` as Flux's guide makes it: `kubectl create secret generic … --from-file=age.agekey=…`.
    static func createKeySecret(_ bed: KustomizeTestBed, _ name: String, entries: [String: String]) async throws {
        let directory = bed.directory.appendingPathComponent("keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var arguments = ["create", "secret", "generic", name]
        for (entry, text) in entries.sorted(by: { $0.key < $1.key }) {
            let file = directory.appendingPathComponent(entry)
            try text.write(to: file, atomically: true, encoding: .utf8)
            arguments.append("--from-file=\(entry)=\(file.path)")
        }
        try await bed.kubectl(arguments)
    }

    static func decryption(_ secret: String) -> String {
        "  decryption:\n    provider: sops\n    secretRef:\n      name: \(secret)\n"
    }

    /// Everything outside the cluster a value could reach: events, the Kustomization's status, the store's bytes.
    static func shown(_ bed: KustomizeTestBed, _ name: String) async throws -> String {
        var text = try bed.events(for: name).map { "\($0.reason) \($0.message) \($0.metadata)" }.joined(separator: "\n")
        text += try await bed.kubectl(["get", "kustomization", name, "-o", "yaml"])
        for suffix in ["", "-wal"] {
            if let bytes = FileManager.default.contents(atPath: bed.directory.appendingPathComponent("store.db\(suffix)").path) {
                text += String(decoding: bytes, as: UTF8.self)
            }
        }
        return text
    }

    static let forbidden = [agePlain, pgpPlain, base64(agePlain), base64(pgpPlain)]

    @Test func ageSecretsAndPGPEnvFilesLandDecrypted() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        let keys = try await SOPSTestKeys.make()
        let files = try Self.repository(keys)
        await keys.remove()
        #expect(!files.values.joined().contains(Self.agePlain) && !files.values.joined().contains(Self.pgpPlain))
        try await bed.publish(files)
        try await Self.createKeySecret(bed, "sops-keys", entries: ["age.agekey": keys.ageIdentity, "pgp.asc": keys.pgpSecretKey])
        try await bed.applyKustomization("apps", extra: Self.decryption("sops-keys"))
        let outcome = await bed.controller().reconcile(ObjectKey(namespace: "default", name: "apps"))
        #expect(outcome.isReady, "\(outcome.report)")
        let secret = try await bed.object("v1", "Secret", "db")
        #expect(secret?["data", "password"]?.stringValue == Self.base64(Self.agePlain))
        #expect(secret?["sops"] == nil)
        #expect(secret?.labels["team"] == "payments")
        #expect(try await bed.object("v1", "Secret", "app-env")?["data", "TOKEN"]?.stringValue == Self.base64(Self.pgpPlain))
        let shown = try await Self.shown(bed, "apps")
        for value in Self.forbidden { #expect(!shown.contains(value), "\(value) shown") }
    }

    @Test func tamperedFilesMissingAndWrongKeysFailNamingTheCauseAndApplyNothing() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        let keys = try await SOPSTestKeys.make()
        let other = try await SOPSTestKeys.make()
        do {
            try await Self.failures(bed, keys, other)
        } catch {
            await keys.remove()
            await other.remove()
            throw error
        }
        await keys.remove()
        await other.remove()
    }

    static func failures(_ bed: KustomizeTestBed, _ keys: SOPSTestKeys, _ other: SOPSTestKeys) async throws {
        var files = try Self.repository(keys)
        try await bed.publish(files)
        try await Self.createKeySecret(bed, "sops-keys", entries: ["age.agekey": keys.ageIdentity, "pgp.asc": keys.pgpSecretKey])
        try await bed.applyKustomization("apps", extra: Self.decryption("sops-keys"))
        let controller = bed.controller()
        let key = ObjectKey(namespace: "default", name: "apps")
        let first = await controller.reconcile(key)
        #expect(first.isReady, "\(first.report)")

        // A change to a value SOPS left in clear (the name): the MAC no longer matches. The new ConfigMap is not
        // applied, and the one the revision drops is not pruned.
        files["deploy/secret.yaml"] = files["deploy/secret.yaml"]?.replacingOccurrences(of: "name: db", with: "name: db-admin")
        files["deploy/extra.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n"
        files["deploy/kustomization.yaml"] = files["deploy/kustomization.yaml"]?
            .replacingOccurrences(of: "- config.yaml", with: "- extra.yaml")
        try await bed.publish(files, removing: ["deploy/config.yaml"])
        let tampered = await controller.reconcile(key)
        #expect(tampered.failure?.reason == "BuildFailed", "\(tampered.report)")
        let message = tampered.failure?.message ?? ""
        #expect(message.contains("deploy/secret.yaml") && message.contains("MAC"), "\(message)")
        #expect(try await bed.object("v1", "ConfigMap", "extra") == nil)
        #expect(try await bed.object("v1", "ConfigMap", "settings") != nil)
        #expect(try await bed.object("v1", "Secret", "db-admin") == nil)

        // An encrypted value altered: its authentication fails.
        files = try Self.repository(keys)
        let original = try #require(files["deploy/secret.yaml"])
        let start = try #require(original.range(of: "ENC[AES256_GCM,data:"))
        var altered = original
        let position = start.upperBound
        altered.replaceSubrange(position ... position, with: original[position] == "A" ? "B" : "A")
        files["deploy/secret.yaml"] = altered
        try await bed.publish(files)
        let corrupt = await controller.reconcile(key)
        #expect(corrupt.failure?.reason == "BuildFailed", "\(corrupt.report)")
        #expect(corrupt.failure?.message.contains("deploy/secret.yaml") == true, "\(corrupt.report)")

        // A key Secret that does not exist.
        try await bed.publish(try Self.repository(keys))
        try await bed.applyKustomization("apps", extra: Self.decryption("absent-keys"))
        let missing = await controller.reconcile(key)
        #expect(missing.failure?.reason == "BuildFailed", "\(missing.report)")
        #expect(missing.failure?.message.contains("'default/absent-keys' not found") == true, "\(missing.report)")

        // Keys that are not the document's: no key for it, the file named with the recipients it needs.
        try await Self.createKeySecret(bed, "wrong-keys", entries: ["age.agekey": other.ageIdentity, "pgp.asc": other.pgpSecretKey])
        try await bed.applyKustomization("apps", extra: Self.decryption("wrong-keys"))
        let wrong = await controller.reconcile(key)
        #expect(wrong.failure?.reason == "BuildFailed", "\(wrong.report)")
        let wrongMessage = wrong.failure?.message ?? ""
        #expect(wrongMessage.contains("deploy/"), "\(wrongMessage)")
        #expect(wrongMessage.contains(keys.ageRecipient) || wrongMessage.contains(keys.gnupg.fingerprint), "\(wrongMessage)")

        // Cloud KMS credentials stall, naming the entry.
        try await Self.createKeySecret(bed, "cloud-keys", entries: ["sops.aws-kms": "aws_access_key_id: x\n"])
        try await bed.applyKustomization("apps", extra: Self.decryption("cloud-keys"))
        let cloud = await controller.reconcile(key)
        if case .stalling(_, let message)? = cloud.failure {
            #expect(message.contains("'sops.aws-kms'"), "\(message)")
        } else {
            Issue.record("expected a stall: \(cloud.report)")
        }
        #expect(try await bed.object("v1", "ConfigMap", "extra") == nil)
        #expect(try await bed.object("v1", "ConfigMap", "settings") != nil)
        let shown = try await Self.shown(bed, "apps")
        for value in Self.forbidden { #expect(!shown.contains(value), "\(value) shown") }
    }

    /// Without `spec.decryption` an encrypted Secret is refused before anything is applied, as Flux refuses it.
    @Test func encryptedSecretsWithoutDecryptionAreRefused() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        let keys = try await SOPSTestKeys.make()
        let files = try Self.repository(keys)
        await keys.remove()
        try await bed.publish(files)
        try await bed.applyKustomization("apps")
        let outcome = await bed.controller().reconcile(ObjectKey(namespace: "default", name: "apps"))
        #expect(outcome.failure == .generic(reason: "ReconciliationFailed",
                                            message: "Secret/default/db is SOPS encrypted, configuring decryption is required for this secret to be reconciled"),
                "\(outcome.report)")
        #expect(try await bed.object("v1", "ConfigMap", "settings") == nil)
    }

    /// The controller-wide keys: `--sops-age-secret` (a Secret in the controller's namespace) for a Kustomization whose
    /// `decryption` names no Secret, and `SOPS_AGE_KEY` when no Secret gave an age key.
    @Test func controllerWideAgeKeysDecryptWithoutASecretRef() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        let keys = try await SOPSTestKeys.make()
        let secret = try keys.encrypt("apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: \(Self.agePlain)\n", format: .yaml)
        await keys.remove()
        try await bed.publish(["deploy/secret.yaml": secret])
        try await bed.kubectl(["create", "namespace", "flux-system"])
        try await bed.kubectl(["create", "secret", "generic", "global-age", "-n", "flux-system", "--from-literal=main.agekey=\(keys.ageIdentity)"])
        try await bed.applyKustomization("apps", extra: "  decryption:\n    provider: sops\n")
        let key = ObjectKey(namespace: "default", name: "apps")
        let none = await bed.controller().reconcile(key)
        #expect(none.failure?.reason == "BuildFailed", "\(none.report)")
        #expect(none.failure?.message.contains("deploy/secret.yaml") == true, "\(none.report)")
        let global = await bed.controller(decryption: DecryptionSettings(ageSecret: ("flux-system", "global-age"))).reconcile(key)
        #expect(global.isReady, "\(global.report)")
        #expect(try await bed.object("v1", "Secret", "db")?["data", "password"]?.stringValue == Self.base64(Self.agePlain))
        try await bed.kubectl(["delete", "secret", "db"])
        let environment = await bed.controller(decryption: DecryptionSettings(environment: ["SOPS_AGE_KEY": keys.ageIdentity])).reconcile(key)
        #expect(environment.isReady, "\(environment.report)")
        #expect(try await bed.object("v1", "Secret", "db")?["data", "password"]?.stringValue == Self.base64(Self.agePlain))
    }

    /// The shared files encrypted by the real SOPS 3.9 (age and OpenPGP) with their keys in the Secret.
    @Test func sharedSOPSFilesDecryptThroughTheController() async throws {
        let bed = try await KustomizeTestBed.start()
        defer { bed.stop() }
        let fixtures = BuiltExecutables.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures/sops")
        func text(_ name: String) throws -> String { try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8) }
        try await bed.publish(["deploy/age.yaml": try text("age.yaml"), "deploy/pgp.yaml": try text("pgp.yaml")])
        try await Self.createKeySecret(bed, "sops-keys", entries: ["identity.agekey": try text("age.txt"), "identity.asc": try text("pgp.asc")])
        try await bed.applyKustomization("apps", extra: Self.decryption("sops-keys"))
        let outcome = await bed.controller().reconcile(ObjectKey(namespace: "default", name: "apps"))
        #expect(outcome.isReady, "\(outcome.report)")
        #expect(try await bed.object("v1", "Secret", "age")?["data", "key"]?.stringValue == Self.base64("value"))
        #expect(try await bed.object("v1", "Secret", "pgp")?["data", "key"]?.stringValue == Self.base64("value"))
    }
}
