import Foundation
import Logging
import SluiceCore
import SluiceKube

extension HelmActionRunner {
    /// Runs the hooks of `record` for `event` as Helm's `execHook`: sorted by weight then name; each one's
    /// `before-hook-creation` policy (the default when it names none) deletes the previous object first; the object is
    /// created and waited for (Jobs until complete, Pods until they end, anything else at once); its last run is
    /// recorded. A failed hook is deleted under `hook-failed` (and those that ran before it under `hook-succeeded`) and
    /// fails the event; after success every hook with `hook-succeeded` is deleted, last first.
    ///
    /// - Parameter only: the names of the hooks to run, nil for all (test filters); the others are left alone.
    func runHooks(_ event: String, record: inout HelmReleaseRecord, serverSideApply: Bool, deadline: ActionDeadline,
                  only: Set<String>? = nil) async throws
    {
        let indices = record.hooks.indices
            .filter { record.hooks[$0].events.contains(event) && (only?.contains(record.hooks[$0].name) ?? true) }
            .sorted { a, b in
                let (x, y) = (record.hooks[a], record.hooks[b])
                return x.weight == y.weight ? x.name < y.name : x.weight < y.weight
            }
        guard !indices.isEmpty else { return }
        logger.debug("running hooks", metadata: ["release": "\(record.name)", "event": "\(event)", "count": "\(indices.count)"])
        var ran: [Int] = []
        for index in indices {
            if record.hooks[index].deletePolicies.isEmpty { record.hooks[index].deletePolicies = ["before-hook-creation"] }
            let hook = record.hooks[index]
            try await deleteHook(hook, namespace: record.namespace, ifPolicy: "before-hook-creation", deadline: deadline)
            let objects: [KubeObject]
            do {
                objects = try await self.objects(of: hook.manifest, namespace: record.namespace)
            } catch {
                throw ActionFailure("unable to build kubernetes object for \(event) hook \(hook.path): \(ActionFailure.text(error))")
            }
            record.hooks[index].lastRun = HelmHookExecution(startedAt: Timestamp.rfc3339Nano(Date()), phase: "Running")
            try? await storage.update(record)
            record.hooks[index].lastRun.phase = "Unknown"
            do {
                for object in objects { try await put(object, serverSideApply: serverSideApply, force: false, deadline: deadline) }
            } catch {
                record.hooks[index].lastRun.completedAt = Timestamp.rfc3339Nano(Date())
                record.hooks[index].lastRun.phase = "Failed"
                throw ActionFailure("warning: Hook \(event) \(hook.path) failed: \(ActionFailure.text(error))")
            }
            do {
                try await waitForHook(objects, deadline: deadline)
            } catch {
                record.hooks[index].lastRun.completedAt = Timestamp.rfc3339Nano(Date())
                record.hooks[index].lastRun.phase = "Failed"
                let failure = ActionFailure.text(error)
                logger.info("hook failed", metadata: ["release": "\(record.name)", "hook": "\(hook.path)", "error": "\(failure)"])
                try? await deleteHook(hook, namespace: record.namespace, ifPolicy: "hook-failed", deadline: deadline)
                for earlier in ran {
                    try await deleteHook(record.hooks[earlier], namespace: record.namespace, ifPolicy: "hook-succeeded", deadline: deadline)
                }
                throw ActionFailure(failure)
            }
            record.hooks[index].lastRun.completedAt = Timestamp.rfc3339Nano(Date())
            record.hooks[index].lastRun.phase = "Succeeded"
            ran.append(index)
        }
        for index in ran.reversed() {
            try await deleteHook(record.hooks[index], namespace: record.namespace, ifPolicy: "hook-succeeded", deadline: deadline)
        }
    }

    /// Deletes the objects of `hook` when it has delete policy `policy` (CRD hooks are never deleted), and waits until
    /// they are gone.
    func deleteHook(_ hook: HelmReleaseHook, namespace: String, ifPolicy policy: String, deadline: ActionDeadline) async throws {
        guard hook.kind != "CustomResourceDefinition", hook.deletePolicies.contains(policy) else { return }
        let objects: [KubeObject]
        do {
            objects = try await self.objects(of: hook.manifest, namespace: namespace)
        } catch {
            throw ActionFailure("unable to build kubernetes object for deleting hook \(hook.path): \(ActionFailure.text(error))")
        }
        var deleted: [KubeObject] = []
        for object in objects {
            if try await remove(object) { deleted.append(object) }
        }
        try await waitUntilGone(deleted, deadline: deadline)
    }

    /// Waits for hook objects as Flux's hook waiter does (never failing fast: a hook may be a migration): a Job until
    /// `Complete` or `Failed`, a Pod until phase `Succeeded` or `Failed`, any other object is ready at once.
    ///
    /// - Throws: ``ActionFailure`` `failed early due to stalled resources: [Job/ns/name status: 'Failed']` when one
    ///   failed, `timeout waiting for: [Job/ns/name status: 'InProgress']` when the deadline passed first.
    func waitForHook(_ objects: [KubeObject], deadline: ActionDeadline) async throws {
        let watched = objects.filter { ($0.gvk.group == "batch" && $0.kind == "Job") || ($0.gvk.group.isEmpty && $0.kind == "Pod") }
        guard !watched.isEmpty else { return }
        while true {
            var pending: [String] = []
            var failed: [String] = []
            for object in watched {
                let live = try await client.get(object.gvk, namespace: object.namespace, name: object.name)
                switch live.map(Self.hookPhase) {
                case "Succeeded": break
                case "Failed":
                    let why = live.flatMap(Self.hookFailureReason).map { ": \($0)" } ?? ""
                    failed.append("\(object.displayName) status: 'Failed'\(why)")
                case nil: pending.append("\(object.displayName) status: 'NotFound'")
                default: pending.append("\(object.displayName) status: 'InProgress'")
                }
            }
            if pending.isEmpty {
                if failed.isEmpty { return }
                throw ActionFailure("failed early due to stalled resources: [\(failed.joined(separator: ", "))]")
            }
            guard deadline.remaining > .zero else {
                throw ActionFailure("timeout waiting for: [\((failed + pending).joined(separator: ", "))]")
            }
            try await Task.sleep(for: min(pollInterval, deadline.remaining))
        }
    }

    /// `Succeeded`, `Failed` or `Running` for a hook Job or Pod.
    static func hookPhase(_ live: KubeObject) -> String {
        if live.kind == "Pod" {
            let phase = live["status", "phase"]?.stringValue ?? ""
            return phase == "Succeeded" || phase == "Failed" ? phase : "Running"
        }
        let conditions = live["status", "conditions"]?.arrayValue ?? []
        func isTrue(_ type: String) -> Bool {
            conditions.contains { $0["type"]?.stringValue == type && $0["status"]?.stringValue == "True" }
        }
        if isTrue("Failed") { return "Failed" }
        if isTrue("Complete") { return "Succeeded" }
        return "Running"
    }

    /// Why a hook Job or Pod failed, from its status (the Job's `Failed` condition, the Pod's terminated container).
    static func hookFailureReason(_ live: KubeObject) -> String? {
        if live.kind == "Pod" {
            let terminated = (live["status", "containerStatuses"]?.arrayValue ?? []).compactMap { $0["state"]?["terminated"] }
            guard let first = terminated.first(where: { ($0["exitCode"]?.intValue ?? 0) != 0 }) else { return nil }
            return "container exited with code \(first["exitCode"]?.intValue ?? 0) (\(first["reason"]?.stringValue ?? ""))"
        }
        let failed = live["status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Failed" }
        return failed?["message"]?.stringValue ?? failed?["reason"]?.stringValue
    }
}
