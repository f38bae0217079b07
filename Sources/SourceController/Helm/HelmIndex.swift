import Foundation
import SluiceCore

/// A Helm repository's `index.yaml`, loaded and validated as Flux's source-controller loads it (Helm's `repo.IndexFile`).
///
/// JSON or YAML; an empty file, a file without `apiVersion`, or entries that are not lists of chart versions are
/// refused. Chart versions that fail Helm's metadata validation (no name or version, a version that is not semver,
/// a name with a path separator) are dropped, as Helm drops them. Each chart's versions are sorted newest first,
/// as Helm's `SortEntries`.
struct HelmIndex: Sendable {
    /// `apiVersion`.
    var apiVersion: String
    /// The index as read, with invalid versions removed and versions sorted; what the artifact holds.
    var document: JSONObject
    /// Chart name → its versions, newest first.
    var entries: [String: [HelmIndexEntry]]

    /// Loads an index from its bytes.
    ///
    /// - Throws: ``HelmIndexError`` naming the cause (Helm's wording where Helm has one).
    init(bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { throw HelmIndexError("empty index.yaml file") }
        let value: JSONValue
        if let json = try? JSONParser().parse(bytes) {
            value = json
        } else {
            do {
                let documents = try YAMLReader().documents(String(decoding: bytes, as: UTF8.self), source: "index.yaml")
                value = documents.first?.value ?? .null
            } catch {
                throw HelmIndexError("error unmarshaling index: \(error)")
            }
        }
        guard case .object(let object) = value else { throw HelmIndexError("error unmarshaling index: not a mapping") }
        guard case .string(let apiVersion)? = object["apiVersion"], !apiVersion.isEmpty else {
            throw HelmIndexError("no API version specified")
        }
        self.apiVersion = apiVersion
        var entries: [String: [HelmIndexEntry]] = [:]
        var document = object
        if let rawEntries = object["entries"], rawEntries != .null {
            guard case .object(let charts) = rawEntries else { throw HelmIndexError("error unmarshaling index: 'entries' is not a mapping") }
            var kept = JSONObject()
            for (name, versions) in charts {
                guard case .array(let list) = versions else {
                    throw HelmIndexError("error unmarshaling index: entries of chart '\(name)' are not a list")
                }
                let valid = list.compactMap { HelmIndexEntry($0) }
                let sorted = Self.sortedNewestFirst(valid)
                entries[name] = sorted
                kept[name] = .array(sorted.map { .object($0.raw) })
            }
            document["entries"] = .object(kept.sortedByKey())
        }
        self.document = document
        self.entries = entries
    }

    /// The index as the artifact stores it (JSON, as Flux stores it).
    var artifactBytes: [UInt8] { JSONSerializer(pretty: true).bytes(.object(document)) }

    /// `versions` newest first, as Helm's `SortEntries` (semver descending; versions compared as text when one does not parse).
    static func sortedNewestFirst(_ versions: [HelmIndexEntry]) -> [HelmIndexEntry] {
        let keyed = versions.map { ($0, SemanticVersion($0.version)) }
        let sorted = keyed.enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element, rhs.element)
            let less: Bool, greater: Bool
            if let a = left.1, let b = right.1 {
                (less, greater) = (a < b, b < a)
            } else {
                (less, greater) = (left.0.version < right.0.version, right.0.version < left.0.version)
            }
            if less != greater { return greater }
            return lhs.offset < rhs.offset
        }
        return sorted.map(\.element.0)
    }

    /// The version of chart `name` that `range` selects, as Flux's `ChartRepository.GetChartVersion`: an exact
    /// version string first, then the highest semver match (`*` or empty: the highest stable version), ties broken
    /// by the later `created` time.
    ///
    /// - Throws: ``HelmIndexError`` (Helm's wording) when the chart or a matching version is missing, or the range is invalid.
    func chartVersion(_ name: String, range: String?) throws -> HelmIndexEntry {
        guard let versions = entries[name] else { throw HelmIndexError("no chart name found") }
        guard !versions.isEmpty else { throw HelmIndexError("no chart version found") }
        let range = range ?? ""
        if !range.isEmpty, let exact = versions.first(where: { $0.version == range }) { return exact }
        let constraint: VersionConstraint
        do {
            constraint = try VersionConstraint(range.isEmpty ? "*" : range)
        } catch {
            throw HelmIndexError("improper constraint: \(range)")
        }
        var best: (version: SemanticVersion, entry: HelmIndexEntry)?
        for entry in versions {
            guard let version = SemanticVersion(entry.version), constraint.isSatisfied(by: version) else { continue }
            if let current = best {
                if current.version < version || (current.version == version && current.entry.created < entry.created) {
                    best = (version, entry)
                }
            } else {
                best = (version, entry)
            }
        }
        guard let best else { throw HelmIndexError("no '\(name)' chart with version matching '\(range)' found") }
        return best.entry
    }
}

/// One chart version of an index: its fields as read, and those the controller uses.
struct HelmIndexEntry: Sendable {
    /// The entry as read.
    var raw: JSONObject
    /// `name`.
    var name: String
    /// `version`.
    var version: String
    /// `urls`.
    var urls: [String]
    /// `created`, as text (RFC 3339 sorts as text within one zone).
    var created: String
    /// `digest`, informational: Flux does not check it.
    var digest: String?

    /// A validated entry, or `nil` when Helm's metadata validation drops it.
    init?(_ value: JSONValue) {
        guard case .object(var raw) = value else { return nil }
        guard case .string(let name)? = raw["name"], !name.isEmpty, !name.contains("/"), !name.contains("\\"), name != "..", name != "." else { return nil }
        let version: String
        switch raw["version"] {
        case .string(let text)?: version = text
        case .int(let number)?: version = String(number)
        default: return nil
        }
        guard !version.isEmpty, SemanticVersion(version) != nil else { return nil }
        if raw["apiVersion"] == nil || raw["apiVersion"] == .null || raw["apiVersion"] == .string("") { raw["apiVersion"] = .string("v1") }
        self.raw = raw
        self.name = name
        self.version = version
        if case .array(let list)? = raw["urls"] { urls = list.compactMap(\.stringValue) } else { urls = [] }
        created = raw["created"]?.stringValue ?? ""
        digest = raw["digest"]?.stringValue
    }
}

/// An index that cannot be loaded, or a chart it does not hold.
struct HelmIndexError: Error, CustomStringConvertible {
    /// What is wrong.
    var description: String

    init(_ description: String) { self.description = description }
}
