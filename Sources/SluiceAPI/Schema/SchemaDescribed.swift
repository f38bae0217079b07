/// A type that describes its own JSON form as an OpenAPI schema.
///
/// Each API type conforms in the file that declares it, so a field added to the
/// type is added to its schema in the same place; a test encodes every kind and
/// walks the result against its schema so the two cannot drift.
public protocol SchemaDescribed {
    /// The schema of this type's JSON form.
    static var openAPISchema: OpenAPISchema { get }
}
