import SluiceCore

/// An access control list of the namespaces allowed to refer to an object (Flux's `acl.AccessFrom`; provisional, not enforced by Flux).
public struct AccessFrom: Sendable, Hashable, Codable {
    /// NamespaceSelectors is the list of namespace selectors to which this ACL applies. Items in this list are evaluated using a logical OR operation.
    public var namespaceSelectors: [NamespaceSelector]

    /// An `AccessFrom`.
    public init(namespaceSelectors: [NamespaceSelector]) {
        self.namespaceSelectors = namespaceSelectors
    }
}

extension AccessFrom: SchemaDescribed {
    /// The OpenAPI schema of `AccessFrom`.
    public static var openAPISchema: OpenAPISchema {
        .object("AccessFrom defines an Access Control List for allowing cross-namespace references to this object.", [
            .required("namespaceSelectors", .array(of: .ref(NamespaceSelector.self), "NamespaceSelectors is the list of namespace selectors to which this ACL applies. Items in this list are evaluated using a logical OR operation.")),
        ])
    }
}
