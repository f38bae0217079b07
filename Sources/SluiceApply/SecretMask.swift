import SluiceCore

/// Flux's masks for Secret values in drift and diffs (fluxcd/pkg `ssa.SanitizeUnstructuredData` and
/// `jsondiff.MaskSecretPatchData`), pure: a value that changed shows as `*** (before)` (the live one) and
/// `*** (after)` (the desired one); a value added, removed or unchanged shows as `***`. The keys stay visible,
/// so a person sees which entries drifted but never what they hold.
public enum SecretMask {
    /// A value that was added, removed or did not change.
    public static let unchanged = "***"
    /// The live value of an entry that changed.
    public static let before = "*** (before)"
    /// The desired value of an entry that changed.
    public static let after = "*** (after)"

    /// The fields of a Secret whose values are masked.
    static let maskedFields: Set<String> = ["data", "stringData"]

    /// Whether `object` is a core `v1` Secret.
    public static func isSecret(_ object: KubeObject) -> Bool {
        object.kind == "Secret" && object.gvk.group.isEmpty
    }

    /// `fields` of a drifted Secret with the values under `data` and `stringData` masked; anything else as it is.
    public static func masked(_ fields: [FieldDrift]) -> [FieldDrift] {
        fields.map { field in
            guard let top = field.path.first, maskedFields.contains(top) else { return field }
            var field = field
            if field.path.count == 1 {
                (field.live, field.desired) = maskedMaps(field.live, field.desired)
            } else {
                (field.live, field.desired) = maskedValues(field.live, field.desired)
            }
            return field
        }
    }

    /// A changed value's pair of masks: `before`/`after` when both are set, else `***` for whichever is.
    static func maskedValues(_ live: JSONValue?, _ desired: JSONValue?) -> (JSONValue?, JSONValue?) {
        let changed = live != nil && desired != nil
        return (live.map { _ in .string(changed ? before : unchanged) }, desired.map { _ in .string(changed ? after : unchanged) })
    }

    /// Two maps of values masked entry by entry, as `maskMap` does: `before`/`after` for a key in both with different
    /// values, `***` for any other; anything but a map is masked whole.
    static func maskedMaps(_ live: JSONValue?, _ desired: JSONValue?) -> (JSONValue?, JSONValue?) {
        guard live?.objectValue != nil || desired?.objectValue != nil else { return maskedValues(live, desired) }
        let liveMap = live?.objectValue ?? JSONObject()
        let desiredMap = desired?.objectValue ?? JSONObject()
        func mask(_ map: JSONObject, against other: JSONObject, changedMask: String) -> JSONValue {
            .object(JSONObject(map.members.map { key, value in
                let changed = other[key].map { $0 != value } ?? false
                return (key, .string(changed ? changedMask : unchanged))
            }))
        }
        return (live.map { $0.objectValue == nil ? .string(unchanged) : mask(liveMap, against: desiredMap, changedMask: before) },
                desired.map { $0.objectValue == nil ? .string(unchanged) : mask(desiredMap, against: liveMap, changedMask: after) })
    }
}
