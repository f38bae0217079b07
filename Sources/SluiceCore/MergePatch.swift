/// JSON merge patches (RFC 7386): applying them, and computing the patch between two documents.
public enum MergePatch {
    /// `target` with `patch` applied: objects merge member by member, `null` deletes, anything else replaces.
    public static func apply(_ patch: JSONValue, to target: JSONValue) -> JSONValue {
        guard case .object(let patchObject) = patch else { return patch }
        var result = target.objectValue ?? JSONObject()
        for (key, value) in patchObject {
            if value.isNull {
                result[key] = nil
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }

    /// The smallest merge patch that turns `original` into `modified`; `nil` when they are equal.
    public static func diff(from original: JSONValue, to modified: JSONValue) -> JSONValue? {
        guard case .object(let old) = original, case .object(let new) = modified else {
            if original == modified { return nil }
            return modified
        }
        var patch = JSONObject()
        for key in old.keys where !new.contains(key) { patch[key] = .null }
        for (key, value) in new {
            if let previous = old[key] {
                if let change = diff(from: previous, to: value) { patch[key] = change }
            } else {
                patch[key] = value
            }
        }
        return patch.isEmpty ? nil : .object(patch)
    }
}
