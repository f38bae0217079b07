import Foundation
import Testing

/// RBAC in a real `sluice cluster serve`, asked through the real `kubectl`: a table of (subject, verb, resource,
/// namespace → allowed) answered by `SubjectAccessReview`s the admin creates, `kubectl auth can-i` and `--list`,
/// aggregation of a new labelled ClusterRole into `view`, and a RoleBinding to a ClusterRole that does not exist.
@Suite(.enabled(if: TestServer.kubectl != nil, "kubectl is not installed; these tests drive the real kubectl"))
struct KubectlRBACTests {
    /// The tenant policy the table is about (the same shape as `RBACEvaluationTests.tenantPolicy`).
    static let policy = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-a}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-b}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: reconciler, namespace: team-a}
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
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: alice-reads, namespace: team-a}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: config-reader}
        subjects: [{kind: User, name: alice}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: reconciler-edits, namespace: team-a}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
        subjects: [{kind: ServiceAccount, name: reconciler, namespace: team-a}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: viewers, namespace: team-b}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects: [{kind: Group, name: auditors}]
        """

    /// One row of the table.
    struct Case: Sendable, CustomStringConvertible {
        var user: String
        var groups: [String] = []
        var verb: String
        var resource: String
        var group = ""
        var subresource = ""
        var name = ""
        var namespace = ""
        var allowed: Bool
        var description: String { "\(user) \(groups) \(verb) \(group)/\(resource)/\(subresource) \(name) in \(namespace)" }
    }

    static let reconciler = "system:serviceaccount:team-a:reconciler"
    static let reconcilerGroups = ["system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated"]

    static let table: [Case] = [
        Case(user: "alice", verb: "get", resource: "configmaps", name: "x", namespace: "team-a", allowed: true),
        Case(user: "alice", verb: "list", resource: "configmaps", namespace: "team-a", allowed: true),
        Case(user: "alice", verb: "delete", resource: "configmaps", name: "x", namespace: "team-a", allowed: false),
        Case(user: "alice", verb: "get", resource: "configmaps", name: "x", namespace: "team-b", allowed: false),
        Case(user: "alice", verb: "get", resource: "secrets", name: "public", namespace: "team-a", allowed: true),
        Case(user: "alice", verb: "get", resource: "secrets", name: "private", namespace: "team-a", allowed: false),
        Case(user: reconciler, groups: reconcilerGroups, verb: "create", resource: "deployments", group: "apps", namespace: "team-a", allowed: true),
        Case(user: reconciler, groups: reconcilerGroups, verb: "get", resource: "pods", subresource: "log", namespace: "team-a", allowed: true),
        Case(user: reconciler, groups: reconcilerGroups, verb: "create", resource: "configmaps", namespace: "team-b", allowed: false),
        Case(user: reconciler, groups: reconcilerGroups, verb: "create", resource: "roles", group: "rbac.authorization.k8s.io",
             namespace: "team-a", allowed: false),
        Case(user: reconciler, groups: reconcilerGroups, verb: "create", resource: "clusterroles", group: "rbac.authorization.k8s.io",
             allowed: false),
        Case(user: reconciler, groups: reconcilerGroups, verb: "list", resource: "namespaces", allowed: false),
        Case(user: "bob", groups: ["auditors"], verb: "list", resource: "deployments", group: "apps", namespace: "team-b", allowed: true),
        Case(user: "bob", groups: ["auditors"], verb: "list", resource: "secrets", namespace: "team-b", allowed: false),
        Case(user: "bob", groups: ["auditors"], verb: "list", resource: "deployments", group: "apps", namespace: "team-a", allowed: false),
        Case(user: "root", groups: ["system:masters"], verb: "delete", resource: "nodes", allowed: true),
    ]

    /// The `SubjectAccessReview` for `c`.
    static func review(_ c: Case) -> String {
        """
        apiVersion: authorization.k8s.io/v1
        kind: SubjectAccessReview
        spec:
          user: \(c.user)
          groups: [\(c.groups.map { "\"\($0)\"" }.joined(separator: ", "))]
          resourceAttributes: {verb: \(c.verb), group: "\(c.group)", resource: \(c.resource), subresource: "\(c.subresource)", name: "\(c.name)", namespace: "\(c.namespace)"}
        """
    }

    @Test func accessTableThroughSubjectAccessReviews() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        try await server.ok(["apply", "-f", "-"], stdin: Self.policy)
        for c in Self.table {
            let answer = try await server.ok(["create", "-f", "-", "-o", "jsonpath={.status.allowed}"], stdin: Self.review(c))
            #expect(answer.trimmingCharacters(in: .whitespacesAndNewlines) == String(c.allowed), "\(c)")
        }
        // The reason names the binding that allows, as Kubernetes'.
        let reason = try await server.ok(["create", "-f", "-", "-o", "jsonpath={.status.reason}"], stdin: Self.review(Self.table[6]))
        #expect(reason == #"RBAC: allowed by RoleBinding "reconciler-edits/team-a" of ClusterRole "edit" to ServiceAccount "reconciler/team-a""#)
        // A LocalSubjectAccessReview answers in its own namespace only.
        let local = """
            apiVersion: authorization.k8s.io/v1
            kind: LocalSubjectAccessReview
            metadata: {namespace: team-a}
            spec:
              user: alice
              resourceAttributes: {verb: list, resource: configmaps, namespace: team-a}
            """
        #expect(try await server.ok(["create", "-f", "-", "-o", "jsonpath={.status.allowed}"], stdin: local) == "true")
        let elsewhere = try await server.fails(["create", "-n", "team-b", "-f", "-"],
                                               stdin: local.replacingOccurrences(of: "metadata: {namespace: team-a}\n", with: ""))
        #expect(elsewhere.contains("spec.resourceAttributes.namespace must match namespace: team-a"), "\(elsewhere)")
        // The admin's own questions: kubectl auth can-i (SelfSubjectAccessReview) and --list (SelfSubjectRulesReview).
        #expect(try await server.ok(["auth", "can-i", "create", "deployments", "-n", "team-a"]).hasPrefix("yes"))
        let list = try await server.ok(["auth", "can-i", "--list", "-n", "team-a"])
        #expect(list.contains("*.*") && list.contains("[*]"), "\(list)")
        // SubjectAccessReview and LocalSubjectAccessReview are in discovery.
        let resources = try await server.ok(["api-resources", "--api-group", "authorization.k8s.io", "-o", "name"])
        for kind in ["subjectaccessreviews", "localsubjectaccessreviews", "selfsubjectaccessreviews", "selfsubjectrulesreviews"] {
            #expect(resources.contains(kind), "\(resources)")
        }
    }

    /// `kubectl auth can-i` arguments asking `c` as its user (impersonated by the admin).
    static func canI(_ c: Case) -> [String] {
        var resource = c.group.isEmpty ? c.resource : "\(c.resource).\(c.group)"
        if !c.name.isEmpty { resource += "/\(c.name)" }
        var arguments = ["auth", "can-i", c.verb, resource, "--as", c.user] + c.groups.flatMap { ["--as-group", $0] }
        if !c.subresource.isEmpty { arguments += ["--subresource", c.subresource] }
        return arguments + (c.namespace.isEmpty ? ["-A"] : ["-n", c.namespace])
    }

    @Test func accessTableThroughKubectlAuthCanIAs() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        try await server.ok(["apply", "-f", "-"], stdin: Self.policy)
        for c in Self.table {
            let result = try await server.kubectl(Self.canI(c))
            let answer = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(answer == (c.allowed ? "yes" : "no") && result.status == (c.allowed ? 0 : 1), "\(c): \(result.output)")
        }
        // The rules alice has in team-a, listed (SelfSubjectRulesReview as the impersonated user).
        let list = try await server.ok(["auth", "can-i", "--list", "--as", "alice", "-n", "team-a"])
        #expect(list.contains("configmaps") && list.contains("[public]") && list.contains("selfsubjectaccessreviews.authorization.k8s.io"),
                "\(list)")
        #expect(!list.contains("*.*"), "\(list)")
        // A denied request is Kubernetes' 403, word for word.
        let denied = try await server.fails(["get", "configmaps", "-n", "team-b", "--as", "alice"])
        #expect(denied.contains(#"Error from server (Forbidden): configmaps is forbidden: User "alice" cannot list resource "configmaps" in API group "" in the namespace "team-b""#),
                "\(denied)")
        let logs = try await server.fails(["get", "--raw", "/api/v1/namespaces/team-a/pods/p/log", "--as", "alice"])
        #expect(logs.contains(#"pods \"p\" is forbidden: User \"alice\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"team-a\""#)
                || logs.contains(#"pods "p" is forbidden: User "alice" cannot get resource "pods/log""#), "\(logs)")
        let path = try await server.fails(["get", "--raw", "/metrics", "--as", "alice"])
        #expect(path.contains(#"forbidden: User \"alice\" cannot get path \"/metrics\""#) || path.contains(#"cannot get path "/metrics""#),
                "\(path)")
        let clusterScope = try await server.fails(["get", "clusterroles", "--as", "alice"])
        #expect(clusterScope.contains(#"clusterroles.rbac.authorization.k8s.io is forbidden: User "alice" cannot list resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope"#),
                "\(clusterScope)")
        // What alice may do she does.
        try await server.ok(["create", "configmap", "x", "-n", "team-a"])
        #expect(try await server.ok(["get", "configmap", "x", "-n", "team-a", "--as", "alice", "-o", "name"]) == "configmap/x\n")
    }

    @Test func escalationIsRefusedUnlessHeldOrDelegated() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        try await server.ok(["apply", "-f", "-"], stdin: """
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
              verbs: [get, list, create, update, patch, delete]
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
        let bob = ["--as", "bob", "-n", "t"]
        // A role with rules bob does not hold: refused with Kubernetes' message, and nothing is created.
        let refused = try await server.fails(["create", "role", "secret-reader", "--verb", "get,list", "--resource", "secrets"] + bob)
        #expect(refused.contains(#"roles.rbac.authorization.k8s.io "secret-reader" is forbidden: user "bob" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:"#),
                "\(refused)")
        #expect(refused.contains(#"{APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}"#), "\(refused)")
        #expect(try await server.fails(["get", "role", "secret-reader", "-n", "t"]).contains("NotFound"))
        // Rules he holds he may grant, by create and by apply (a patch).
        try await server.ok(["create", "role", "config-reader", "--verb", "get", "--resource", "configmaps"] + bob)
        let widened = try await server.fails(["apply", "--server-side", "--force-conflicts", "-f", "-"] + bob, stdin: """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: config-reader, namespace: t}
            rules:
            - {apiGroups: [""], resources: [configmaps], verbs: [get, delete]}
            """)
        #expect(widened.contains(#"{APIGroups:[""], Resources:["configmaps"], Verbs:["delete"]}"#), "\(widened)")
        // Binding the edit ClusterRole needs its rules, or bind on it; a missing ClusterRole is named.
        let bind = try await server.fails(["create", "rolebinding", "carol-edits", "--clusterrole", "edit", "--user", "carol"] + bob)
        #expect(bind.contains("is attempting to grant RBAC permissions not currently held"), "\(bind)")
        let missing = try await server.fails(["create", "rolebinding", "carol-x", "--clusterrole", "no-such-role", "--user", "carol"] + bob)
        #expect(missing.contains(#"rolebindings.rbac.authorization.k8s.io "carol-x" is forbidden: clusterrole.rbac.authorization.k8s.io "no-such-role" not found"#),
                "\(missing)")
        // Delegated: escalate on roles, bind on the edit ClusterRole.
        try await server.ok(["apply", "-f", "-"], stdin: """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: delegate, namespace: t}
            rules:
            - {apiGroups: [rbac.authorization.k8s.io], resources: [roles], verbs: [escalate]}
            - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], resourceNames: [edit], verbs: [bind]}
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata: {name: bob-delegates, namespace: t}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: delegate}
            subjects: [{kind: User, name: bob}]
            """)
        try await server.ok(["create", "role", "secret-reader", "--verb", "get,list", "--resource", "secrets"] + bob)
        try await server.ok(["create", "rolebinding", "carol-edits", "--clusterrole", "edit", "--user", "carol"] + bob)
        #expect(try await server.ok(["auth", "can-i", "delete", "secrets", "--as", "carol", "-n", "t"]).hasPrefix("yes"))
        let admin = try await server.fails(["create", "rolebinding", "carol-admin", "--clusterrole", "admin", "--user", "carol"] + bob)
        #expect(admin.contains("is attempting to grant RBAC permissions not currently held"), "\(admin)")
    }

    @Test func defaultRolesAggregationAndDanglingBindings() async throws {
        let server = try await TestServer()
        defer { server.stopNow() }
        let roles = try await server.ok(["get", "clusterroles", "-o", "name"])
        for name in ["cluster-admin", "admin", "edit", "view", "system:discovery", "system:basic-user", "system:public-info-viewer"] {
            #expect(roles.contains("clusterrole.rbac.authorization.k8s.io/\(name)\n"), "\(name)")
        }
        let bindings = try await server.ok(["get", "clusterrolebinding", "cluster-admin", "-o", "jsonpath={.subjects[*].name}"])
        #expect(bindings == "system:masters")
        try await server.ok(["apply", "-f", "-"], stdin: Self.policy)
        let auditor = Case(user: "bob", groups: ["auditors"], verb: "list", resource: "kustomizations", group: "kustomize.toolkit.fluxcd.io",
                           namespace: "team-b", allowed: false)
        func allowed(_ c: Case) async throws -> String {
            try await server.ok(["create", "-f", "-", "-o", "jsonpath={.status.allowed}"], stdin: Self.review(c))
        }
        #expect(try await allowed(auditor) == "false")
        // A ClusterRole labelled to aggregate to view extends view (and so edit and admin), as Flux's flux-view does.
        try await server.ok(["apply", "-f", "-"], stdin: """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: flux-view
              labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
            rules:
            - apiGroups: [kustomize.toolkit.fluxcd.io]
              resources: ["*"]
              verbs: [get, list, watch]
            """)
        #expect(try await allowed(auditor) == "true")
        let adminRules = try await server.ok(["get", "clusterrole", "admin", "-o", "jsonpath={.rules[*].apiGroups}"])
        #expect(adminRules.contains("kustomize.toolkit.fluxcd.io"), "\(adminRules)")
        // The admin may bind a ClusterRole that does not exist; the binding grants nothing and the denial says why.
        try await server.ok(["create", "rolebinding", "dangling", "-n", "team-b", "--clusterrole", "no-such-role", "--user", "dora"])
        var dora = Case(user: "dora", verb: "get", resource: "configmaps", name: "x", namespace: "team-b", allowed: false)
        #expect(try await allowed(dora) == "false")
        let reason = try await server.ok(["create", "-f", "-", "-o", "jsonpath={.status.reason}"], stdin: Self.review(dora))
        #expect(reason == #"RBAC: clusterrole.rbac.authorization.k8s.io "no-such-role" not found"#)
        // Once the ClusterRole exists, the binding takes effect.
        try await server.ok(["create", "clusterrole", "no-such-role", "--verb", "get", "--resource", "configmaps"])
        dora.allowed = true
        #expect(try await allowed(dora) == "true")
    }
}
