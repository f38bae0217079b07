import SluiceCore

/// The resource types being served: the built-in table plus those CustomResourceDefinitions add.
struct ResourceRegistry: Sendable {
    private(set) var types: [ResourceType]
    private var byKey: [String: Int] = [:]

    /// The built-in types only.
    init() {
        types = BuiltInResources.all
        reindex()
    }

    private mutating func reindex() {
        byKey = [:]
        for (index, type) in types.enumerated() { byKey[type.key] = index }
    }

    /// The type stored under `key` (`group/plural`).
    func type(key: String) -> ResourceType? { byKey[key].map { types[$0] } }

    /// The type served at `/…/group/version/plural`.
    func type(group: String, version: String, plural: String) -> ResourceType? {
        guard let type = type(key: "\(group)/\(plural)"), type.versions.contains(version) else { return nil }
        return type
    }

    /// The type of objects of `group`/`kind` served at `version`.
    func type(group: String, version: String, kind: String) -> ResourceType? {
        types.first { $0.group == group && $0.kind == kind && $0.versions.contains(version) }
    }

    /// The served groups, in a stable order: core first, then built-ins, then custom groups.
    var groups: [(name: String, versions: [String])] {
        var order: [String] = []
        var versions: [String: [String]] = [:]
        for type in types where !type.group.isEmpty {
            if versions[type.group] == nil { order.append(type.group) }
            for version in type.versions where !(versions[type.group] ?? []).contains(version) {
                versions[type.group, default: []].append(version)
            }
        }
        return order.map { ($0, Self.sortedVersions(versions[$0]!)) }
    }

    /// Types served in `group` at `version`.
    func types(group: String, version: String) -> [ResourceType] {
        types.filter { $0.group == group && $0.versions.contains(version) }
    }

    /// Adds or replaces a custom type.
    mutating func register(_ type: ResourceType) {
        if let index = byKey[type.key] { types[index] = type } else { types.append(type) }
        reindex()
    }

    /// Removes a custom type.
    mutating func unregister(key: String) {
        guard let index = byKey[key], types[index].isCustom else { return }
        types.remove(at: index)
        reindex()
    }

    /// Kube's version priority: GA before beta before alpha, higher numbers first.
    static func sortedVersions(_ versions: [String]) -> [String] {
        func rank(_ v: String) -> (Int, Int, Int) {
            let scanner = v.dropFirst()
            let major = Int(scanner.prefix { $0.isNumber }) ?? 0
            let rest = scanner.drop { $0.isNumber }
            if rest.isEmpty { return (3, major, 0) }
            let minor = Int(rest.drop { !$0.isNumber }) ?? 0
            if rest.hasPrefix("beta") { return (2, major, minor) }
            if rest.hasPrefix("alpha") { return (1, major, minor) }
            return (0, major, minor)
        }
        return versions.sorted { rank($0) > rank($1) }
    }

    /// The type a CustomResourceDefinition defines, or causes why it is invalid.
    static func customType(from crd: JSONValue) -> Result<ResourceType, APIError> {
        let name = crd[path: ["metadata", "name"]]?.stringValue ?? ""
        var causes: [APIError.Cause] = []
        func require(_ path: [String]) -> String {
            let value = crd[path: path]?.stringValue ?? ""
            if value.isEmpty {
                causes.append(.init(reason: "FieldValueRequired", message: "Required value", field: path.joined(separator: ".")))
            }
            return value
        }
        let group = require(["spec", "group"])
        let plural = require(["spec", "names", "plural"])
        let kind = require(["spec", "names", "kind"])
        let scope = require(["spec", "scope"])
        if !scope.isEmpty && scope != "Namespaced" && scope != "Cluster" {
            causes.append(.init(reason: "FieldValueNotSupported",
                                message: "Unsupported value: \"\(scope)\": supported values: \"Cluster\", \"Namespaced\"",
                                field: "spec.scope"))
        }
        if !plural.isEmpty && !group.isEmpty && name != "\(plural).\(group)" {
            causes.append(.init(reason: "FieldValueInvalid",
                                message: "Invalid value: \"\(name)\": must be spec.names.plural+\".\"+spec.group",
                                field: "metadata.name"))
        }
        let versions = crd[path: ["spec", "versions"]]?.arrayValue ?? []
        let served = versions.filter { $0["served"]?.boolValue ?? false }
        if versions.isEmpty {
            causes.append(.init(reason: "FieldValueRequired", message: "Required value", field: "spec.versions"))
        }
        let storage = versions.filter { $0["storage"]?.boolValue ?? false }
        if !versions.isEmpty && storage.count != 1 {
            causes.append(.init(reason: "FieldValueInvalid",
                                message: "Invalid value: \(versions.count): must have exactly one version marked as storage version",
                                field: "spec.versions"))
        }
        guard causes.isEmpty else {
            return .failure(.invalid(kind: "CustomResourceDefinition", group: "apiextensions.k8s.io", name: name, causes: causes))
        }
        let storageName = storage[0]["name"]?.stringValue ?? "v1"
        var versionNames = sortedVersions(served.compactMap { $0["name"]?.stringValue })
        versionNames.removeAll { $0 == storageName }
        versionNames.insert(storageName, at: 0)
        var type = ResourceType(
            group: group, versions: versionNames, kind: kind, plural: plural, namespaced: scope == "Namespaced",
            shortNames: crd[path: ["spec", "names", "shortNames"]]?.arrayValue?.compactMap(\.stringValue) ?? [],
            categories: crd[path: ["spec", "names", "categories"]]?.arrayValue?.compactMap(\.stringValue) ?? [],
            hasStatus: false, tracksGeneration: true)
        type.isCustom = true
        if let singular = crd[path: ["spec", "names", "singular"]]?.stringValue, !singular.isEmpty { type.singular = singular }
        // Subresources are served for every version when the storage version (or, failing that, any version) declares them.
        let byStorageFirst = storage + versions.filter { !($0["storage"]?.boolValue ?? false) }
        type.scale = byStorageFirst.lazy.compactMap { $0[path: ["subresources", "scale"]].flatMap(ScaleSubresource.custom) }.first
        for version in versions {
            guard let versionName = version["name"]?.stringValue else { continue }
            if version[path: ["subresources", "status"]] != nil { type.hasStatus = true }
            if let schema = version[path: ["schema", "openAPIV3Schema"]] { type.schemas[versionName] = schema }
            if let columns = version["additionalPrinterColumns"]?.arrayValue { type.printerColumns[versionName] = columns }
        }
        return .success(type)
    }
}
