import Foundation
import SluiceAPI
import SluiceCore

/// What an apply takes back from other tools before it compares and applies, as fluxcd/pkg `ssa`'s
/// `ApplyCleanupOptions` (the kustomize-controller's `Override` policy, its default): the fields other field managers
/// set are handed to the controller's own manager, so the next apply removes whatever of them the desired object no
/// longer holds, and the named annotations (kubectl's `last-applied-configuration`) are removed. An object marked
/// `kustomize.toolkit.fluxcd.io/ssa: Merge`, desired or live, is left alone: fields others added stay.
public struct ApplyCleanup: Sendable {
    /// Field managers taken over: a name prefix (`kubectl` matches `kubectl-edit`, `kubectl-patch`, …) with one
    /// operation (`Apply` or `Update`), as fluxcd/pkg `ssa.FieldManager`; subresource entries are never matched.
    public struct Manager: Sendable {
        /// The manager name's prefix.
        public var prefix: String
        /// `Apply` or `Update`.
        public var operation: String

        /// A manager matched by `prefix` and `operation`.
        public init(prefix: String, operation: String) {
            self.prefix = prefix
            self.operation = operation
        }
    }

    /// Annotations removed from live objects.
    public var annotations: [String]
    /// Managers whose fields are taken over.
    public var managers: [Manager]

    /// A cleanup removing `annotations` and taking over `managers`.
    public init(annotations: [String], managers: [Manager]) {
        self.annotations = annotations
        self.managers = managers
    }

    /// The kustomize-controller's, as Flux's (`kustomization_controller.go`): kubectl's server-side and client-side
    /// edits, `before-first-apply`, and `controller`'s own pre-server-side-apply writes; kubectl's annotation.
    public static func kustomizeController(_ controller: String) -> ApplyCleanup {
        ApplyCleanup(annotations: ["kubectl.kubernetes.io/last-applied-configuration"], managers: [
            Manager(prefix: "kubectl", operation: "Apply"), Manager(prefix: "kubectl", operation: "Update"),
            Manager(prefix: "before-first-apply", operation: "Update"), Manager(prefix: controller, operation: "Update"),
        ])
    }

    /// What `ssa: Merge` exempts from the cleanup (Flux's cleanup `Exclusions`).
    public static let exclusions = MetadataSelector(pairs: [(FluxAnnotations.kustomizeServerSideApply, "Merge")])

    /// The JSON patch operations cleaning `live` up for `fieldManager`, none when there is nothing to do (as fluxcd/pkg
    /// `PatchRemoveAnnotations` and `PatchReplaceFieldsManagers`: the matching entries' fields are merged into
    /// `fieldManager`'s `Apply` entry, or the first match becomes that entry).
    public func operations(for live: KubeObject, fieldManager: String) -> [JSONValue] {
        var operations: [JSONValue] = []
        let present = live.annotations
        for key in annotations where present[key] != nil {
            let escaped = key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            operations.append(["op": "remove", "path": .string("/metadata/annotations/\(escaped)")])
        }
        let entries = live[path: ["metadata", "managedFields"]]?.arrayValue ?? []
        func matches(_ entry: JSONValue) -> Bool {
            guard let name = entry["manager"]?.stringValue, let operation = entry["operation"]?.stringValue,
                  (entry["subresource"]?.stringValue ?? "").isEmpty
            else { return false }
            return managers.contains { name.hasPrefix($0.prefix) && operation == $0.operation }
        }
        guard entries.contains(where: matches) else { return operations }
        var own = entries.first { $0["manager"]?.stringValue == fieldManager && $0["operation"]?.stringValue == "Apply" }
        var kept: [JSONValue] = []
        for entry in entries {
            if let current = own, entry == current { continue }
            guard matches(entry) else {
                kept.append(entry)
                continue
            }
            if var current = own {
                current["fieldsV1"] = Self.union(current["fieldsV1"], entry["fieldsV1"])
                own = current
            } else {
                var renamed = entry
                renamed["manager"] = .string(fieldManager)
                renamed["operation"] = "Apply"
                own = renamed
            }
        }
        if let own { kept.append(own) }
        operations.append(["op": "replace", "path": "/metadata/managedFields", "value": .array(kept)])
        return operations
    }

    /// Two `FieldsV1` sets as one: their tries merged key by key.
    static func union(_ first: JSONValue?, _ second: JSONValue?) -> JSONValue {
        guard case .object(var merged)? = first else { return second ?? first ?? .object(JSONObject()) }
        guard case .object(let more)? = second else { return .object(merged) }
        for (key, value) in more {
            merged[key] = union(merged[key], value)
        }
        return .object(merged)
    }
}
