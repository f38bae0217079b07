import SluiceCore

/// The desired state of a Provider: where and how notifications are sent.
public struct ProviderSpec: Sendable, Hashable, Codable {
    /// Type specifies which Provider implementation to use.
    public var type: String
    /// Interval at which to reconcile the Provider with its Secret references. Deprecated and not used in v1beta3.
    public var interval: GoDuration?
    /// Channel specifies the destination channel where events should be posted.
    public var channel: String?
    /// Username specifies the name under which events are posted.
    public var username: String?
    /// Address specifies the endpoint, in a generic sense, to where alerts are sent. What kind of endpoint depends on the specific Provider type being used.
    public var address: String?
    /// Timeout for sending alerts to the Provider.
    public var timeout: GoDuration?
    /// Proxy the HTTP/S address of the proxy server. Deprecated: Use ProxySecretRef instead.
    public var proxy: String?
    /// ProxySecretRef specifies the Secret containing the proxy configuration for this Provider. The Secret should contain an 'address' key with the HTTP/S address of the proxy server.
    public var proxySecretRef: LocalObjectReference?
    /// SecretRef specifies the Secret containing the authentication credentials for this Provider.
    public var secretRef: LocalObjectReference?
    /// ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate with cloud provider services through workload identity.
    public var serviceAccountName: String?
    /// CertSecretRef specifies the Secret containing TLS certificates for secure communication.
    public var certSecretRef: LocalObjectReference?
    /// Suspend tells the controller to suspend subsequent events handling for this Provider.
    public var suspend: Bool?
    /// CommitStatusExpr is a CEL expression that evaluates to a string value that can be used to generate a custom commit status message for use with eligible Provider types (github, gitlab, gitea, bitbucketserver, bitbucket, azuredevops).
    public var commitStatusExpr: String?

    /// A `ProviderSpec`.
    public init(
        type: String,
        interval: GoDuration? = nil,
        channel: String? = nil,
        username: String? = nil,
        address: String? = nil,
        timeout: GoDuration? = nil,
        proxy: String? = nil,
        proxySecretRef: LocalObjectReference? = nil,
        secretRef: LocalObjectReference? = nil,
        serviceAccountName: String? = nil,
        certSecretRef: LocalObjectReference? = nil,
        suspend: Bool? = nil,
        commitStatusExpr: String? = nil
    ) {
        self.type = type
        self.interval = interval
        self.channel = channel
        self.username = username
        self.address = address
        self.timeout = timeout
        self.proxy = proxy
        self.proxySecretRef = proxySecretRef
        self.secretRef = secretRef
        self.serviceAccountName = serviceAccountName
        self.certSecretRef = certSecretRef
        self.suspend = suspend
        self.commitStatusExpr = commitStatusExpr
    }
}

extension ProviderSpec: SchemaDescribed {
    /// The OpenAPI schema of `ProviderSpec`.
    public static var openAPISchema: OpenAPISchema {
        .object("ProviderSpec defines the desired state of the Provider.", [
            .required("type", .enum(["slack", "discord", "msteams", "rocket", "generic", "generic-hmac", "github", "gitlab", "gitea", "bitbucketserver", "bitbucket", "azuredevops", "googlechat", "googlepubsub", "webex", "sentry", "azureeventhub", "telegram", "lark", "matrix", "opsgenie", "alertmanager", "grafana", "githubdispatch", "pagerduty", "datadog", "nats"], "Type specifies which Provider implementation to use.")),
            .field("interval", .duration("Interval at which to reconcile the Provider with its Secret references. Deprecated and not used in v1beta3.")),
            .field("channel", .string("Channel specifies the destination channel where events should be posted.").withLength(max: 2048)),
            .field("username", .string("Username specifies the name under which events are posted.").withLength(max: 2048)),
            .field("address", .string("Address specifies the endpoint, in a generic sense, to where alerts are sent. What kind of endpoint depends on the specific Provider type being used.").withLength(max: 2048)),
            .field("timeout", .duration("Timeout for sending alerts to the Provider.", allowingHours: false)),
            .field("proxy", .string("Proxy the HTTP/S address of the proxy server. Deprecated: Use ProxySecretRef instead.").withLength(max: 2048).withPattern(#"^(http|https)://.*$"#)),
            .field("proxySecretRef", .ref(LocalObjectReference.self, "ProxySecretRef specifies the Secret containing the proxy configuration for this Provider. The Secret should contain an 'address' key with the HTTP/S address of the proxy server.")),
            .field("secretRef", .ref(LocalObjectReference.self, "SecretRef specifies the Secret containing the authentication credentials for this Provider.")),
            .field("serviceAccountName", .string("ServiceAccountName is the name of the Kubernetes ServiceAccount used to authenticate with cloud provider services through workload identity.")),
            .field("certSecretRef", .ref(LocalObjectReference.self, "CertSecretRef specifies the Secret containing TLS certificates for secure communication.")),
            .field("suspend", .boolean("Suspend tells the controller to suspend subsequent events handling for this Provider.")),
            .field("commitStatusExpr", .string("CommitStatusExpr is a CEL expression that evaluates to a string value that can be used to generate a custom commit status message for use with eligible Provider types (github, gitlab, gitea, bitbucketserver, bitbucket, azuredevops).")),
        ])
            .withValidation(
                rule: "self.type == 'github' || self.type == 'gitlab' || self.type == 'gitea' || self.type == 'bitbucketserver' || self.type == 'bitbucket' || self.type == 'azuredevops' || !has(self.commitStatusExpr)",
                message: "spec.commitStatusExpr is only supported for the 'github', 'gitlab', 'gitea', 'bitbucketserver', 'bitbucket', 'azuredevops' provider types")
    }
}
