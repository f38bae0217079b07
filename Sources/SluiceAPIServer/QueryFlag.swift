import SluiceCore

/// A boolean query parameter (`watch`, `allowWatchBookmarks`, `force`, `orphanDependents`) as Kubernetes reads it
/// (`runtime.Convert_Slice_string_To_bool`, not Go's `strconv.ParseBool`): absent is false, `0` and `false` in any case
/// are false, anything else (`1`, `True`, `yes`, even empty) is true.
///
/// The authorizer's verb and the responder's choice between a list and a watch both ask ``isSet(_:)``, so a request
/// is never authorized as one and answered as the other.
enum QueryFlag {
    /// Whether the parameter with value `text` (nil when absent) is true.
    static func isSet(_ text: String?) -> Bool {
        guard let text else { return false }
        return !(text == "0" || GoFold.equal(text, ascii: "false"))
    }
}
