import Foundation
import SluiceCore
import SluiceGoTemplate

/// `.Capabilities`: the Kubernetes version, the API group/versions the cluster serves, and Helm's version.
public struct HelmCapabilities: Sendable {
    /// The version as given (`v1.28.3`, `v1.18.20-gke.901`): `.Capabilities.KubeVersion.Version` and `GitVersion`.
    public var kubeVersion: String
    /// The version without suffixes (`v1.18.20`), which `kubeVersion` constraints are checked against.
    public var normalizedKubeVersion: String
    /// What `{{ .Capabilities.KubeVersion }}` prints (Helm's `KubeVersion.String()`): `v` and the version's numbers
    /// as given, without vendor suffixes (`v1.33.4` for `v1.33.4-gke.1245000`, `v1.28` for `v1.28+`).
    public var kubeVersionString: String
    /// `.Capabilities.KubeVersion.Major`.
    public var major: String
    /// `.Capabilities.KubeVersion.Minor`.
    public var minor: String
    /// `.Capabilities.APIVersions`: `group/version` and `group/version/Kind` entries.
    public var apiVersions: [String]
    /// `.Capabilities.HelmVersion.Version`.
    public var helmVersion: String
    /// `.Capabilities.HelmVersion.KubeClientVersion`: the Kubernetes version of Helm's client-go (`v1.36`).
    public var kubeClientVersion: String

    /// The group/versions of client-go v0.36's scheme plus the two of apiextensions, which `helm template` assumes.
    public static let defaultAPIVersions: [String] = [
        "v1", "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1alpha1", "admissionregistration.k8s.io/v1beta1",
        "internal.apiserver.k8s.io/v1alpha1", "apps/v1", "apps/v1beta1", "apps/v1beta2",
        "authentication.k8s.io/v1", "authentication.k8s.io/v1alpha1", "authentication.k8s.io/v1beta1",
        "authorization.k8s.io/v1", "authorization.k8s.io/v1beta1", "autoscaling/v1", "autoscaling/v2", "autoscaling/v2beta1",
        "autoscaling/v2beta2", "batch/v1", "batch/v1beta1", "certificates.k8s.io/v1", "certificates.k8s.io/v1beta1",
        "certificates.k8s.io/v1alpha1", "coordination.k8s.io/v1alpha2", "coordination.k8s.io/v1beta1", "coordination.k8s.io/v1",
        "discovery.k8s.io/v1", "discovery.k8s.io/v1beta1", "events.k8s.io/v1", "events.k8s.io/v1beta1", "extensions/v1beta1",
        "flowcontrol.apiserver.k8s.io/v1", "flowcontrol.apiserver.k8s.io/v1beta1", "flowcontrol.apiserver.k8s.io/v1beta2",
        "flowcontrol.apiserver.k8s.io/v1beta3", "networking.k8s.io/v1", "networking.k8s.io/v1beta1",
        "node.k8s.io/v1", "node.k8s.io/v1alpha1", "node.k8s.io/v1beta1", "policy/v1", "policy/v1beta1",
        "rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1beta1", "rbac.authorization.k8s.io/v1alpha1",
        "resource.k8s.io/v1", "resource.k8s.io/v1beta2", "resource.k8s.io/v1beta1", "resource.k8s.io/v1alpha3",
        "scheduling.k8s.io/v1alpha1", "scheduling.k8s.io/v1beta1", "scheduling.k8s.io/v1",
        "storage.k8s.io/v1beta1", "storage.k8s.io/v1", "storage.k8s.io/v1alpha1", "storagemigration.k8s.io/v1alpha1",
        "apiextensions.k8s.io/v1beta1", "apiextensions.k8s.io/v1",
    ]

    /// What `helm template` assumes without `--kube-version`: Kubernetes v1.36.0, Helm v4.2.
    public init(extraAPIVersions: [String] = []) {
        kubeVersion = "v1.36.0"
        normalizedKubeVersion = "v1.36.0"
        kubeVersionString = "v1.36.0"
        major = "1"
        minor = "36"
        apiVersions = Self.defaultAPIVersions + extraAPIVersions
        helmVersion = "v4.2"
        kubeClientVersion = "v1.36"
    }

    /// Capabilities for `--kube-version text` (Kubernetes' generic version parsing: `1.28`, `v1.18.20-gke.901`).
    ///
    /// - Throws: ``HelmError`` `invalid kube version '…'` as Helm words it.
    public init(kubeVersion text: String, extraAPIVersions: [String] = []) throws(HelmError) {
        self.init(extraAPIVersions: extraAPIVersions)
        var body = Substring(text)
        if body.hasPrefix("v") { body = body.dropFirst() }
        let numeric = body.prefix { $0.isNumber || $0 == "." }
        let parts = numeric.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.count <= 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }),
              let major = UInt64(parts[0]), let minor = UInt64(parts[1]) else {
            throw HelmError(.load, "invalid kube version '\(text)': could not parse \(GoQuote.quote(text)) as version")
        }
        let patch = parts.count == 3 ? UInt64(parts[2]) ?? 0 : 0
        kubeVersion = text.hasPrefix("v") ? text : "v" + text
        normalizedKubeVersion = "v\(major).\(minor).\(patch)"
        kubeVersionString = "v" + parts.map { String(UInt64($0) ?? 0) }.joined(separator: ".")
        self.major = String(major)
        self.minor = String(minor)
    }

    /// The template value of `.Capabilities`, typed as Helm's: `KubeVersion` a struct whose `String()` prints
    /// ``kubeVersionString`` and whose `GitVersion` is a method, `APIVersions` a `VersionSet` (a `[]string` with
    /// `Has`), `HelmVersion` a `version.BuildInfo`.
    var templateData: TemplateData {
        let versions = Set(apiVersions)
        let has = TemplateMethod(arity: 1) { args in .bool(versions.contains(args[0])) }
        let (gitVersion, printed) = (kubeVersion, kubeVersionString)
        let kube = TemplateData.named(
            type: "common.KubeVersion",
            underlying: .map(["Version": .string(kubeVersion), "Major": .string(major), "Minor": .string(minor)]),
            methods: ["GitVersion": TemplateMethod(arity: 0) { _ in .string(gitVersion) },
                      "String": TemplateMethod(arity: 0) { _ in .string(printed) }],
            printed: printed,
            // The struct's fields as fmt prints them, the unexported normalized version included.
            formatted: "{\(kubeVersion) \(printed) \(major) \(minor)}")
        let build: [(String, String)] = [("Version", helmVersion), ("GitCommit", ""), ("GitTreeState", ""), ("GoVersion", "go1.26"),
                                         ("KubeClientVersion", kubeClientVersion)]
        let helm = TemplateData.named(
            type: "version.BuildInfo",
            underlying: .map(Dictionary(uniqueKeysWithValues: build.map { ($0.0, TemplateData.string($0.1)) })),
            methods: [:],
            formatted: "{" + build.map(\.1).joined(separator: " ") + "}")
        return .map([
            "KubeVersion": kube,
            "APIVersions": .named(type: "common.VersionSet", underlying: .strings(apiVersions), methods: ["Has": has]),
            "HelmVersion": helm,
        ])
    }
}
