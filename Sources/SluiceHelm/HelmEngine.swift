import Foundation
import SluiceCore
import SluiceGoTemplate

/// Renders a chart's templates as Helm's engine does (`pkg/engine`): every template of the chart and its subcharts
/// parsed into one set (deeper paths first, so a parent's `define` wins), each non-partial rendered with its chart's
/// `.Values`, `.Chart`, `.Files`, `.Subcharts` and the shared `.Release` and `.Capabilities`.
///
/// Pure: no file system, no network. `lookup` finds nothing, as in `helm template`.
struct HelmEngine {
    /// The most bytes all rendered templates together may hold.
    var maxOutputSize = 256 << 20

    private struct Renderable {
        var text: String
        var data: [String: TemplateData]
        var basePath: String
    }

    /// The stack of the thread templates render on: Helm lets a template include itself 1000 deep, and every level
    /// is a few nested executor frames.
    static let stackSize = 1 << 30

    /// Rendered text by template path (`chart/templates/x.yaml`, `chart/charts/sub/templates/y.yaml`); partials left out.
    ///
    /// Runs on a thread of its own with a stack deep enough for Helm's recursion limit; the caller waits for it.
    func render(chart: HelmChart, values: JSONObject, release: ReleaseOptions, capabilities: HelmCapabilities) throws(HelmError) -> [String: String] {
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            do throws(HelmError) {
                box.result = .success(try renderHere(chart: chart, values: values, release: release, capabilities: capabilities))
            } catch {
                box.result = .failure(error)
            }
            done.signal()
        }
        thread.stackSize = Self.stackSize
        thread.start()
        done.wait()
        return try box.result!.get()
    }

    private final class ResultBox: @unchecked Sendable {
        var result: Result<[String: String], HelmError>?
    }

    private func renderHere(chart: HelmChart, values: JSONObject, release: ReleaseOptions, capabilities: HelmCapabilities) throws(HelmError) -> [String: String] {
        var renderables: [String: Renderable] = [:]
        let top: [String: TemplateData] = ["Release": release.templateData, "Capabilities": capabilities.templateData]
        _ = collect(chart, values: .object(values), isRoot: true, path: chart.name, shared: top, into: &renderables)
        let order = renderables.keys.sorted { a, b in
            let slashesA = a.filter { $0 == "/" }.count
            let slashesB = b.filter { $0 == "/" }.count
            return slashesA == slashesB ? a > b : slashesA > slashesB
        }
        // Helm stops a template included in itself after 1000 levels; Go's own limit on nesting is far above that.
        var set = TemplateSet(maxDepth: 1200)
        for name in order {
            do throws(GoTemplateError) { try set.parse(name: name, text: renderables[name]!.text) } catch {
                throw HelmError(.render, TemplateErrorFormatter.parse(error.message, file: name))
            }
        }
        var rendered: [String: String] = [:]
        var total = 0
        for name in order {
            let base = name.split(separator: "/").last.map(String.init) ?? name
            if base.hasPrefix("_") { continue }
            let renderable = renderables[name]!
            var data = renderable.data
            data["Template"] = .map(["Name": .string(name), "BasePath": .string(renderable.basePath)])
            let output: String
            do throws(GoTemplateError) { output = try set.render(name, with: .map(data)) } catch {
                throw HelmError(.render, TemplateErrorFormatter.execution(error.message, file: name))
            }
            total += output.utf8.count
            guard total <= maxOutputSize else {
                throw HelmError(.render, "rendering \(name): the chart renders more than \(maxOutputSize) bytes")
            }
            rendered[name] = output
        }
        return rendered
    }

    /// Adds the templates of `chart` and its subcharts; returns the chart's template data (for `.Subcharts`).
    private func collect(_ chart: HelmChart, values: JSONValue, isRoot: Bool, path: String, shared: [String: TemplateData],
                         into renderables: inout [String: Renderable]) -> TemplateData {
        var data = shared
        data["Chart"] = TemplateData(json: chart.metadata.templateMap(isRoot: isRoot))
        data["Files"] = ChartFiles(chart.files).templateData
        data["Values"] = TemplateData(json: values)
        var subcharts: [String: TemplateData] = [:]
        for sub in chart.dependencies {
            var subValues = JSONValue.object(JSONObject())
            if case .object(let object) = values, case .object(let table)? = object[sub.name] { subValues = .object(table) }
            subcharts[sub.name] = collect(sub, values: subValues, isRoot: false, path: path + "/charts/" + sub.name, shared: shared, into: &renderables)
        }
        data["Subcharts"] = .map(subcharts)
        for template in chart.templates {
            let base = template.name.split(separator: "/").last.map(String.init) ?? template.name
            if chart.metadata.isLibrary && !base.hasPrefix("_") { continue }
            renderables[path + "/" + template.name] = Renderable(text: template.text, data: data, basePath: path + "/templates")
        }
        return .map(data)
    }
}
