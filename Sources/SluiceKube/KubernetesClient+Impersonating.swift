extension KubernetesClient {
    /// Whom this client's requests impersonate, if anyone.
    public var impersonation: ImpersonatedUser? { transport.impersonation }

    /// A client for the same server, credentials, rate limit and REST mapper whose every request (watches included)
    /// carries `Impersonate-User: user` and one `Impersonate-Group` per group; this client is left as it is.
    ///
    /// The server decides what the impersonated user may do (and whether this client's own user may impersonate it);
    /// discovery keeps going through the shared mapper, read with this client's own rights.
    public func impersonating(user: String, groups: [String] = []) -> KubernetesClient {
        let impersonation = ImpersonatedUser(user: user, groups: groups)
        return KubernetesClient(transport: KubernetesTransport(impersonating: impersonation, base: transport), mapper: mapper)
    }

    /// A client impersonating the ServiceAccount `name` in `namespace` (`system:serviceaccount:NAMESPACE:NAME`).
    public func impersonating(serviceAccount name: String, namespace: String) -> KubernetesClient {
        impersonating(user: ImpersonatedUser.serviceAccountUser(namespace: namespace, name: name))
    }
}
