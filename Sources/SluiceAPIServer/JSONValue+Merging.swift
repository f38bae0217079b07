import SluiceCore

extension JSONValue {
    /// This object with `other`'s members set on it.
    func merging(_ other: JSONObject) -> JSONValue {
        var copy = self
        for (key, value) in other { copy[key] = value }
        return copy
    }
}
