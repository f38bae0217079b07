import Foundation
import SluiceCore
import SluiceKube

extension CreateOptions {
    /// What one `sluice create` verb says while it applies and waits, in flux's words.
    struct Wording {
        /// The kind as the messages name it: `GitRepository source`, `Kustomization` …
        var subject: String
        /// `✔ … created`/`updated`: flux says `source created` for a HelmRepository.
        var applied: String
        /// For kinds without a reconciler status (v1beta3 Alert and Provider).
        var isStatic = false
    }

    /// Prints the object for `--export`; otherwise applies it and waits for Ready.
    ///
    /// - Returns: The object once Ready, or nil after `--export`.
    @discardableResult
    func exportOrApply(_ object: JSONValue, _ wording: Wording, before: ((ObjectUpserter) async throws -> Void)? = nil) async throws -> KubeObject? {
        if export {
            Terminal.out(try FluxManifest.exportText(object))
            return nil
        }
        let client = try global.client()
        let upserter = ObjectUpserter(global: global, client: client)
        try await before?(upserter)
        Terminal.err("► applying \(wording.subject)")
        let (stored, created) = try await upserter.apply(object)
        Terminal.err("✔ \(wording.applied) \(created ? "created" : "updated")")
        Terminal.err("◎ waiting for \(wording.subject) reconciliation")
        return try await upserter.waitForReady(stored.gvk, name: stored.name, namespace: stored.namespace ?? namespace(), static: wording.isStatic)
    }
}
