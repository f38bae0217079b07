import SluiceCore

/// The fields where a live object differs from what this controller applies, pure.
///
/// Only the fields the desired object sets (the fields this manager owns)
/// are compared, and they are compared on the server's dry-run result (the
/// desired object merged onto the live one, with defaults), so defaults and
/// other managers' fields are not drift.
public enum ObjectDrift {
    /// The drifted fields with their values, in the order the desired object sets them; a Secret's `data` and
    /// `stringData` values are masked (``SecretMask``), so no caller can show them.
    ///
    /// - Parameters:
    ///   - intent: The object as applied (its fields are the ones owned).
    ///   - merged: The server's dry-run apply result: what the object would be after applying.
    ///   - live: The object as it is.
    public static func changes(intent: KubeObject, merged: KubeObject, live: KubeObject) -> [FieldDrift] {
        var drifted: [FieldDrift] = []
        for (key, value) in intent.root where !["apiVersion", "kind", "status"].contains(key) {
            if key == "metadata" {
                for field in ["labels", "annotations"] {
                    guard let owned = value[field] else { continue }
                    compare(owned, merged[path: ["metadata", field]], live[path: ["metadata", field]], path: ["metadata", field], into: &drifted)
                }
                continue
            }
            compare(value, merged[path: [key]], live[path: [key]], path: [key], into: &drifted)
        }
        return SecretMask.isSecret(intent) ? SecretMask.masked(drifted) : drifted
    }

    private static func compare(_ intent: JSONValue, _ merged: JSONValue?, _ live: JSONValue?, path: [String], into drifted: inout [FieldDrift]) {
        switch intent {
        case .object(let owned):
            guard case .object? = merged, case .object? = live else {
                if merged != live { drifted.append(FieldDrift(path: path, desired: merged, live: live)) }
                return
            }
            for (key, value) in owned {
                compare(value, merged?[key], live?[key], path: path + [key], into: &drifted)
            }
            // A member the apply removes (one this manager took over from another tool, as Flux's `Override`):
            // the dry run no longer holds it.
            if case .object(let mergedMembers)? = merged, case .object(let liveMembers)? = live {
                for (key, value) in liveMembers where owned[key] == nil && mergedMembers[key] == nil {
                    drifted.append(FieldDrift(path: path + [key], desired: nil, live: value))
                }
            }
        case .array(let owned):
            if case .array(let mergedItems)? = merged, case .array(let liveItems)? = live, mergedItems.count == liveItems.count,
                owned.count == mergedItems.count
            {
                for (index, value) in owned.enumerated() {
                    compare(value, mergedItems[index], liveItems[index], path: path + ["\(index)"], into: &drifted)
                }
            } else if merged != live {
                drifted.append(FieldDrift(path: path, desired: merged, live: live))
            }
        default:
            if merged != live { drifted.append(FieldDrift(path: path, desired: merged, live: live)) }
        }
    }
}
