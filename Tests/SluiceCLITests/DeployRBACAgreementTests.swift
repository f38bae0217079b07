import Foundation
import SluiceTestSupport
import Testing

/// `Deploy/` (rendered by the real `kubectl kustomize`) and `sluice install --export` (`Components.swift`, what
/// `sluice up` and `sluice bootstrap git` install) declare the same ServiceAccounts and RBAC, object for object and
/// rule for rule: the two are written separately, and least privilege must not drift apart between them.
@Suite(.enabled(if: BuiltExecutables.isBuilt("sluice") && BuiltExecutables.kubectl != nil, "needs the built sluice and kubectl"))
struct DeployRBACAgreementTests {
    /// The kinds compared.
    static let kinds: Set = ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"]

    /// The RBAC objects of a manifest, as kubectl reads them (`create --dry-run=client -o json`), keyed
    /// `Kind namespace/name`, keeping what grants access (the rules as ``grants(_:)``, aggregation, roleRef, the
    /// subjects as a set) and the labels that are not Sluice's bookkeeping (`app.kubernetes.io/*`): aggregation
    /// labels count.
    static func rbacObjects(_ source: [String], cluster: LocalCluster, input: Data? = nil) async throws -> [String: NSDictionary] {
        let json = try await Shell.run(BuiltExecutables.kubectl!, ["--kubeconfig", cluster.kubeconfig, "create", "--dry-run=client", "-o", "json"] + source,
                                       input: input)
        // kubectl prints one indented JSON document per object, each closed by a "}" line of its own.
        var documents: [String] = [], current = ""
        for line in json.split(separator: "\n", omittingEmptySubsequences: false) {
            current += line + "\n"
            if line == "}" { documents.append(current); current = "" }
        }
        var objects: [String: NSDictionary] = [:]
        for document in documents {
            let item = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
            guard let kind = item["kind"] as? String, kinds.contains(kind) else { continue }
            let metadata = item["metadata"] as? [String: Any] ?? [:]
            let name = metadata["name"] as? String ?? ""
            let namespace = metadata["namespace"] as? String ?? ""
            var kept: [String: Any] = ["name": name, "namespace": namespace]
            let labels = (metadata["labels"] as? [String: String] ?? [:]).filter { !$0.key.hasPrefix("app.kubernetes.io/") }
            if !labels.isEmpty { kept["labels"] = labels }
            for field in ["aggregationRule", "roleRef"] { kept[field] = item[field] }
            if let rules = item["rules"] as? [[String: Any]] { kept["rules"] = grants(rules) }
            if let subjects = item["subjects"] as? [[String: Any]] {
                kept["subjects"] = Set(subjects.map { "\($0["kind"] ?? "") \($0["namespace"] ?? "")/\($0["name"] ?? "")" }).sorted()
            }
            objects["\(kind) \(namespace)/\(name)"] = kept as NSDictionary
        }
        return objects
    }

    /// What `rules` grant, one line per API group, resource, verb and resource name (or non-resource URL and verb),
    /// sorted: two roles written in different orders or groupings compare equal when they grant the same.
    static func grants(_ rules: [[String: Any]]) -> [String] {
        var grants: Set<String> = []
        for rule in rules {
            let verbs = rule["verbs"] as? [String] ?? []
            for url in rule["nonResourceURLs"] as? [String] ?? [] { for verb in verbs { grants.insert("url \(url) \(verb)") } }
            let names = (rule["resourceNames"] as? [String]).flatMap { $0.isEmpty ? nil : $0 } ?? ["*"]
            for group in rule["apiGroups"] as? [String] ?? [] {
                for resource in rule["resources"] as? [String] ?? [] {
                    for verb in verbs { for name in names { grants.insert("\(group)/\(resource) \(verb) \(name)") } }
                }
            }
        }
        return grants.sorted()
    }

    @Test func deployAndInstallExportDeclareTheSameRBAC() async throws {
        let cluster = try await LocalCluster()
        defer { cluster.stopNow() }
        let deploy = try await Self.rbacObjects(["-k", BuiltExecutables.repositoryRoot.appendingPathComponent("Deploy/default").path], cluster: cluster)
        let exported = try await Shell.run(BuiltExecutables.url("sluice").path, ["install", "--export"])
        let components = try await Self.rbacObjects(["-f", "-"], cluster: cluster, input: Data(exported.utf8))
        #expect(deploy.keys.sorted() == components.keys.sorted())
        for (key, object) in deploy.sorted(by: { $0.key < $1.key }) {
            #expect(components[key] == object, "\(key)\n Deploy/: \(object)\n install --export: \(components[key].map { "\($0)" } ?? "missing")")
        }
        // Flux's names, so repositories and docs written for Flux find them; cluster-admin only for the appliers.
        for key in ["ClusterRoleBinding /cluster-reconciler", "ClusterRole /crd-controller", "ClusterRoleBinding /crd-controller",
                    "ClusterRole /flux-edit", "ClusterRole /flux-view", "ServiceAccount flux-system/kustomize-controller"] {
            #expect(deploy[key] != nil, "\(key) in \(deploy.keys.sorted())")
        }
        let admins = deploy.filter { (($0.value["roleRef"] as? [String: Any])?["name"] as? String) == "cluster-admin" }
        #expect(admins.keys.sorted() == ["ClusterRoleBinding /cluster-reconciler"])
        #expect(deploy["ClusterRoleBinding /cluster-reconciler"]?["subjects"] as? [String]
            == ["ServiceAccount flux-system/helm-controller", "ServiceAccount flux-system/kustomize-controller"])
    }
}
