import Foundation
import SluiceCore
import SluiceGoTemplate

/// Renders a chart's templates as Helm's engine does (`pkg/engine`): every template of the chart and its subcharts
/// parsed into one set (deeper paths first, so a parent's `define` wins), each non-partial rendered with its chart's
/// `.Values`, `.Chart`, `.Files`, `.Subcharts` and the shared `.Release` and `.Capabilities`.
///
/// Pure: no file system, no network; `lookup` goes through the supplied ``HelmLookup`` (none finds nothing, as in
/// `helm template`).
struct HelmEngine {
    /// The most bytes all rendered templates together may hold.
    var maxOutputSize = 256 << 20
    /// What `lookup` calls; nil finds nothing.
    var lookup: (any HelmLookup)?
    /// How long rendering every template of the chart may take before it fails naming the template it was in.
    var timeLimit: Duration = ChartRenderer.defaultRenderTimeLimit

    private struct Renderable {
        var text: String
        var data: [String: TemplateData]
        var basePath: String
    }

    /// The stack of the thread templates render on: Helm lets a template include itself 1000 deep, and every level
    /// is a few nested executor frames.
    static let stackSize = 1 << 30

    private typealias Outcome = Result<[String: String], HelmError>

    /// Rendered text by template path (`chart/templates/x.yaml`, `chart/charts/sub/templates/y.yaml`); partials left out.
    ///
    /// Runs on a thread of its own with a stack deep enough for Helm's recursion limit; the calling thread waits
    /// (the CLI's entry; async callers use the `async` overload, which blocks no thread of the cooperative pool).
    func render(chart: HelmChart, values: JSONObject, release: ReleaseOptions, capabilities: HelmCapabilities) throws(HelmError) -> [String: String] {
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        startRendering(chart: chart, values: values, release: release, capabilities: capabilities, budget: RenderBudget(timeLimit: timeLimit)) { outcome in
            box.result = outcome
            done.signal()
        }
        done.wait()
        return try box.result!.get()
    }

    /// Rendered text by template path, rendered on a big-stack thread of its own while the calling task is suspended;
    /// cancelling the task stops the render at its next check, which then fails with `rendering was cancelled`.
    func render(chart: HelmChart, values: JSONObject, release: ReleaseOptions, capabilities: HelmCapabilities) async throws(HelmError) -> [String: String] {
        let budget = RenderBudget(timeLimit: timeLimit)
        let outcome: Outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
                startRendering(chart: chart, values: values, release: release, capabilities: capabilities, budget: budget) { outcome in
                    continuation.resume(returning: outcome)
                }
            }
        } onCancel: {
            budget.cancel()
        }
        return try outcome.get()
    }

    /// Starts a thread with ``stackSize`` that renders and hands the outcome to `finished`.
    private func startRendering(chart: HelmChart, values: JSONObject, release: ReleaseOptions, capabilities: HelmCapabilities,
                                budget: RenderBudget, finished: @escaping @Sendable (Outcome) -> Void) {
        let thread = Thread { [self] in
            do throws(HelmError) {
                finished(.success(try renderHere(chart: chart, values: values, release: release, capabilities: capabilities, budget: budget)))
            } catch {
                finished(.failure(error))
            }
        }
        thread.stackSize = Self.stackSize
        thread.start()
    }

    private final class ResultBox: @unchecked Sendable {
        var result: Outcome?
    }

    private func renderHere(chart: HelmChart, values: JSONObject, release: ReleaseOptions, capabilities: HelmCapabilities,
                            budget: RenderBudget) throws(HelmError) -> [String: String] {
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
        set.budget = budget
        if let lookup {
            set.lookup = { apiVersion, kind, namespace, name in
                TemplateData(json: .object(try lookup.lookup(apiVersion: apiVersion, kind: kind, namespace: namespace, name: name)))
            }
        }
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
