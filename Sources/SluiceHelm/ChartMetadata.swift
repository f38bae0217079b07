import Foundation
import SluiceCore

/// What `Chart.yaml` says about a chart.
public struct ChartMetadata: Sendable {
    /// The chart's name (its alias, once dependencies are processed).
    public var name: String
    /// The chart's version (SemVer 2).
    public var version: String
    /// `v2`, or `v1` for charts from Helm 2 (whose dependencies are in `requirements.yaml`).
    public var apiVersion: String
    /// `application` (or empty) or `library`.
    public var type: String
    /// A version constraint the cluster must satisfy.
    public var kubeVersion: String
    /// The declared dependencies.
    public var dependencies: [ChartDependency]
    /// Every field as written, for `.Chart`.
    public var fields: JSONObject

    /// The metadata read from `Chart.yaml`'s object.
    public init(_ object: JSONObject) {
        fields = object
        name = object["name"]?.scalarText ?? ""
        version = object["version"]?.scalarText ?? ""
        apiVersion = object["apiVersion"]?.scalarText ?? ""
        type = object["type"]?.scalarText ?? ""
        kubeVersion = object["kubeVersion"]?.scalarText ?? ""
        dependencies = (object["dependencies"]?.arrayValue ?? []).compactMap { $0.objectValue.map(ChartDependency.init) }
    }

    /// Whether the chart is a library (templates for others, nothing rendered of its own).
    public var isLibrary: Bool { type == "library" }

    /// Helm's `Metadata.Validate`: the `validation: …` error for a malformed `Chart.yaml`.
    func validate() throws(HelmError) {
        func fail(_ message: String) -> HelmError { HelmError(.load, "validation: " + message) }
        if apiVersion.isEmpty { throw fail("chart.metadata.apiVersion is required") }
        if name.isEmpty { throw fail("chart.metadata.name is required") }
        if name == "." || name == ".." { throw fail("chart.metadata.name \(GoQuote.quote(name)) is not allowed") }
        if name.contains("/") || name.contains("\\") { throw fail("chart.metadata.name \(GoQuote.quote(name)) is invalid") }
        if version.isEmpty { throw fail("chart.metadata.version is required") }
        if SemanticVersion(version) == nil { throw fail("chart.metadata.version \(GoQuote.quote(version)) is invalid") }
        if !["", "application", "library"].contains(type) { throw fail("chart.metadata.type must be application or library") }
        var seen: Set<String> = []
        for dependency in dependencies {
            if dependency.name.isEmpty { throw fail("dependencies must have a name") }
            let key = dependency.alias.isEmpty ? dependency.name : dependency.alias
            if !seen.insert(key).inserted { throw fail("more than one dependency with name or alias \(GoQuote.quote(key))") }
        }
    }

    /// `.Chart` as templates see it: Go's field names, every field present, plus `IsRoot`.
    func templateMap(isRoot: Bool) -> JSONValue {
        func text(_ key: String) -> JSONValue { .string(fields[key]?.scalarText ?? "") }
        func strings(_ key: String) -> JSONValue { .array((fields[key]?.arrayValue ?? []).map { .string($0.scalarText ?? "") }) }
        let maintainers: [JSONValue] = (fields["maintainers"]?.arrayValue ?? []).map { item in
            let object = item.objectValue ?? JSONObject()
            return .object(["Name": .string(object["name"]?.scalarText ?? ""), "Email": .string(object["email"]?.scalarText ?? ""),
                            "URL": .string(object["url"]?.scalarText ?? "")])
        }
        var annotations = JSONObject()
        for member in fields["annotations"]?.objectValue ?? JSONObject() { annotations[member.key] = .string(member.value.scalarText ?? "") }
        let object: JSONObject = [
            "Name": .string(name), "Home": text("home"), "Sources": strings("sources"), "Version": .string(version),
            "Description": text("description"), "Keywords": strings("keywords"), "Maintainers": .array(maintainers),
            "Icon": text("icon"), "APIVersion": .string(apiVersion), "Condition": text("condition"), "Tags": text("tags"),
            "AppVersion": text("appVersion"), "Deprecated": .bool(fields["deprecated"]?.boolValue ?? false),
            "Annotations": fields["annotations"] == nil ? .null : .object(annotations), "KubeVersion": .string(kubeVersion),
            "Dependencies": .array(dependencies.map(\.templateMap)), "Type": .string(type), "IsRoot": .bool(isRoot),
        ]
        return .object(object)
    }
}
