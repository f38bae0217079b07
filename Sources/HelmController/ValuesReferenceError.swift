import SluiceAPI

/// Why a `valuesFrom` reference could not be resolved, worded as Flux's `chartutil.ErrValuesReference`:
/// `could not resolve [optional] KIND chart values reference 'NS/NAME' with key 'KEY': CAUSE`.
struct ValuesReferenceError: Error, Sendable, CustomStringConvertible {
    /// What went wrong (Flux's `ErrValuesRefReason`).
    enum Reason: String, Sendable {
        case resourceNotFound = "resource not found"
        case keyNotFound = "key not found"
        case unsupportedKind = "unsupported values reference kind"
        case dataRead = "failed to read values data"
        case valueMerge = "failed to merge value"
    }

    /// What went wrong.
    var reason: Reason
    /// The reference.
    var reference: ValuesReference
    /// The namespace it was looked up in.
    var namespace: String
    /// The underlying error's text, when there is one that may be shown (never for a Secret's data).
    var cause: String?

    var description: String {
        var text = "could not resolve"
        if reference.optional ?? false { text += " optional" }
        if !reference.kind.isEmpty { text += " " + reference.kind }
        text += " chart values reference '\(namespace)/\(reference.name)' with key '\(reference.valuesKey ?? HelmValuesComposer.defaultValuesKey)'"
        return text + ": " + (cause ?? reason.rawValue)
    }
}
