/// A label selector that could not be parsed, worded as the Kubernetes API server words it.
public struct LabelSelectorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The requirement that could not be read.
    public var requirement: String
    /// The whole selector.
    public var selector: String

    /// An error about `requirement` in `selector`.
    public init(requirement: String, selector: String) {
        self.requirement = requirement
        self.selector = selector
    }

    public var description: String {
        "unable to parse requirement: found '\(requirement)', invalid label selector \"\(selector)\""
    }
}
