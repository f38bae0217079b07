import Foundation
import SluiceCore

extension BuildSession {
    /// A `patches` or `patchesJson6902` entry whose text holds no document (empty, blank, comments or `---` only)
    /// or only an empty list of operations,
    /// treated as kustomize's `PatchTransformer` and `PatchJson6902Transformer` treat it: only an empty file with a
    /// target in `patches` is a no-op (kustomize reads it as an empty JSON patch); everything else fails, in
    /// kustomize's words. `reference` is the entry's path, or nil for an inline patch.
    func refuseEmptyPatch(_ text: String, reference: String?, hasTarget: Bool, legacyJSON: Bool,
                          field: String, file: String) throws(KustomizeError) {
        let origin = reference.map { "[path: \(GoQuote.quote($0))]" } ?? "[patch: \(GoQuote.quote(text.trimmingCharacters(in: .whitespacesAndNewlines)))]"
        if legacyJSON {
            if text.isEmpty {
                if let reference { throw KustomizeError("\(field): patch file '\(reference)' empty seems to be empty", file: file) }
                throw KustomizeError("\(field): empty file path and empty jsonOp", file: file)
            }
            let operations = text.hasPrefix("[") ? text.trimmingCharacters(in: .newlines) : text.contains("[") ? "[]" : "null"
            throw KustomizeError("\(field): patch appears to be empty; file=\(reference ?? ""), JsonOp=\(operations)", file: file)
        }
        if text.isEmpty {
            // An empty file is an empty JSON patch: harmless with a target, refused without one.
            if hasTarget { return }
            throw KustomizeError("\(field): must specify a target for JSON patch \(origin)", file: file)
        }
        throw KustomizeError("\(field): illegally qualifies as both an SM and JSON patch: \(origin)", file: file)
    }
}
