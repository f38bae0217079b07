import SluiceCore

/// The desired state of an Alert: which events, from which objects, go to which Provider.
public struct AlertSpec: Sendable, Hashable, Codable {
    /// ProviderRef specifies which Provider this Alert should use.
    public var providerRef: LocalObjectReference
    /// EventSeverity specifies how to filter events based on severity. If set to 'info' no events will be filtered.
    public var eventSeverity: String?
    /// EventSources specifies how to filter events based on the involved object kind, name and namespace.
    public var eventSources: [CrossNamespaceObjectReference]
    /// InclusionList specifies a list of Golang regular expressions to be used for including messages.
    public var inclusionList: [String]?
    /// EventMetadata is an optional field for adding metadata to events dispatched by the controller. This can be used for enhancing the context of the event.
    public var eventMetadata: [String: String]?
    /// ExclusionList specifies a list of Golang regular expressions to be used for excluding messages.
    public var exclusionList: [String]?
    /// Summary holds a short description of the impact and affected cluster.
    public var summary: String?
    /// Suspend tells the controller to suspend subsequent events handling for this Alert.
    public var suspend: Bool?

    /// An `AlertSpec`.
    public init(
        providerRef: LocalObjectReference,
        eventSeverity: String? = nil,
        eventSources: [CrossNamespaceObjectReference],
        inclusionList: [String]? = nil,
        eventMetadata: [String: String]? = nil,
        exclusionList: [String]? = nil,
        summary: String? = nil,
        suspend: Bool? = nil
    ) {
        self.providerRef = providerRef
        self.eventSeverity = eventSeverity
        self.eventSources = eventSources
        self.inclusionList = inclusionList
        self.eventMetadata = eventMetadata
        self.exclusionList = exclusionList
        self.summary = summary
        self.suspend = suspend
    }
}

extension AlertSpec: SchemaDescribed {
    /// The OpenAPI schema of `AlertSpec`.
    public static var openAPISchema: OpenAPISchema {
        .object("AlertSpec defines an alerting rule for events involving a list of objects.", [
            .required("providerRef", .ref(LocalObjectReference.self, "ProviderRef specifies which Provider this Alert should use.")),
            .field("eventSeverity", .enum(["info", "error"], "EventSeverity specifies how to filter events based on severity. If set to 'info' no events will be filtered.").withDefault("info")),
            .required("eventSources", .array(of: .ref(CrossNamespaceObjectReference.self), "EventSources specifies how to filter events based on the involved object kind, name and namespace.")),
            .field("inclusionList", .array(of: .string(), "InclusionList specifies a list of Golang regular expressions to be used for including messages.")),
            .field("eventMetadata", .stringMap("EventMetadata is an optional field for adding metadata to events dispatched by the controller. This can be used for enhancing the context of the event.")),
            .field("exclusionList", .array(of: .string(), "ExclusionList specifies a list of Golang regular expressions to be used for excluding messages.")),
            .field("summary", .string("Summary holds a short description of the impact and affected cluster.").withLength(max: 255)),
            .field("suspend", .boolean("Suspend tells the controller to suspend subsequent events handling for this Alert.")),
        ])
    }
}
