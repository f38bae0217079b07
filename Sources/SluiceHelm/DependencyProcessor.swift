import Foundation
import SluiceCore
import SluiceGoTemplate

/// Helm's dependency processing before values are coalesced (`pkg/chart/v2/util/dependencies.go`): missing
/// dependencies refused, aliases applied (a chart used twice), charts disabled by `tags` and `condition`s removed, and
/// `import-values` copied from children into their parents' defaults.
enum DependencyProcessor {
    /// Fails with Helm's message when a dependency of `Chart.yaml` is not in `charts/` (`CheckDependencies`).
    static func checkPresent(_ chart: HelmChart) throws(HelmError) {
        let present = Set(chart.dependencies.map(\.name))
        let missing = chart.metadata.dependencies.map(\.name).filter { !present.contains($0) }
        if !missing.isEmpty {
            throw HelmError(.load, "an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: \(missing.joined(separator: ", "))")
        }
    }

    /// The chart with dependencies enabled or removed by `values` (the user's) and import-values applied.
    static func process(_ chart: HelmChart, values: JSONObject) -> HelmChart {
        var chart = chart
        enable(&chart, values: values, path: "")
        importValues(&chart)
        return chart
    }

    private static func versionMatches(_ constraint: String, _ version: String) -> Bool {
        guard !constraint.isEmpty else { return true }
        guard let parsed = try? VersionConstraint(constraint), let version = SemanticVersion(version) else { return false }
        return parsed.isSatisfied(by: version)
    }

    private static func enable(_ chart: inout HelmChart, values: JSONObject, path: String) {
        guard !chart.metadata.dependencies.isEmpty else { return }
        var charts: [HelmChart] = []
        existing: for sub in chart.dependencies {
            for request in chart.metadata.dependencies where sub.name == request.name && versionMatches(request.version, sub.metadata.version) {
                continue existing
            }
            charts.append(sub)
        }
        for index in chart.metadata.dependencies.indices {
            let request = chart.metadata.dependencies[index]
            if var sub = chart.dependencies.first(where: { $0.name == request.name && versionMatches(request.version, $0.metadata.version) }) {
                if !request.alias.isEmpty { sub.metadata.name = request.alias }
                charts.append(sub)
            }
            if !request.alias.isEmpty { chart.metadata.dependencies[index].name = request.alias }
            chart.metadata.dependencies[index].enabled = true
        }
        chart.dependencies = charts
        let coalesced = ValuesCoalescer.coalesce(chart, values)
        applyTags(&chart.metadata.dependencies, coalesced)
        applyConditions(&chart.metadata.dependencies, coalesced, path: path)
        let disabled = Set(chart.metadata.dependencies.filter { !$0.enabled }.map(\.name))
        chart.dependencies.removeAll { disabled.contains($0.name) }
        chart.metadata.dependencies.removeAll { disabled.contains($0.name) }
        for index in chart.dependencies.indices {
            enable(&chart.dependencies[index], values: coalesced, path: path + chart.dependencies[index].name + ".")
        }
    }

    private static func applyTags(_ dependencies: inout [ChartDependency], _ values: JSONObject) {
        guard case .object(let tags)? = values["tags"] else { return }
        for index in dependencies.indices {
            var hasTrue = false
            var hasFalse = false
            for tag in dependencies[index].tags {
                if case .bool(let value)? = tags[tag] { if value { hasTrue = true } else { hasFalse = true } }
            }
            if !hasTrue && hasFalse { dependencies[index].enabled = false } else { dependencies[index].enabled = true }
        }
    }

    private static func applyConditions(_ dependencies: inout [ChartDependency], _ values: JSONObject, path: String) {
        for index in dependencies.indices where !dependencies[index].condition.isEmpty {
            for condition in dependencies[index].condition.split(separator: ",", omittingEmptySubsequences: true) {
                let keys = (path + condition.trimmingCharacters(in: .whitespaces)).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                if case .bool(let value)? = pathValue(values, keys) {
                    dependencies[index].enabled = value
                    break
                }
            }
        }
    }

    /// Helm's `Values.PathValue`: the value at `keys`, when it is not a table.
    static func pathValue(_ values: JSONObject, _ keys: [String]) -> JSONValue? {
        guard let first = keys.first else { return nil }
        guard let value = values[first] else { return nil }
        if keys.count == 1 {
            if case .object = value { return nil }
            return value
        }
        guard case .object(let table) = value else { return nil }
        return pathValue(table, Array(keys.dropFirst()))
    }

    /// Helm's `Values.Table`: the table at `keys`.
    static func table(_ values: JSONObject, _ keys: [String]) -> JSONObject? {
        var current = values
        for key in keys {
            guard case .object(let next)? = current[key] else { return nil }
            current = next
        }
        return current
    }

    private static func importValues(_ chart: inout HelmChart) {
        for index in chart.dependencies.indices { importValues(&chart.dependencies[index]) }
        guard !chart.metadata.dependencies.isEmpty else { return }
        let values = ValuesCoalescer.coalesce(chart, JSONObject(), merge: true)
        var imported = JSONObject()
        for index in chart.metadata.dependencies.indices {
            let dependency = chart.metadata.dependencies[index]
            var rewritten: [JSONValue] = []
            for item in dependency.importValues {
                switch item {
                case .object(let pair):
                    let child = pair["child"].map(goText) ?? "<nil>"
                    let parent = pair["parent"].map(goText) ?? "<nil>"
                    rewritten.append(.object(["child": .string(child), "parent": .string(parent)]))
                    let keys = (dependency.name + "." + child).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                    guard let table = table(values, keys) else { continue }
                    imported = ValuesCoalescer.tables(imported, pathToMap(parent, table), merge: true)
                case .string(let name):
                    rewritten.append(.object(["child": .string("exports." + name), "parent": "."]))
                    guard let table = table(values, [dependency.name, "exports", name]) else { continue }
                    imported = ValuesCoalescer.tables(imported, table, merge: true)
                default:
                    continue
                }
            }
            chart.metadata.dependencies[index].importValues = rewritten
        }
        chart.values = ValuesCoalescer.tables(values, imported, merge: true)
    }

    /// `fmt.Sprintf("%v", …)` of an `import-values` entry (an `interface{}`: a float64 prints as `%v` does).
    private static func goText(_ value: JSONValue) -> String {
        if case .double(let d) = value { return GoFloat.shortest(d) }
        return value.scalarText ?? "\(value)"
    }

    /// Helm's `pathToMap`: `data` placed at the dotted `path` (`.` is the top).
    private static func pathToMap(_ path: String, _ data: JSONObject) -> JSONObject {
        if path == "." { return data }
        let keys = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var result = data
        for key in keys.reversed() { result = [key: .object(result)] }
        return result
    }
}
