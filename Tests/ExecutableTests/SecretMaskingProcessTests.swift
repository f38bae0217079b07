import Foundation
import SluiceTestSupport
import Testing

/// Secret values never leave the cluster through the kustomize-controller: a drifted Secret, and a ConfigMap holding a
/// value substituted from a Secret, are corrected with events, log lines and `sluice diff kustomization` output that
/// name the fields and mask the values (`*** (before)`, `*** (after)`), against the real `source-controller`,
/// `kustomize-controller`, `sluice` and `kubectl` over `sluice cluster serve` and a real `git daemon`.
@Suite(.enabled(if: BuiltExecutables.isBuilt("kustomize-controller") && BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil,
                "needs the built executables and kubectl"))
struct SecretMaskingProcessTests {
    static let gitPassword = "git-password-8c1f"
    static let livePassword = "live-password-3e9a"
    static let substituted = "substituted-token-5d2b"
    static let tampered = "tampered-token-0a7c"

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// Every value, in every form, that must not appear anywhere outside the cluster.
    static let forbidden = [gitPassword, base64(gitPassword), livePassword, base64(livePassword), substituted, base64(substituted), tampered]

    @Test func driftOfSecretsIsCorrectedAndReportedMasked() async throws {
        let bed = try await ControllerProcessBed.start("secret-mask", clusterFlags: ["--simulate-delay", "100ms"])
        defer { bed.stop() }
        let common = bed.common
        @discardableResult func kubectl(_ arguments: [String], input: String? = nil) async throws -> String {
            try await bed.kubectl(arguments, input: input)
        }
        let first = try await bed.fixture.commit([
            "deploy/secret.yaml": .file("apiVersion: v1\nkind: Secret\nmetadata:\n  name: credentials\ndata:\n  password: \(Self.base64(Self.gitPassword))\n  user: \(Self.base64("admin"))\n"),
            "deploy/config.yaml": .file("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  token: ${token}\n"),
        ], message: "First")
        try await bed.fixture.push()
        try await kubectl(["create", "secret", "generic", "vars", "--from-literal=token=\(Self.substituted)"])

        let source = try bed.run("source-controller", ["--storage-addr", "127.0.0.1:0", "--allow-local-git-urls"])
        defer { source.signal(SIGKILL) }
        let kustomize = try bed.run("kustomize-controller")
        defer { kustomize.signal(SIGKILL) }
        try await bed.applyApp(extra: """
              postBuild:
                substituteFrom:
                - kind: Secret
                  name: vars
            """)
        func field(_ kind: String, _ name: String, _ path: String) async throws -> String { try await bed.field(kind, name, path) }
        func waitFor(_ what: String, _ condition: () async throws -> Bool) async throws {
            try await bed.waitFor(what, logs: ["kustomize-controller": kustomize, "source-controller": source], condition)
        }
        try await waitFor("first apply") { try await field("kustomization", "app", ".status.lastAppliedRevision") == "main@sha1:\(first)" }
        await #expect(try field("configmap", "settings", ".data.token") == Self.substituted)

        // Drift in the cluster: both are put back, and the DriftDetected event names the fields with masked values.
        try await kubectl(["patch", "secret", "credentials", "--type=merge", "-p", #"{"data":{"password":"\#(Self.base64(Self.livePassword))"}}"#])
        try await kubectl(["patch", "configmap", "settings", "--type=merge", "-p", #"{"data":{"token":"\#(Self.tampered)"}}"#])
        try await waitFor("drift corrected") {
            let password = try await field("secret", "credentials", ".data.password")
            let token = try await field("configmap", "settings", ".data.token")
            return password == Self.base64(Self.gitPassword) && token == Self.substituted
        }
        var events = ""
        try await waitFor("drift events") {
            events = try await ChildProcess.run("sluice", ["events", "--for", "Kustomization/app", "-n", "default"] + common).stdout
            return events.contains("Secret/default/credentials: data.password") && events.contains("ConfigMap/default/settings: data.token")
        }
        #expect(events.contains("Secret/default/credentials: data.password *** (after) -> *** (before)"), "\(events)")
        #expect(events.contains("ConfigMap/default/settings: data.token *** (after) -> *** (before)"), "\(events)")

        // The diff, with the Kustomization suspended so that nothing corrects the drift meanwhile.
        try await kubectl(["patch", "kustomization", "app", "--type=merge", "-p", #"{"spec":{"suspend":true}}"#])
        try await kubectl(["patch", "secret", "credentials", "--type=merge", "-p", #"{"data":{"password":"\#(Self.base64(Self.livePassword))"}}"#])
        try await kubectl(["patch", "configmap", "settings", "--type=merge", "-p", #"{"data":{"token":"\#(Self.tampered)"}}"#])
        let diff = try await ChildProcess.run("sluice", ["diff", "kustomization", "app", "-n", "default"] + common)
        #expect(diff.status == 1, "\(diff.stdout)\(diff.stderr)")
        #expect(diff.stdout.contains("""
            ► Secret/default/credentials drifted

            data.password
              ± value change
                - *** (before)
                + *** (after)
            """), "\(diff.stdout)")
        #expect(diff.stdout.contains("► ConfigMap/default/settings drifted"), "\(diff.stdout)")
        let compact = try await ChildProcess.run("kustomize-controller", ["diff", "default/app", "--log-level", "error"] + common)
        #expect(compact.status == 1, "\(compact.stdout)\(compact.stderr)")
        #expect(compact.stdout.contains("Secret/default/credentials: data.password *** (after) -> *** (before)"), "\(compact.stdout)")

        let status = try await kubectl(["get", "kustomization", "app", "-o", "yaml"])
        kustomize.signal(SIGTERM)
        source.signal(SIGTERM)
        _ = try await kustomize.wait(timeout: .seconds(20))
        _ = try await source.wait(timeout: .seconds(20))
        for (place, text) in [("events", events), ("sluice diff", diff.stdout + diff.stderr), ("kustomize-controller diff", compact.stdout + compact.stderr),
                              ("Kustomization status", status), ("kustomize-controller log", kustomize.stderr + kustomize.stdout)]
        {
            for value in Self.forbidden {
                #expect(!text.contains(value), "\(place) shows the secret value \(value)")
            }
        }
        #expect(kustomize.stderr.contains("DriftDetected"), "the log has the drift event")
    }
}
