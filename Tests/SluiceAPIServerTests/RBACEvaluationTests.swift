import HTTPTypes
import Logging
import SluiceCore
import Testing
@testable import SluiceAPIServer

/// Kubernetes' RBAC over a real `Cluster` (seeded as the server seeds it; objects written as requests write them):
/// evaluation, request attributes, 403 messages, aggregation and escalation checks, for users that cannot sign in yet.
struct RBACEvaluationTests {
    static let rbac = "rbac.authorization.k8s.io"

    /// A seeded cluster with `objects` (YAML documents) created in it.
    static func cluster(_ yaml: String = "") async throws -> Cluster {
        let cluster = Cluster(resourceVersion: 0, simulation: .init(enabled: false, delay: .zero), logger: Logger(label: "test"))
        await cluster.seed()
        try await create(yaml, in: cluster)
        return cluster
    }

    static func create(_ yaml: String, in cluster: Cluster) async throws {
        for document in try YAMLReader().documents(yaml) {
            let object = document.value
            let (type, namespace) = try await typeOf(object, in: cluster)
            _ = try await cluster.create(type, namespace: namespace, body: object, options: WriteOptions(fieldManager: "test"))
        }
    }

    static func typeOf(_ object: JSONValue, in cluster: Cluster) async throws -> (ResourceType, String?) {
        let apiVersion = object["apiVersion"]?.stringValue ?? ""
        let group = apiVersion.contains("/") ? String(apiVersion.split(separator: "/")[0]) : ""
        let kind = object["kind"]?.stringValue ?? ""
        let registry = await cluster.registry
        let type = try #require(registry.types.first { $0.group == group && $0.kind == kind })
        return (type, type.namespaced ? object[path: ["metadata", "namespace"]]?.stringValue ?? "default" : nil)
    }

    static func user(_ name: String, groups: [String] = []) -> UserInfo {
        UserInfo(name: name, groups: groups + [UserInfo.authenticatedGroup])
    }

    static func serviceAccount(_ namespace: String, _ name: String) -> UserInfo {
        UserInfo(name: "system:serviceaccount:\(namespace):\(name)",
                 groups: ["system:serviceaccounts", "system:serviceaccounts:\(namespace)", UserInfo.authenticatedGroup])
    }

    static let tenantPolicy = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-a}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-b}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: config-reader, namespace: team-a}
        rules:
        - apiGroups: [""]
          resources: [configmaps]
          verbs: [get, list, watch]
        - apiGroups: [""]
          resources: [secrets]
          resourceNames: [public]
          verbs: [get]
        - apiGroups: [""]
          resources: ["*/log"]
          verbs: [get]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: alice-reads, namespace: team-a}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: config-reader}
        subjects:
        - {kind: User, name: alice}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: reconciler-edits, namespace: team-a}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
        subjects:
        - {kind: ServiceAccount, name: reconciler}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: metrics-reader}
        rules:
        - nonResourceURLs: ["/metrics", "/logs/*"]
          verbs: [get]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: ops-metrics}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: metrics-reader}
        subjects:
        - {kind: Group, name: ops}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: dangling, namespace: team-b}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: does-not-exist}
        subjects:
        - {kind: User, name: alice}
        """

    @Test func evaluationTable() async throws {
        let cluster = try await Self.cluster(Self.tenantPolicy)
        let authorizer = Authorizer(cluster: cluster)
        let alice = Self.user("alice")
        let reconciler = Self.serviceAccount("team-a", "reconciler")
        let ops = Self.user("olga", groups: ["ops"])
        typealias Case = (user: UserInfo, verb: String, group: String, resource: String, sub: String, namespace: String, name: String, allowed: Bool)
        let cases: [Case] = [
            (alice, "get", "", "configmaps", "", "team-a", "x", true),
            (alice, "list", "", "configmaps", "", "team-a", "", true),
            (alice, "create", "", "configmaps", "", "team-a", "", false),
            (alice, "get", "", "configmaps", "", "team-b", "x", false),
            (alice, "list", "", "configmaps", "", "", "", false),
            (alice, "get", "", "secrets", "", "team-a", "public", true),
            (alice, "get", "", "secrets", "", "team-a", "private", false),
            (alice, "list", "", "secrets", "", "team-a", "", false),
            (alice, "get", "", "pods", "log", "team-a", "p", true),
            (alice, "get", "", "pods", "exec", "team-a", "p", false),
            (alice, "get", "", "pods", "", "team-a", "p", false),
            (alice, "get", "apps", "configmaps", "", "team-a", "x", false),
            (reconciler, "create", "apps", "deployments", "", "team-a", "", true),
            (reconciler, "delete", "", "secrets", "", "team-a", "s", true),
            (reconciler, "get", "", "pods", "log", "team-a", "p", true),
            (reconciler, "create", "", "configmaps", "", "team-b", "", false),
            (reconciler, "create", Self.rbac, "roles", "", "team-a", "", false),
            (reconciler, "create", Self.rbac, "clusterroles", "", "", "", false),
            (reconciler, "create", "authorization.k8s.io", "selfsubjectaccessreviews", "", "", "", true),
            (Self.serviceAccount("team-b", "reconciler"), "create", "apps", "deployments", "", "team-a", "", false),
            (ops, "list", "", "configmaps", "", "team-a", "", false),
            (UserInfo.admin, "delete", Self.rbac, "clusterroles", "", "", "cluster-admin", true),
        ]
        for c in cases {
            let attributes = RequestAttributes(user: c.user, verb: c.verb, apiGroup: c.group, resource: c.resource, subresource: c.sub,
                                               namespace: c.namespace, name: c.name)
            let decision = await authorizer.authorize(attributes)
            #expect(decision.isAllowed == c.allowed, "\(c.user.name) \(c.verb) \(c.group)/\(c.resource)/\(c.sub) in \(c.namespace): \(decision)")
        }
        let nonResource: [(UserInfo, String, String, Bool)] = [
            (ops, "get", "/metrics", true), (ops, "get", "/logs/kubelet.log", true), (ops, "get", "/logs", false),
            (ops, "post", "/metrics", false), (alice, "get", "/metrics", false), (alice, "get", "/api", true),
            (alice, "get", "/apis/apps/v1", true), (alice, "get", "/openapi/v3", true), (alice, "get", "/version", true),
        ]
        for (user, verb, path, allowed) in nonResource {
            let decision = await authorizer.authorize(RequestAttributes(user: user, verb: verb, path: path))
            #expect(decision.isAllowed == allowed, "\(user.name) \(verb) \(path): \(decision)")
        }
        // The reasons Kubernetes gives.
        let allowed = await authorizer.authorize(RequestAttributes(user: reconciler, verb: "get", apiGroup: "", resource: "configmaps",
                                                                   namespace: "team-a"))
        #expect(allowed == .allow(reason: #"RBAC: allowed by RoleBinding "reconciler-edits/team-a" of ClusterRole "edit" to ServiceAccount "reconciler/team-a""#))
        let byGroup = await authorizer.authorize(RequestAttributes(user: ops, verb: "get", path: "/metrics"))
        #expect(byGroup == .allow(reason: #"RBAC: allowed by ClusterRoleBinding "ops-metrics" of ClusterRole "metrics-reader" to Group "ops""#))
        // A binding to a ClusterRole that does not exist grants nothing, and says so.
        let dangling = await authorizer.authorize(RequestAttributes(user: alice, verb: "get", apiGroup: "", resource: "configmaps",
                                                                    namespace: "team-b", name: "x"))
        #expect(dangling == .deny(reason: #"RBAC: clusterrole.rbac.authorization.k8s.io "does-not-exist" not found"#))
        #expect(Authorizer.forbidden(RequestAttributes(user: alice, verb: "get", apiGroup: "", resource: "configmaps", namespace: "team-b",
                                                       name: "x"), decision: dangling).message
            == #"configmaps "x" is forbidden: User "alice" cannot get resource "configmaps" in API group "" in the namespace "team-b": RBAC: clusterrole.rbac.authorization.k8s.io "does-not-exist" not found"#)
    }

    @Test func requestAttributesAndForbiddenMessages() {
        let alice = Self.user("alice")
        func attributes(_ method: HTTPRequest.Method, _ path: String, _ query: [String: String] = [:]) -> RequestAttributes {
            RequestAttributes(user: alice, method: method, path: path, query: query)
        }
        func message(_ a: RequestAttributes) -> String { Authorizer.forbidden(a, decision: .deny(reason: "")).message }
        let get = attributes(.get, "/api/v1/namespaces/n/configmaps/x")
        #expect((get.verb, get.resource, get.namespace, get.name, get.isResourceRequest) == ("get", "configmaps", "n", "x", true))
        #expect(message(get) == #"configmaps "x" is forbidden: User "alice" cannot get resource "configmaps" in API group "" in the namespace "n""#)
        let list = attributes(.get, "/apis/apps/v1/deployments")
        #expect(list.verb == "list")
        #expect(message(list) == #"deployments.apps is forbidden: User "alice" cannot list resource "deployments" in API group "apps" at the cluster scope"#)
        #expect(attributes(.get, "/api/v1/namespaces/n/pods", ["watch": "1"]).verb == "watch")
        #expect(attributes(.get, "/api/v1/namespaces/n/pods", ["watch": "false"]).verb == "list")
        // Kubernetes' query booleans (not strconv.ParseBool): only absent, `0` and `false` in any case are a list.
        for watch in ["true", "True", "t", "yes", "", "2", "on"] {
            #expect(attributes(.get, "/api/v1/namespaces/n/pods", ["watch": watch]).verb == "watch", "\(watch)")
        }
        for list in ["0", "false", "FALSE", "False", "fAlSe", "fal\u{17F}e"] {
            #expect(attributes(.get, "/api/v1/namespaces/n/pods", ["watch": list]).verb == "list", "\(list)")
        }
        let watchPath = attributes(.get, "/api/v1/watch/namespaces/n/pods/p")
        #expect((watchPath.verb, watchPath.name) == ("watch", "p"))
        let byField = attributes(.get, "/api/v1/namespaces/n/configmaps", ["watch": "true", "fieldSelector": "metadata.name=one"])
        #expect((byField.verb, byField.name) == ("watch", "one"))
        #expect(attributes(.delete, "/api/v1/namespaces/n/configmaps").verb == "deletecollection")
        #expect(attributes(.delete, "/api/v1/namespaces/n/configmaps/x").verb == "delete")
        #expect(attributes(.patch, "/apis/apps/v1/namespaces/n/deployments/d/scale").verb == "patch")
        let log = attributes(.get, "/api/v1/namespaces/n/pods/p/log")
        #expect(message(log) == #"pods "p" is forbidden: User "alice" cannot get resource "pods/log" in API group "" in the namespace "n""#)
        let namespace = attributes(.get, "/api/v1/namespaces/team-a")
        #expect((namespace.resource, namespace.namespace, namespace.name) == ("namespaces", "team-a", "team-a"))
        let finalize = attributes(.put, "/api/v1/namespaces/team-a/finalize")
        #expect((finalize.verb, finalize.subresource, finalize.namespace) == ("update", "finalize", "team-a"))
        for path in ["/api", "/apis", "/api/v1", "/apis/apps/v1", "/openapi/v3", "/metrics", "/foo"] {
            let a = attributes(.get, path)
            #expect(!a.isResourceRequest && a.verb == "get" && a.path == path, "\(path)")
        }
        #expect(message(attributes(.get, "/foo")) == #"forbidden: User "alice" cannot get path "/foo""#)
        #expect(attributes(.post, "/foo").verb == "post")
    }

    @Test func defaultPolicyAndAggregation() async throws {
        let cluster = try await Self.cluster()
        let policy = await cluster.rbacPolicy()
        for name in ["cluster-admin", "admin", "edit", "view", "system:discovery", "system:basic-user", "system:public-info-viewer",
                     "system:auth-delegator", "system:aggregate-to-view"]
        {
            #expect(policy.clusterRoles[name] != nil, "\(name)")
        }
        let view = try await cluster.get(#require(await cluster.registry.type(key: RBACPolicy.clusterRolesKey)), namespace: nil, name: "view")
        #expect(view[path: ["metadata", "labels", "kubernetes.io/bootstrapping"]] == "rbac-defaults")
        #expect(view[path: ["metadata", "annotations", "rbac.authorization.kubernetes.io/autoupdate"]] == "true")
        let authorizer = Authorizer(cluster: cluster)
        try await Self.create("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: t}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: viewers, namespace: t}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
            subjects: [{kind: Group, name: viewers}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: admins, namespace: t}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
            subjects: [{kind: Group, name: admins}]
            """, in: cluster)
        let viewer = Self.user("v", groups: ["viewers"])
        let admin = Self.user("a", groups: ["admins"])
        func can(_ user: UserInfo, _ verb: String, _ group: String, _ resource: String) async -> Bool {
            await authorizer.authorize(RequestAttributes(user: user, verb: verb, apiGroup: group, resource: resource, namespace: "t")).isAllowed
        }
        #expect(await can(viewer, "list", "apps", "deployments"))
        #expect(await !can(viewer, "list", "", "secrets"))
        #expect(await !can(viewer, "list", "kustomize.toolkit.fluxcd.io", "kustomizations"))
        #expect(await can(admin, "create", Self.rbac, "rolebindings"))
        #expect(await can(admin, "get", "", "configmaps"))
        #expect(await !can(admin, "list", "kustomize.toolkit.fluxcd.io", "kustomizations"))
        // Flux's flux-view role aggregates into view (so into edit and admin), as soon as it exists.
        try await Self.create("""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: flux-view
              labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
            rules:
            - apiGroups: [kustomize.toolkit.fluxcd.io]
              resources: ["*"]
              verbs: [get, list, watch]
            """, in: cluster)
        #expect(await can(viewer, "list", "kustomize.toolkit.fluxcd.io", "kustomizations"))
        #expect(await can(admin, "list", "kustomize.toolkit.fluxcd.io", "kustomizations"))
        #expect(await !can(viewer, "delete", "kustomize.toolkit.fluxcd.io", "kustomizations"))
        // Deleting it takes its rules away again.
        let type = try #require(await cluster.registry.type(key: RBACPolicy.clusterRolesKey))
        _ = try await cluster.delete(type, namespace: nil, name: "flux-view", options: try DeleteOptions(body: nil, query: [:]))
        #expect(await !can(viewer, "list", "kustomize.toolkit.fluxcd.io", "kustomizations"))
        // A default role stripped of a rule gets it back at the next start (seed); extra rules stay.
        let basic = try await cluster.get(type, namespace: nil, name: "system:basic-user")
        var stripped = basic
        stripped["rules"] = [["apiGroups": ["example.com"], "resources": ["things"], "verbs": ["get"]]]
        _ = try await cluster.update(type, namespace: nil, name: "system:basic-user", body: stripped,
                                     options: WriteOptions(fieldManager: "test"), status: false)
        await cluster.seed()
        let rules = PolicyRule.rules(of: try await cluster.get(type, namespace: nil, name: "system:basic-user"))
        #expect(rules.contains(PolicyRule(verbs: ["get"], apiGroups: ["example.com"], resources: ["things"])))
        #expect(PolicyRule.uncovered(BootstrapPolicy.clusterRoles.first { $0.name == "system:basic-user" }!.rules, by: rules).isEmpty)
    }

    @Test func escalationChecks() async throws {
        let cluster = try await Self.cluster("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: t}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: role-editor, namespace: t}
            rules:
            - apiGroups: [rbac.authorization.k8s.io]
              resources: [roles, rolebindings]
              verbs: [get, list, watch, create, update, patch, delete]  # "*" would include escalate and bind
            - apiGroups: [""]
              resources: [configmaps]
              verbs: [get]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: bob-edits-roles, namespace: t}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: role-editor}
            subjects: [{kind: User, name: bob}]
            """)
        let authorizer = Authorizer(cluster: cluster)
        let registry = await cluster.registry
        let roles = try #require(registry.type(key: RBACPolicy.rolesKey))
        let bindings = try #require(registry.type(key: RBACPolicy.roleBindingsKey))
        let bob = UserInfo(name: "bob", groups: [UserInfo.authenticatedGroup])
        let secretsRole: JSONValue = ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                                      "metadata": ["name": "secrets", "namespace": "t"],
                                      "rules": [["apiGroups": [""], "resources": ["secrets", "configmaps"], "verbs": ["get", "list"]]]]
        await #expect(throws: APIError.self) {
            try await EscalationCheck.check(secretsRole, old: nil, type: roles, namespace: "t", user: bob, authorizer: authorizer)
        }
        do {
            try await EscalationCheck.check(secretsRole, old: nil, type: roles, namespace: "t", user: bob, authorizer: authorizer)
            Issue.record("a role with rules bob does not hold passed")
        } catch {
            #expect(error.code == 403)
            #expect(error.message == """
                roles.rbac.authorization.k8s.io "secrets" is forbidden: user "bob" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:
                {APIGroups:[""], Resources:["configmaps"], Verbs:["list"]}
                {APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}
                """)
        }
        // What bob holds he may grant; the admin may grant anything.
        let configRole: JSONValue = ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": ["name": "config", "namespace": "t"],
                                     "rules": [["apiGroups": [""], "resources": ["configmaps"], "verbs": ["get"]]]]
        try await EscalationCheck.check(configRole, old: nil, type: roles, namespace: "t", user: bob, authorizer: authorizer)
        try await EscalationCheck.check(secretsRole, old: nil, type: roles, namespace: "t", user: .admin, authorizer: authorizer)
        // Binding the admin ClusterRole needs its rules, or bind on it; a missing ClusterRole is named.
        func binding(_ name: String, role: String) -> JSONValue {
            ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": ["name": .string(name), "namespace": "t"],
             "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": .string(role)],
             "subjects": [["kind": "User", "name": "carol"]]]
        }
        await #expect(throws: APIError.self) {
            try await EscalationCheck.check(binding("carol-admin", role: "admin"), old: nil, type: bindings, namespace: "t", user: bob,
                                            authorizer: authorizer)
        }
        do {
            try await EscalationCheck.check(binding("carol-x", role: "no-such-role"), old: nil, type: bindings, namespace: "t", user: bob,
                                            authorizer: authorizer)
            Issue.record("a binding to a missing ClusterRole passed")
        } catch {
            #expect(error.message == #"rolebindings.rbac.authorization.k8s.io "carol-x" is forbidden: clusterrole.rbac.authorization.k8s.io "no-such-role" not found"#)
        }
        // With escalate on roles and bind on the admin ClusterRole, both pass.
        try await Self.create("""
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: delegate, namespace: t}
            rules:
            - apiGroups: [rbac.authorization.k8s.io]
              resources: [roles]
              verbs: [escalate]
            - apiGroups: [rbac.authorization.k8s.io]
              resources: [clusterroles]
              resourceNames: [admin]
              verbs: [bind]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: bob-delegates, namespace: t}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: delegate}
            subjects: [{kind: User, name: bob}]
            """, in: cluster)
        try await EscalationCheck.check(secretsRole, old: nil, type: roles, namespace: "t", user: bob, authorizer: authorizer)
        try await EscalationCheck.check(binding("carol-admin", role: "admin"), old: nil, type: bindings, namespace: "t", user: bob,
                                        authorizer: authorizer)
        await #expect(throws: APIError.self) {
            try await EscalationCheck.check(binding("carol-ca", role: "cluster-admin"), old: nil, type: bindings, namespace: "t", user: bob,
                                            authorizer: authorizer)
        }
    }

    @Test func ruleCoveringAndCompactStrings() {
        let owner = [PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["*/log", "pods"]), PolicyRule(verbs: ["get"], nonResourceURLs: ["/logs/*"])]
        #expect(PolicyRule.uncovered([PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["pods", "pods/log"])], by: owner).isEmpty)
        #expect(PolicyRule.uncovered([PolicyRule(verbs: ["get"], nonResourceURLs: ["/logs/a"])], by: owner).isEmpty)
        #expect(PolicyRule.uncovered([PolicyRule(verbs: ["get"], nonResourceURLs: ["/logsx"])], by: owner).count == 1)
        #expect(PolicyRule.uncovered([PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["pods"], resourceNames: ["a"])], by: owner).isEmpty)
        let named = [PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["secrets"], resourceNames: ["a"])]
        #expect(PolicyRule.uncovered([PolicyRule(verbs: ["get"], apiGroups: [""], resources: ["secrets"])], by: named).count == 1)
        #expect(PolicyRule(verbs: ["get", "list"], apiGroups: [""], resources: ["pods"], resourceNames: ["a"]).compactString
            == #"{APIGroups:[""], Resources:["pods"], ResourceNames:["a"], Verbs:["get" "list"]}"#)
        #expect(PolicyRule(verbs: ["get"], nonResourceURLs: ["/x"]).compactString == #"{NonResourceURLs:["/x"], Verbs:["get"]}"#)
    }
}
