import SluiceCore

/// One field where the object in the cluster differs from what the controller would apply.
public struct FieldDrift: Sendable, Equatable, CustomStringConvertible {
    /// The field's path, such as `["spec", "replicas"]` (array items by index).
    public var path: [String]
    /// The value applying would leave (the server's dry-run result); `nil` when applying would leave it unset.
    public var desired: JSONValue?
    /// The value in the cluster; `nil` when it is unset there.
    public var live: JSONValue?

    /// A drifted field.
    public init(path: [String], desired: JSONValue?, live: JSONValue?) {
        self.path = path
        self.desired = desired
        self.live = live
    }

    /// `spec.replicas 2 -> 5`: the path, the desired value, then the live one (the form of `DriftDetected` events).
    public var description: String {
        "\(path.joined(separator: ".")) \(Self.short(desired)) -> \(Self.short(live))"
    }

    /// A value on one line, at most 80 characters; `<none>` for a missing one.
    static func short(_ value: JSONValue?) -> String {
        guard let value else { return "<none>" }
        if case .string(let text) = value { return text }
        let text = JSONSerializer().string(value)
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }
}
