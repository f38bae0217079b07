import SluiceCore

/// The desired state of a Receiver: which webhook sender to accept and which objects to reconcile on its events.
public struct ReceiverSpec: Sendable, Hashable, Codable {
    /// Type of webhook sender, used to determine the validation procedure and payload deserialization.
    public var type: String
    /// Interval at which to reconcile the Receiver with its Secret references.
    public var interval: GoDuration?
    /// Events specifies the list of event types to handle, e.g. 'push' for GitHub or 'Push Hook' for GitLab.
    public var events: [String]?
    /// A list of resources to be notified about changes.
    public var resources: [CrossNamespaceObjectReference]
    /// ResourceFilter is a CEL expression expected to return a boolean that is evaluated for each resource referenced in the Resources field when a webhook is received. If the expression returns false then the controller will not request a reconciliation for the resource.
    public var resourceFilter: String?
    /// SecretRef specifies the Secret containing the token used to validate the payload authenticity. Required for all receiver types except 'generic-oidc'.
    public var secretRef: LocalObjectReference?
    /// OIDCProviders specifies the OIDC providers used to authenticate incoming requests when Type is 'generic-oidc'.
    public var oidcProviders: [OIDCProvider]?
    /// Suspend tells the controller to suspend subsequent events handling for this receiver.
    public var suspend: Bool?

    /// A `ReceiverSpec`.
    public init(
        type: String,
        interval: GoDuration? = nil,
        events: [String]? = nil,
        resources: [CrossNamespaceObjectReference],
        resourceFilter: String? = nil,
        secretRef: LocalObjectReference? = nil,
        oidcProviders: [OIDCProvider]? = nil,
        suspend: Bool? = nil
    ) {
        self.type = type
        self.interval = interval
        self.events = events
        self.resources = resources
        self.resourceFilter = resourceFilter
        self.secretRef = secretRef
        self.oidcProviders = oidcProviders
        self.suspend = suspend
    }
}

extension ReceiverSpec: SchemaDescribed {
    /// The OpenAPI schema of `ReceiverSpec`.
    public static var openAPISchema: OpenAPISchema {
        .object("ReceiverSpec defines the desired state of the Receiver.", [
            .required("type", .enum(["generic", "generic-hmac", "generic-oidc", "github", "gitlab", "bitbucket", "harbor", "dockerhub", "quay", "gcr", "nexus", "acr", "cdevents"], "Type of webhook sender, used to determine the validation procedure and payload deserialization.")),
            .field("interval", .duration("Interval at which to reconcile the Receiver with its Secret references.").withDefault("10m")),
            .field("events", .array(of: .string(), "Events specifies the list of event types to handle, e.g. 'push' for GitHub or 'Push Hook' for GitLab.")),
            .required("resources", .array(of: .ref(CrossNamespaceObjectReference.self), "A list of resources to be notified about changes.")),
            .field("resourceFilter", .string("ResourceFilter is a CEL expression expected to return a boolean that is evaluated for each resource referenced in the Resources field when a webhook is received. If the expression returns false then the controller will not request a reconciliation for the resource.")),
            .field("secretRef", .ref(LocalObjectReference.self, "SecretRef specifies the Secret containing the token used to validate the payload authenticity. Required for all receiver types except 'generic-oidc'.")),
            .field("oidcProviders", .array(of: .ref(OIDCProvider.self), "OIDCProviders specifies the OIDC providers used to authenticate incoming requests when Type is 'generic-oidc'.").withListMapKeys(["issuerURL"])),
            .field("suspend", .boolean("Suspend tells the controller to suspend subsequent events handling for this receiver.")),
        ])
            .withValidation(rule: "self.type != 'generic-oidc' || (has(self.oidcProviders) && size(self.oidcProviders) > 0)",
                            message: "generic-oidc receivers must define at least one oidcProvider")
            .withValidation(rule: "self.type == 'generic-oidc' || !has(self.oidcProviders) || size(self.oidcProviders) == 0",
                            message: "oidcProviders can only be set when type is generic-oidc")
            .withValidation(rule: "self.type == 'generic-oidc' || has(self.secretRef)",
                            message: "secretRef is required when type is not generic-oidc")
    }
}
