import SluiceCore

extension Condition: SchemaDescribed {
    /// The schema of Kubernetes' `metav1.Condition`, with its validation.
    public static var openAPISchema: OpenAPISchema {
        .object("Condition contains details for one aspect of the current state of this API Resource.", [
            .required("type", .string("type of condition in CamelCase or in foo.example.com/CamelCase.")
                .withLength(max: 316)
                .withPattern(#"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$"#)),
            .required("status", .enum(ConditionStatus.allCases.map(\.rawValue),
                                      "status of the condition, one of True, False, Unknown.")),
            .field("observedGeneration", .integer(
                "observedGeneration represents the .metadata.generation that the condition was set based upon.",
                format: "int64").withRange(minimum: 0)),
            .required("lastTransitionTime", .dateTime(
                "lastTransitionTime is the last time the condition transitioned from one status to another.")),
            .required("reason", .string(
                "reason contains a programmatic identifier indicating the reason for the condition's last transition.")
                .withLength(min: 1, max: 1024)
                .withPattern(#"^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$"#)),
            .required("message", .string(
                "message is a human readable message indicating details about the transition. This may be an empty string.")
                .withLength(max: 32768)),
        ])
    }
}
