import Foundation
import SluiceArchive
import SluiceCore
import SluiceHelm
import SluiceGoTemplate

/// A chart's files, read from a package (`.tgz`) or a directory and checked by SluiceHelm's loader, and written
/// back deterministically as Helm packages a chart: every file under `<name>/`, sorted, owner 0, mtime 0, mode 0644.
struct ChartPackage: Sendable {
    /// `Chart.yaml`'s name.
    var name: String
    /// `Chart.yaml`'s version.
    var version: String
    /// The files, paths relative to the chart's root (`Chart.yaml`, `templates/…`), sorted.
    var files: [(name: String, data: [UInt8])]

    /// The most bytes one file may hold and a whole chart may hold decompressed (Flux: 5 MiB per file).
    static let loader = ChartLoader(maxFileSize: 5 << 20, maxArchiveSize: 100 << 20)

    /// A package's files, after SluiceHelm's loader accepted it as a chart (entries with `..` or an absolute
    /// name, a missing or invalid `Chart.yaml`, oversized files: refused).
    init(archive: [UInt8], source: String) throws {
        do {
            let files = try Self.loader.archiveFiles(archive, source: source)
            try self.init(files: files, source: source)
        } catch let error as HelmError {
            throw ChartPackageError("failed to load chart from \(source): \(error.message)")
        }
    }

    /// A chart directory's files (`.helmignore` honoured, no symlink out of it), after SluiceHelm's loader accepted it.
    init(directory: URL, source: String) throws {
        do {
            let files = try Self.loader.directoryFiles(directory.path)
            try self.init(files: files, source: source)
        } catch let error as HelmError {
            throw ChartPackageError("failed to load chart from \(source): \(error.message)")
        }
    }

    /// A chart from its files, loaded once to validate it.
    private init(files: [ChartFile], source: String) throws(HelmError) {
        let chart = try Self.loader.load(files: files, source: source)
        self.init(name: chart.metadata.name, version: chart.metadata.version, files: files.map { ($0.name, $0.data) })
        presentDependencies = Set(chart.dependencies.map(\.metadata.name))
        declaredDependencies = chart.metadata.dependencies.map { ($0.name, $0.version, $0.repository) }
    }

    /// The names of the charts in `charts/`.
    var presentDependencies: Set<String> = []
    /// The dependencies `Chart.yaml` declares: name, version range, repository.
    var declaredDependencies: [(name: String, version: String, repository: String)] = []

    /// Adds `dependency` as `charts/<name>/…`, as Helm saves a chart's dependencies.
    mutating func add(dependency: ChartPackage) {
        for (path, data) in dependency.files { set("charts/\(dependency.name)/\(path)", data) }
        presentDependencies.insert(dependency.name)
    }

    private init(name: String, version: String, files: [(name: String, data: [UInt8])]) {
        self.name = name
        self.version = version
        self.files = files.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// The data of `path` (cleaned as Go's `filepath.Clean`), if the chart holds it.
    func file(_ path: String) -> [UInt8]? {
        let cleaned = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }.joined(separator: "/")
        return files.first { $0.name == cleaned }?.data
    }

    /// Sets or replaces a file.
    mutating func set(_ path: String, _ data: [UInt8]) {
        files.removeAll { $0.name == path }
        files.append((path, data))
        files.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }

    /// `values.yaml` of the package: `valuesFiles` merged in order (Flux's `mergeChartValues`: `values.yaml` named
    /// in the list stands for the chart's defaults; later files win, maps merge deeply).
    ///
    /// - Returns: The merged values and the files that contributed, or `nil` values when nothing was merged.
    func mergedValues(_ valuesFiles: [String], ignoreMissing: Bool) throws -> (values: JSONObject, used: [String]) {
        var merged = JSONObject()
        var used: [String] = []
        for path in valuesFiles {
            guard let data = file(path) else {
                if ignoreMissing { continue }
                throw ChartPackageError("no values file found at path '\(path)'")
            }
            let values: JSONValue
            do {
                values = try GoYAMLReader().read(String(decoding: data, as: UTF8.self))
            } catch {
                throw ChartPackageError("unmarshaling values from '\(path)' failed: \(error)")
            }
            switch values {
            case .null: break
            case .object(let object): merged = Self.mergeMaps(merged, object)
            default: throw ChartPackageError("unmarshaling values from '\(path)' failed: not a mapping")
            }
            used.append(path)
        }
        return (merged, used)
    }

    /// Flux's `transform.MergeMaps`: `b` over `a`, maps merged key by key, anything else replaced.
    static func mergeMaps(_ a: JSONObject, _ b: JSONObject) -> JSONObject {
        var out = a
        for (key, value) in b {
            if case .object(let inner)? = out[key], case .object(let over) = value {
                out[key] = .object(mergeMaps(inner, over))
            } else {
                out[key] = value
            }
        }
        return out
    }

    /// The package with `version` in `Chart.yaml` and, when given, `values` as `values.yaml`: deterministic bytes.
    func packaged(version: String, values: JSONObject?) throws -> [UInt8] {
        var copy = self
        if version != self.version {
            guard let chartFile = file("Chart.yaml"),
                case .object(var metadata) = try GoYAMLReader().read(String(decoding: chartFile, as: UTF8.self))
            else { throw ChartPackageError("Chart.yaml is missing or not a mapping") }
            metadata["version"] = .string(version)
            copy.set("Chart.yaml", Array(try YAMLWriter().string(.object(metadata)).utf8))
        }
        if let values {
            copy.set("values.yaml", Array(try YAMLWriter().string(.object(Self.sortedDeep(values))).utf8))
        }
        var tar = TarWriter()
        for (path, data) in copy.files {
            tar.appendFile("\(name)/\(path)", contents: data)
        }
        tar.finish()
        return Gzip.compress(tar.bytes)
    }

    /// `values` with every map's keys sorted, as Go's YAML encoder writes a `map[string]interface{}`.
    static func sortedDeep(_ values: JSONObject) -> JSONObject {
        func sort(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(let object): return .object(sortedDeep(object))
            case .array(let items): return .array(items.map(sort))
            default: return value
            }
        }
        return JSONObject(values.keys.sorted().map { ($0, sort(values[$0]!)) })
    }
}

/// A chart that cannot be loaded, merged or packaged.
struct ChartPackageError: Error, CustomStringConvertible {
    /// What is wrong.
    var description: String

    init(_ description: String) { self.description = description }
}
