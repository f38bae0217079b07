import Foundation
import SluiceCore
import SluiceHelm

extension HelmReleaseRecord {
    /// The chart as Helm records it in a release: the loaded top chart (subcharts are not stored, as Go's unexported
    /// `dependencies` field is not), its metadata as Helm's `Metadata.Validate` sanitises it (whitespace as spaces,
    /// unprintable characters dropped), its dependencies as processed (`enabled`), templates and files in base64,
    /// values and schema. Sluice's loader keeps no file times nor `Chart.lock`, so `modtime` is absent and `lock` null.
    public static func chartJSON(_ chart: HelmChart) -> JSONValue {
        let metadata = chart.metadata
        func text(_ key: String) -> JSONValue { .string(sanitized(metadata.fields[key]?.stringValue ?? "")) }
        func texts(_ key: String) -> JSONValue {
            .array((metadata.fields[key]?.arrayValue ?? []).map { .string(sanitized($0.stringValue ?? "")) })
        }
        let maintainers: [JSONValue] = (metadata.fields["maintainers"]?.arrayValue ?? []).map { element in
            guard let object = element.objectValue else { return .null }
            return .object(["name": .string(sanitized(object["name"]?.stringValue ?? "")),
                            "email": .string(sanitized(object["email"]?.stringValue ?? "")),
                            "url": .string(sanitized(object["url"]?.stringValue ?? ""))])
        }
        let dependencies: [JSONValue] = metadata.dependencies.map { dependency in
            .object(["name": .string(sanitized(dependency.name)), "version": .string(sanitized(dependency.version)),
                     "repository": .string(sanitized(dependency.repository)), "condition": .string(sanitized(dependency.condition)),
                     "tags": .array(dependency.tags.map { .string(sanitized($0)) }), "enabled": .bool(dependency.enabled),
                     "import-values": .array(dependency.importValues), "alias": .string(dependency.alias)])
        }
        let metadataJSON: JSONObject = [
            "name": text("name"), "home": text("home"), "sources": texts("sources"), "version": .string(metadata.version),
            "description": text("description"), "keywords": texts("keywords"), "maintainers": .array(maintainers),
            "icon": text("icon"), "apiVersion": .string(metadata.apiVersion), "condition": text("condition"),
            "tags": text("tags"), "appVersion": text("appVersion"), "deprecated": .bool(metadata.fields["deprecated"]?.boolValue ?? false),
            "annotations": metadata.fields["annotations"] ?? .null, "kubeVersion": text("kubeVersion"),
            "dependencies": .array(dependencies), "type": .string(metadata.type),
        ]
        func files(_ files: [ChartFile]) -> JSONValue {
            files.isEmpty ? .null : .array(files.map { .object(["name": .string($0.name), "data": .string(Data($0.data).base64EncodedString())]) })
        }
        let chartJSON: JSONValue = .object([
            "metadata": .object(metadataJSON), "lock": .null, "templates": files(chart.templates), "values": .object(chart.values),
            "schema": chart.schema.map { .string(Data($0).base64EncodedString()) } ?? .null, "files": files(chart.files),
        ])
        // The builder above makes only what the canonical form reads; it cannot fail but for a non-finite value, which
        // the encoder reports when the record is stored.
        return (try? HelmChartJSON.canonical(chartJSON)) ?? chartJSON
    }

    /// The chart's name (`chart.metadata.name`).
    public var chartName: String { chart[path: ["metadata", "name"]]?.stringValue ?? "" }
    /// The chart's version (`chart.metadata.version`).
    public var chartVersion: String { chart[path: ["metadata", "version"]]?.stringValue ?? "" }
    /// The chart's app version (`chart.metadata.appVersion`).
    public var appVersion: String { chart[path: ["metadata", "appVersion"]]?.stringValue ?? "" }

    /// Helm's `sanitizeString`: whitespace becomes a space, what Go's `unicode.IsPrint` refuses is dropped.
    private static func sanitized(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                result.append(" ")
                continue
            }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber,
                 .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                 .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
                result.append(scalar)
            default:
                continue
            }
        }
        return String(result)
    }
}
