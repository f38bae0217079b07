import Foundation
import SluiceSOPS
import SluiceTestSupport
import Testing

/// SOPS decryption through the real processes: a Secret encrypted for an age key from the real `age-keygen`, the key
/// in a Secret made by `kubectl create secret generic --from-file=age.agekey=…`, the real `source-controller` and
/// `kustomize-controller` over `sluice cluster serve` and a real `git daemon`. The Secret lands decrypted; the
/// plaintext appears in no log, event, status, store byte, `sluice diff` or `sluice build` output (which masks it as
/// `flux build kustomization` does).
@Suite(.enabled(if: BuiltExecutables.isBuilt("kustomize-controller") && BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil,
                "needs the built executables and kubectl"))
struct SOPSDecryptionProcessTests {
    static let plain = "process-plain-61d9e0"

    @Test func anAgeEncryptedSecretLandsDecryptedAndNowhereElse() async throws {
        let bed = try await ControllerProcessBed.start("sops", clusterFlags: ["--simulate-delay", "100ms"])
        defer { bed.stop() }
        let common = bed.common
        let identity = try await Shell.run("age-keygen", [])
        let recipient = try #require(identity.split(separator: "\n").first { $0.hasPrefix("# public key: ") }?.dropFirst("# public key: ".count))
        let encryptor = SOPSEncryptor(recipients: [try AgeRecipient(publicKey: String(recipient))],
                                      rules: SOPSEncryptionRules(encryptedRegex: "^(data|stringData)$"))
        let secret = try encryptor.encrypt(Array("apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: \(Self.plain)\n".utf8),
                                           format: .yaml)
        let first = try await bed.fixture.commit([
            "deploy/kustomization.yaml": .file("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: default\nresources:\n- secret.yaml\n"),
            "deploy/secret.yaml": .file(String(decoding: secret, as: UTF8.self)),
        ], message: "Encrypted")
        try await bed.fixture.push()
        let keyFile = bed.directory.appendingPathComponent("age.agekey")
        try identity.write(to: keyFile, atomically: true, encoding: .utf8)
        try await bed.kubectl(["create", "secret", "generic", "sops-age", "--from-file=age.agekey=\(keyFile.path)"])
        try FileManager.default.removeItem(at: keyFile)

        let source = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0", "--allow-local-git-urls"])
        defer { source.signal(SIGKILL) }
        let kustomize = try bed.run("kustomize-controller")
        defer { kustomize.signal(SIGKILL) }
        try await bed.applyApp(extra: "  decryption:\n    provider: sops\n    secretRef:\n      name: sops-age\n")
        try await bed.waitFor("decrypted apply", logs: ["kustomize-controller": kustomize, "source-controller": source]) {
            try await bed.field("kustomization", "app", ".status.lastAppliedRevision") == "main@sha1:\(first)"
        }
        let password = try await bed.field("secret", "db", ".data.password")
        #expect(password == Data(Self.plain.utf8).base64EncodedString())

        let events = try await ChildProcess.run("sluice", ["events", "--for", "Kustomization/app", "-n", "default"] + common)
        let diff = try await ChildProcess.run("sluice", ["diff", "kustomization", "app", "-n", "default"] + common)
        #expect(diff.status == 0, "\(diff.stdout)\(diff.stderr)")
        let build = try await ChildProcess.run("sluice", ["build", "kustomization", "app", "-n", "default"] + common)
        #expect(build.status == 0, "\(build.stderr)")
        // As `flux build kustomization`: not decrypted, masked.
        #expect(build.stdout.contains(Data("**SOPS**".utf8).base64EncodedString()) || build.stdout.contains("**SOPS**"), "\(build.stdout)")
        #expect(!build.stdout.contains("ENC["), "\(build.stdout)")
        let status = try await bed.kubectl(["get", "kustomization", "app", "-o", "yaml"])
        kustomize.signal(SIGTERM)
        source.signal(SIGTERM)
        _ = try await kustomize.wait(timeout: .seconds(20))
        _ = try await source.wait(timeout: .seconds(20))
        var store = ""
        for suffix in ["", "-wal"] {
            if let bytes = FileManager.default.contents(atPath: bed.directory.appendingPathComponent("store.db\(suffix)").path) {
                store += String(decoding: bytes, as: UTF8.self)
            }
        }
        let forbidden = [Self.plain, Data(Self.plain.utf8).base64EncodedString()]
        for (place, text) in [("events", events.stdout + events.stderr), ("sluice diff", diff.stdout + diff.stderr),
                              ("sluice build", build.stdout + build.stderr), ("Kustomization status", status), ("store", store),
                              ("kustomize-controller log", kustomize.stderr + kustomize.stdout)]
        {
            for value in forbidden {
                #expect(!text.contains(value), "\(place) shows the secret value \(value)")
            }
        }
    }
}
