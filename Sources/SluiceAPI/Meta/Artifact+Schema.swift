import SluiceCore

extension Artifact: SchemaDescribed {
    /// The schema of Flux's `meta.Artifact`.
    public static var openAPISchema: OpenAPISchema {
        .object("Artifact represents the output of a Source reconciliation.", [
            .required("path", .string("Path is the relative file path of the Artifact.")),
            .required("url", .string(
                "URL is the HTTP address of the Artifact as exposed by the controller managing the Source.")),
            .required("revision", .string(
                "Revision is a human-readable identifier traceable in the origin source system.")),
            .field("digest", .string("Digest is the digest of the file in the form of '<algorithm>:<checksum>'.")
                .withPattern(#"^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$"#)),
            .required("lastUpdateTime", .dateTime(
                "LastUpdateTime is the timestamp corresponding to the last update of the Artifact.")),
            .field("size", .integer("Size is the number of bytes in the file.", format: "int64")),
            .field("metadata", .stringMap("Metadata holds upstream information such as OCI annotations.")),
        ])
    }
}
