import Foundation
import Logging
import SluiceCore

/// What Kubernetes' ServiceAccount, root-CA-publisher and token controllers do, done by the server itself:
///
/// - every namespace (existing and new, not being deleted) gets the ServiceAccount `default` and the ConfigMap
///   `kube-root-ca.crt` (`ca.crt`: the data directory's CA), put back when removed or changed;
/// - a Secret of type `kubernetes.io/service-account-token` annotated `kubernetes.io/service-account.name` gets
///   `data.token` (a legacy token, see ``ServiceAccountTokens``), `data.ca.crt`, `data.namespace` and the
///   `kubernetes.io/service-account.uid` annotation once its ServiceAccount exists;
/// - such a Secret whose ServiceAccount was deleted (or deleted and recreated: another UID) is deleted.
///
/// It runs after every change to the cluster (``run(_:)``), as one actor-isolated pass, and writes as the field
/// manager `sluice-controller-manager`; what it writes is committed like any request's write.
struct ServiceAccountController: Sendable {
    static let defaultAccount = "default"
    static let rootCAConfigMap = "kube-root-ca.crt"
    static let tokenSecretType = "kubernetes.io/service-account-token"
    static let accountNameAnnotation = "kubernetes.io/service-account.name"
    static let accountUIDAnnotation = "kubernetes.io/service-account.uid"
    static let manager = "sluice-controller-manager"

    let tokens: ServiceAccountTokens
    /// The CA every pod would trust, published in `kube-root-ca.crt`.
    let caPEM: String

    /// Reconciles after every change until the task is cancelled.
    func run(_ cluster: Cluster) async {
        var seen: Int64 = -1
        while !Task.isCancelled {
            let current = await cluster.currentResourceVersion
            if current != seen {
                await cluster.reconcileServiceAccounts(self)
                // What the pass wrote bumped the version; the next pass finds nothing to do and settles.
                seen = current
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}

extension Cluster {
    /// One pass of ``ServiceAccountController``.
    func reconcileServiceAccounts(_ controller: ServiceAccountController) {
        guard let namespaceType = registry.type(key: "/namespaces"), let accountType = registry.type(key: "/serviceaccounts"),
              let configMapType = registry.type(key: "/configmaps"), let secretType = registry.type(key: "/secrets")
        else { return }
        let options = WriteOptions(fieldManager: ServiceAccountController.manager)
        for (name, namespace) in objects[namespaceType.key] ?? [:] where namespace[path: ["metadata", "deletionTimestamp"]] == nil {
            if storedObject(accountType.key, namespace: name, name: ServiceAccountController.defaultAccount) == nil {
                let account: JSONValue = ["apiVersion": "v1", "kind": "ServiceAccount",
                                          "metadata": ["name": .string(ServiceAccountController.defaultAccount), "namespace": .string(name)]]
                logFailure(try? create(accountType, namespace: name, body: account, options: options), "ServiceAccount", name)
            }
            let data: JSONValue = ["ca.crt": .string(controller.caPEM)]
            let annotations: JSONValue = ["kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters."]
            if let existing = storedObject(configMapType.key, namespace: name, name: ServiceAccountController.rootCAConfigMap) {
                if existing["data"] != data {
                    var updated = existing
                    updated["data"] = data
                    logFailure(try? update(configMapType, namespace: name, name: ServiceAccountController.rootCAConfigMap, body: updated,
                                           options: options, status: false), "ConfigMap", name)
                }
            } else {
                let configMap: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "data": data,
                                            "metadata": ["name": .string(ServiceAccountController.rootCAConfigMap), "namespace": .string(name),
                                                         "annotations": annotations]]
                logFailure(try? create(configMapType, namespace: name, body: configMap, options: options), "ConfigMap", name)
            }
        }
        for (key, secret) in objects[secretType.key] ?? [:] where secret["type"]?.stringValue == ServiceAccountController.tokenSecretType {
            guard secret[path: ["metadata", "deletionTimestamp"]] == nil,
                  let namespace = secret[path: ["metadata", "namespace"]]?.stringValue,
                  let secretName = secret[path: ["metadata", "name"]]?.stringValue,
                  let accountName = secret[path: ["metadata", "annotations", ServiceAccountController.accountNameAnnotation]]?.stringValue
            else { continue }
            let boundUID = secret[path: ["metadata", "annotations", ServiceAccountController.accountUIDAnnotation]]?.stringValue ?? ""
            let account = storedObject(accountType.key, namespace: namespace, name: accountName)
            let accountUID = account?[path: ["metadata", "uid"]]?.stringValue ?? ""
            if !boundUID.isEmpty && (account == nil || accountUID != boundUID) {
                // Its account is gone: the token must not outlive it (Kubernetes' token controller deletes it too).
                let deleteOptions = try? DeleteOptions(body: nil, query: [:])
                if let deleteOptions { logFailure(try? delete(secretType, namespace: namespace, name: secretName, options: deleteOptions).object,
                                                  "Secret", key) }
                continue
            }
            // An account that does not exist yet: the Secret waits, unfilled, until it does.
            guard let account, account[path: ["metadata", "deletionTimestamp"]] == nil else { continue }
            let hasToken = !(secret[path: ["data", "token"]]?.stringValue ?? "").isEmpty
            guard !hasToken || boundUID.isEmpty else { continue }
            var filled = secret
            filled[path: ["metadata", "annotations", ServiceAccountController.accountUIDAnnotation]] = .string(accountUID)
            let token = controller.tokens.issueLegacy(namespace: namespace, name: accountName, uid: accountUID, secretName: secretName)
            filled[path: ["data", "token"]] = .string(Data(token.utf8).base64EncodedString())
            filled[path: ["data", "ca.crt"]] = .string(Data(controller.caPEM.utf8).base64EncodedString())
            filled[path: ["data", "namespace"]] = .string(Data(namespace.utf8).base64EncodedString())
            logFailure(try? update(secretType, namespace: namespace, name: secretName, body: filled, options: options, status: false),
                       "Secret", key)
        }
    }

    private func logFailure(_ written: JSONValue?, _ kind: String, _ name: String) {
        if written == nil { logger.warning("the ServiceAccount controller could not write a \(kind)", metadata: ["namespace": "\(name)"]) }
    }
}
