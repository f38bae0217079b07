import Foundation
import SluiceArchive
import SluiceCore
import SluiceGoTemplate

/// Loads charts as Helm's loader does: from a directory (honouring `.helmignore`), a `.tgz` archive, or files in memory.
///
/// Archives are read in memory through SluiceArchive's size-bounded gzip and tar readers: entries with `..` or an
/// absolute name are refused, links and devices skipped, and the total and per-file sizes bounded. Directory walks never
/// follow a symlink out of the chart's directory.
public struct ChartLoader: Sendable {
    /// The most bytes one file of a chart may hold (Helm: 5 MiB).
    public var maxFileSize: Int
    /// The most decompressed bytes an archive may hold (Helm: 100 MiB).
    public var maxArchiveSize: Int64
    /// How deeply subcharts may nest.
    public var maxDepth: Int

    /// A loader with Helm's limits.
    public init(maxFileSize: Int = 5 << 20, maxArchiveSize: Int64 = 100 << 20, maxDepth: Int = 32) {
        self.maxFileSize = maxFileSize
        self.maxArchiveSize = maxArchiveSize
        self.maxDepth = maxDepth
    }

    /// Loads the chart at `path`: a directory or a `.tgz` file.
    public func load(path: String) throws(HelmError) -> HelmChart {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw HelmError(.load, "path \(GoQuote.quote(path)) not found")
        }
        if isDirectory.boolValue { return try loadDirectory(path) }
        guard let data = FileManager.default.contents(atPath: path) else { throw HelmError(.load, "cannot read \(path)") }
        guard data.count <= maxArchiveSize else { throw HelmError(.load, "chart \(path) is larger than \(maxArchiveSize) bytes") }
        return try loadArchive([UInt8](data), source: path)
    }

    /// Loads a chart from a directory, skipping what its `.helmignore` (Helm's rules, see ``HelmIgnoreRules``) and Helm's
    /// default `templates/.?*` ignore.
    public func loadDirectory(_ path: String) throws(HelmError) -> HelmChart {
        try load(files: try directoryFiles(path), source: path, depth: 0)
    }

    /// The files of a chart directory as ``loadDirectory(_:)`` reads them (paths relative to it, sorted walk),
    /// without loading them: what a packager writes.
    public func directoryFiles(_ path: String) throws(HelmError) -> [ChartFile] {
        let root = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        var matcher = HelmIgnoreRules()
        if let ignore = FileManager.default.contents(atPath: root.appendingPathComponent(".helmignore").path) {
            matcher = try HelmIgnoreRules(parsing: String(decoding: ignore, as: UTF8.self))
        }
        matcher.addDefaults()
        var files: [ChartFile] = []
        var total = 0
        func walk(_ directory: URL, _ relative: [String]) throws(HelmError) {
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() } catch {
                throw HelmError(.load, "cannot read directory \(directory.path): \(error.localizedDescription)")
            }
            for name in names {
                let url = directory.appendingPathComponent(name)
                let elements = relative + [name]
                let resolved = url.resolvingSymlinksInPath().path
                guard resolved == root.path || resolved.hasPrefix(root.path + "/") else {
                    throw HelmError(.load, "\(elements.joined(separator: "/")): a symlink out of the chart directory")
                }
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) else { continue }
                if matcher.isIgnored(elements.joined(separator: "/"), isDirectory: isDirectory.boolValue) { continue }
                if isDirectory.boolValue {
                    guard elements.count <= maxDepth * 4 else { throw HelmError(.load, "\(elements.joined(separator: "/")): directories nest too deeply") }
                    try walk(url, elements)
                    continue
                }
                guard let data = FileManager.default.contents(atPath: resolved) else {
                    throw HelmError(.load, "cannot read \(elements.joined(separator: "/"))")
                }
                guard data.count <= maxFileSize else {
                    throw HelmError(.load, "chart file \(GoQuote.quote(elements.joined(separator: "/"))) is larger than the maximum file size \(maxFileSize)")
                }
                total += data.count
                guard total <= maxArchiveSize else { throw HelmError(.load, "chart \(path) is larger than \(maxArchiveSize) bytes") }
                files.append(ChartFile(name: elements.joined(separator: "/"), data: [UInt8](data)))
            }
        }
        try walk(root, [])
        return files
    }

    /// Loads a packaged chart (`.tgz`): the entries under its top directory.
    public func loadArchive(_ archive: [UInt8], source: String) throws(HelmError) -> HelmChart {
        try load(files: try archiveFiles(archive, source: source), source: source, depth: 0)
    }

    /// The files of a packaged chart (`.tgz`) as ``loadArchive(_:source:)`` reads them (paths relative to its top
    /// directory; `..` and absolute names refused, sizes bounded), without loading them: what a packager writes.
    public func archiveFiles(_ archive: [UInt8], source: String) throws(HelmError) -> [ChartFile] {
        var files: [ChartFile] = []
        do {
            let decompressor = try GzipDecompressor(archive, limit: maxArchiveSize)
            var reader = TarReader(decompressor)
            var total: Int64 = 0
            while let entry = try reader.next() {
                guard entry.kind == .regularFile else { continue }
                var elements = entry.name.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
                if entry.name.hasPrefix("/") || elements.contains("..") {
                    throw HelmError(.load, "chart illegally references parent directory: \(GoQuote.quote(entry.name)) in \(source)")
                }
                elements.removeAll { $0 == "." }
                guard elements.count > 1 else { continue }
                let name = elements.dropFirst().joined(separator: "/")
                guard entry.size <= Int64(maxFileSize) else {
                    throw HelmError(.load, "chart file \(GoQuote.quote(name)) is larger than the maximum file size \(maxFileSize)")
                }
                total += entry.size
                guard total <= maxArchiveSize else { throw HelmError(.load, "chart \(source) is larger than \(maxArchiveSize) bytes") }
                files.append(ChartFile(name: name, data: try reader.readContents()))
            }
        } catch let error as HelmError {
            throw error
        } catch {
            throw HelmError(.load, "\(source): not a valid chart archive: \(error)")
        }
        guard !files.isEmpty else { throw HelmError(.load, "no files in chart archive") }
        return files
    }

    /// Builds a chart from its files (paths relative to the chart's root), as Helm's `LoadFiles`.
    public func load(files: [ChartFile], source: String = "chart") throws(HelmError) -> HelmChart {
        try load(files: files, source: source, depth: 0)
    }

    private func load(files: [ChartFile], source: String, depth: Int) throws(HelmError) -> HelmChart {
        guard depth <= maxDepth else { throw HelmError(.load, "\(source): subcharts nest deeper than \(maxDepth)") }
        guard let chartFile = files.first(where: { $0.name == "Chart.yaml" }) else {
            throw HelmError(.load, "Chart.yaml file is missing")
        }
        var metadataObject = try ChartYAMLFields.coerce(try Self.yamlObject(chartFile, source: source, what: "cannot load Chart.yaml"))
        if metadataObject["apiVersion"] == nil { metadataObject["apiVersion"] = "v1" }
        var metadata = ChartMetadata(metadataObject)
        var chart = HelmChart(metadata: metadata)
        var subchartFiles: [String: [ChartFile]] = [:]
        var subchartOrder: [String] = []
        for file in files.sorted(by: { $0.name < $1.name }) {
            switch file.name {
            case "Chart.yaml":
                continue
            case "values.yaml":
                do throws(HelmError) { chart.values = try ValuesReader.read(file.text) } catch {
                    throw HelmError(.load, "cannot load values.yaml: \(error.message)")
                }
            case "values.schema.json":
                chart.schema = file.data
            case "requirements.yaml" where metadata.apiVersion == "v1":
                let requirements = try Self.yamlObject(file, source: source, what: "cannot load requirements.yaml")
                metadata.dependencies = (requirements["dependencies"]?.arrayValue ?? []).compactMap { $0.objectValue.map(ChartDependency.init) }
                chart.files.append(file)
            case "Chart.lock", "requirements.lock":
                continue
            default:
                if file.name.hasPrefix("templates/") {
                    chart.templates.append(file)
                } else if file.name.hasPrefix("charts/") {
                    if file.name.hasSuffix(".prov") { chart.files.append(file); continue }
                    let rest = String(file.name.dropFirst("charts/".count))
                    let name = String(rest.split(separator: "/", maxSplits: 1).first ?? "")
                    if subchartFiles[name] == nil { subchartOrder.append(name) }
                    subchartFiles[name, default: []].append(ChartFile(name: rest, data: file.data))
                } else {
                    chart.files.append(file)
                }
            }
        }
        chart.metadata = metadata
        try metadata.validate()
        for name in subchartOrder {
            let group = subchartFiles[name]!
            let subSource = source + "/charts/" + name
            if group.count == 1, group[0].name == name {
                guard name.hasSuffix(".tgz") || name.hasSuffix(".tar.gz") else { continue }
                let sub = try load(files: try archiveFiles(group[0].data, source: subSource), source: subSource, depth: depth + 1)
                chart.dependencies.append(sub)
            } else {
                let inner = group.map { ChartFile(name: String($0.name.dropFirst(name.count + 1)), data: $0.data) }
                do {
                    chart.dependencies.append(try load(files: inner, source: subSource, depth: depth + 1))
                } catch {
                    throw HelmError(.load, "error unpacking subchart \(name) in \(metadata.name): \(error.message)")
                }
            }
        }
        return chart
    }

    static func yamlObject(_ file: ChartFile, source: String, what: String) throws(HelmError) -> JSONObject {
        let value: JSONValue
        do { value = try GoYAMLReader().read(file.text) } catch {
            throw HelmError(.load, "\(what): error converting YAML to JSON: yaml: \(error)")
        }
        switch value {
        case .null: return JSONObject()
        case .object(let object): return object
        default: throw HelmError(.load, "\(what): \(source)/\(file.name) is not a map")
        }
    }
}
