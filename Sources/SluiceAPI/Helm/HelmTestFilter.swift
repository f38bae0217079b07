import SluiceCore

/// A Helm test to run or exclude (helm-controller's `Filter`).
public struct HelmTestFilter: Sendable, Hashable, Codable {
    /// Name is the name of the test.
    public var name: String
    /// Exclude specifies whether the named test should be excluded.
    public var exclude: Bool?

    /// A `HelmTestFilter`.
    public init(name: String, exclude: Bool? = nil) {
        self.name = name
        self.exclude = exclude
    }
}

extension HelmTestFilter: SchemaDescribed {
    /// The OpenAPI schema of `HelmTestFilter`.
    public static var openAPISchema: OpenAPISchema {
        .object("Filter holds the configuration for individual Helm test filters.", [
            .required("name", .string("Name is the name of the test.").withLength(min: 1, max: 253)),
            .field("exclude", .boolean("Exclude specifies whether the named test should be excluded.")),
        ])
    }
}
