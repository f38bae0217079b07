import SluiceCore

/// The fields where a live object differs from what this controller applies, pure.
///
/// Only the fields the desired object sets (the fields this manager owns)
/// are compared, and they are compared on the server's dry-run result (the
/// desired object merged onto the live one, with defaults), so defaults and
/// other managers' fields are not drift.
public enum ObjectDrift {
    /// The drifted fields as `path desired -> live`, such as `spec.replicas 2 -> 5`.
    ///
    /// - Parameters:
    ///   - intent: The object as applied (its fields are the ones owned).
    ///   - merged: The server's dry-run apply result: what the object would be after applying.
    ///   - live: The object as it is.
    public static func fields(intent: KubeObject, merged: KubeObject, live: KubeObject) -> [String] {
        var lines: [String] = []
        for (key, value) in intent.root where !["apiVersion", "kind", "status"].contains(key) {
            if key == "metadata" {
                for field in ["labels", "annotations"] {
                    guard let owned = value[field] else { continue }
                    compare(owned, merged[path: ["metadata", field]], live[path: ["metadata", field]], path: ["metadata", field], into: &lines)
                }
                continue
            }
            compare(value, merged[path: [key]], live[path: [key]], path: [key], into: &lines)
        }
        return lines
    }

    private static func compare(_ intent: JSONValue, _ merged: JSONValue?, _ live: JSONValue?, path: [String], into lines: inout [String]) {
        switch intent {
        case .object(let owned):
            guard case .object? = merged, case .object? = live else {
                if merged != live { lines.append("\(path.joined(separator: ".")) \(describe(merged)) -> \(describe(live))") }
                return
            }
            for (key, value) in owned {
                compare(value, merged?[key], live?[key], path: path + [key], into: &lines)
            }
        case .array(let owned):
            if case .array(let mergedItems)? = merged, case .array(let liveItems)? = live, mergedItems.count == liveItems.count,
                owned.count == mergedItems.count
            {
                for (index, value) in owned.enumerated() {
                    compare(value, mergedItems[index], liveItems[index], path: path + ["\(index)"], into: &lines)
                }
            } else if merged != live {
                lines.append("\(path.joined(separator: ".")) \(describe(merged)) -> \(describe(live))")
            }
        default:
            if merged != live { lines.append("\(path.joined(separator: ".")) \(describe(merged)) -> \(describe(live))") }
        }
    }

    private static func describe(_ value: JSONValue?) -> String {
        guard let value else { return "<none>" }
        if case .string(let text) = value { return text }
        let text = JSONSerializer().string(value)
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }
}
