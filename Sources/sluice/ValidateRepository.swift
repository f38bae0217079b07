import Foundation
import KustomizeController
import Logging
import SluiceAPI
import SluiceCore
import SluiceRuntime
import SluiceSchema

/// `sluice validate`'s work, with no cluster: every Flux Kustomization in a repository built from its `spec.path`
/// as the kustomize-controller builds it (Flux's generated kustomization and overlay, `postBuild.substitute`), every
/// other kustomize directory built plainly, every plain YAML file read, and each object checked against its schema
/// (Kubernetes' built-in definitions, Sluice's and Flux's CRDs, and every CRD the repository defines).
struct ValidateRepository {
    /// The group of Flux Kustomizations.
    static let fluxGroup = FluxKind.kustomization.gvk.group

    /// The checked-out repository.
    var tree: ValidateTree
    /// The schemas before the repository's CRDs are added.
    var catalog: SchemaCatalog
    /// The sources that are this checkout, `Kind/namespace/name` → directory relative to the root (`""`: the root).
    var localSources: [String: String]
    /// Whether a `${var}` without a value or default fails a Flux build.
    var strictSubstitutions = false
    /// Whether an object whose kind has no schema is counted as skipped rather than an error.
    var skipMissingSchemas = false
    /// Where the builds' own warnings go.
    var logger: Logger

    /// One object as written in a file.
    struct WrittenObject {
        var file: String
        var line: Int
        var object: KubeObject
    }

    /// One object to check and where to name it.
    struct CheckedObject {
        var object: KubeObject
        /// The file and line it was read from; nil for a built object, whose file is found by ``attribute``.
        var written: WrittenObject?
        /// The build directory, for a built object.
        var directory: String
    }

    /// Reads, builds and checks everything.
    func run() -> ValidateReport {
        var report = ValidateReport()
        report.files = tree.yamlFiles.count
        let written = readFiles(&report)
        var byKind: [String: [WrittenObject]] = [:]
        for item in written { byKind[item.object.kind, default: []].append(item) }

        var checked: [CheckedObject] = []
        let units = fluxKustomizations(in: written, &report)
        for (kustomization, item, path) in units {
            do {
                let objects = try KustomizationReconciler.offlineObjects(for: kustomization, source: tree.root, path: path,
                                                                         strictSubstitutions: strictSubstitutions, logger: logger)
                report.kustomizations += 1
                checked += objects.map { CheckedObject(object: $0, written: nil, directory: path) }
            } catch {
                report.add(ValidateFinding(severity: .error, file: item.file, line: item.line, object: item.object.displayName, field: nil,
                                           rule: "build", message: Self.message(error)))
            }
        }
        let unitPaths = Set(units.map(\.path))
        for directory in tree.kustomizeDirectories where !tree.isSkipped(directory) && !unitPaths.contains(directory) {
            let file = tree.kustomizationFiles[directory] ?? directory
            // A kustomize Component is only built into another kustomization.
            if written.contains(where: { $0.file == file && $0.object.kind == "Component" }) { continue }
            do {
                let objects = try KustomizationReconciler.kustomizeBuild(root: tree.root, path: directory, logger: logger)
                checked += objects.map { CheckedObject(object: $0, written: nil, directory: directory) }
            } catch {
                report.add(ValidateFinding(severity: .error, file: file, line: nil, object: nil, field: nil,
                                           rule: "build", message: "kustomize build failed: \(Self.message(error))"))
            }
        }
        // Plain files: those no build reads as a whole directory.
        let builtDirectories = tree.kustomizeDirectories + Array(unitPaths)
        for item in written where !tree.isSkipped(item.file) && !builtDirectories.contains(where: { ValidateTree.isUnder(item.file, $0) }) {
            checked.append(CheckedObject(object: item.object, written: item, directory: ""))
        }

        var catalog = catalog
        addDefinitions(from: written.map { ($0.object, $0) } + checked.map { ($0.object, $0.written) }, to: &catalog, &report)
        for item in checked {
            check(item, catalog: catalog, byKind: byKind, &report)
        }
        return report
    }

    /// Every document of every YAML file outside charts and Terraform, as objects; a file that cannot be read or
    /// parsed is an error, a document that is not a Kubernetes object outside a kustomize directory a warning.
    private func readFiles(_ report: inout ValidateReport) -> [WrittenObject] {
        var written: [WrittenObject] = []
        for file in tree.yamlFiles where !tree.isSkipped(file) {
            let text: String
            switch tree.text(of: file) {
            case .success(let read): text = read
            case .failure(let error):
                report.add(ValidateFinding(severity: .error, file: file, rule: "yaml", message: error.message))
                continue
            }
            let documents: [YAMLReader.Document]
            do {
                documents = try YAMLReader().documents(text)
            } catch {
                report.add(ValidateFinding(severity: .error, file: file, rule: "yaml", message: Self.message(error)))
                continue
            }
            let inKustomizeDirectory = tree.kustomizeDirectories.contains { ValidateTree.isUnder(file, $0) }
            for (offset, document) in documents.enumerated() where !document.value.isNull {
                do {
                    let object = try ManifestReader.object(document.value, document: offset + 1, line: document.line)
                    written.append(WrittenObject(file: file, line: document.line, object: object))
                } catch {
                    // Patches, kustomize configuration and values files live in kustomize directories.
                    guard !inKustomizeDirectory else { continue }
                    report.add(ValidateFinding(severity: .warning, file: file, line: document.line, rule: "notAnObject",
                                               message: "document \(offset + 1) is not a Kubernetes object (no apiVersion and kind); not checked"))
                }
            }
        }
        return written
    }

    /// The Flux Kustomizations written in the repository whose source is this checkout (``localSources``, or an
    /// ExternalArtifact an ArtifactGenerator here copies out of it) and whose `spec.path` is a directory of it, with that
    /// path relative to the root (`./apps/staging` → `apps/staging`); any other is a warning.
    private func fluxKustomizations(in written: [WrittenObject], _ report: inout ValidateReport)
        -> [(kustomization: Kustomization, written: WrittenObject, path: String)]
    {
        let sources = ValidateSources(directories: localSources, objects: written.filter { !tree.isSkipped($0.file) }.map(\.object))
        var units: [(kustomization: Kustomization, written: WrittenObject, path: String)] = []
        for item in written where !tree.isSkipped(item.file) && item.object.kind == "Kustomization"
            && item.object.apiVersion.hasPrefix(Self.fluxGroup + "/")
        {
            // One that does not decode breaks its schema, which the check reports.
            guard var kustomization = try? item.object.decode(as: Kustomization.self) else { continue }
            if (kustomization.metadata.namespace ?? "").isEmpty { kustomization.metadata.namespace = GlobalOptions.defaultNamespace() }
            func notBuilt(_ field: String, _ message: String) {
                report.add(ValidateFinding(severity: .warning, file: item.file, line: item.line, object: item.object.displayName, field: field,
                                           rule: "notBuilt", message: message))
            }
            switch sources.directory(for: kustomization) {
            case .failure(let reason):
                notBuilt("spec.sourceRef", reason.message)
            case .success(let relative):
                guard let path = cleaned(relative) else {
                    notBuilt("spec.path", "\"\(kustomization.spec.path ?? "")\" is not a directory of this repository; not built")
                    continue
                }
                units.append((kustomization, item, path))
            }
        }
        return units
    }

    /// `path` relative to the root without `.` and empty parts, when it names a directory inside the tree (links
    /// resolved, staying inside); nil otherwise.
    private func cleaned(_ path: String) -> String? {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." { return nil }
            parts.append(part)
        }
        let relative = parts.joined(separator: "/")
        let resolved = URL(fileURLWithPath: tree.absolute(relative)).resolvingSymlinksInPath().path
        guard ValidateTree.isUnder(resolved, tree.root.path) || tree.root.path == "/" else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        return relative
    }

    /// Adds every CustomResourceDefinition among `objects` to `catalog`; one it refuses is an error at its file.
    private func addDefinitions(from objects: [(KubeObject, WrittenObject?)], to catalog: inout SchemaCatalog, _ report: inout ValidateReport) {
        for (object, written) in objects where object.kind == "CustomResourceDefinition" && object.apiVersion.hasPrefix("apiextensions.k8s.io/") {
            do throws(SchemaCatalog.Failure) {
                try catalog.addCustomResourceDefinition(object.value)
            } catch {
                report.add(ValidateFinding(severity: .error, file: written?.file ?? "", line: written?.line, object: object.displayName,
                                           rule: "schema", message: "not a usable CustomResourceDefinition: \(error.message)"))
            }
        }
    }

    /// Checks one object against its schema, counting it and adding a finding per violation.
    private func check(_ item: CheckedObject, catalog: SchemaCatalog, byKind: [String: [WrittenObject]], _ report: inout ValidateReport) {
        var object = item.object
        // SOPS-encrypted Secrets carry their metadata in a top-level `sops` field the controller removes on decryption.
        if object.kind == "Secret", object.apiVersion == "v1" { object.root["sops"] = nil }
        guard catalog.knows(object.gvk) else {
            if skipMissingSchemas {
                report.skipped += 1
            } else {
                let origin = item.written ?? attribute(object, field: nil, directory: item.directory, byKind: byKind)
                report.add(ValidateFinding(severity: .error, file: origin?.file ?? item.directory, line: origin?.line, object: object.displayName,
                                           rule: "schema", message: "no schema for kind \(object.kind) in \(object.apiVersion) (add its CRD to the repository, or --skip-missing-schemas)"))
            }
            return
        }
        let violations = catalog.validate(object.value)
        guard !violations.isEmpty else {
            report.valid += 1
            return
        }
        report.invalid += 1
        for violation in violations {
            let origin = item.written ?? attribute(object, field: violation.field, directory: item.directory, byKind: byKind)
            report.add(ValidateFinding(severity: .error, file: origin?.file ?? (item.directory.isEmpty ? "." : item.directory), line: origin?.line,
                                       object: object.displayName, field: violation.field.isEmpty ? nil : violation.field,
                                       rule: violation.rule.rawValue, message: violation.message))
        }
    }

    /// The written object a built one most likely came from: the same kind and name (or a name the build prefixed or
    /// suffixed), preferring one that holds `field`, then one below the build's directory.
    private func attribute(_ object: KubeObject, field: String?, directory: String, byKind: [String: [WrittenObject]]) -> WrittenObject? {
        let sameKind = byKind[object.kind] ?? []
        var candidates = sameKind.filter { $0.object.name == object.name }
        if candidates.isEmpty {
            candidates = sameKind.filter { !$0.object.name.isEmpty && object.name.contains($0.object.name) }
                .sorted { $0.object.name.count > $1.object.name.count }
        }
        func rank(_ item: WrittenObject) -> Int {
            var rank = 0
            if let field, !field.isEmpty, Self.value(at: field, in: item.object.value) == nil { rank += 2 }
            if !ValidateTree.isUnder(item.file, directory) { rank += 1 }
            return rank
        }
        return candidates.enumerated().min { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }?.element
    }

    /// The value at a field path as Kubernetes names it (`spec.containers[0].image`); nil when absent.
    static func value(at field: String, in value: JSONValue) -> JSONValue? {
        var current: JSONValue? = value
        for part in field.split(separator: ".") {
            var key = Substring(part)
            var indices: [Int] = []
            while key.hasSuffix("]"), let open = key.lastIndex(of: "[") {
                guard let index = Int(key[key.index(after: open)..<key.index(before: key.endIndex)]) else { return nil }
                indices.insert(index, at: 0)
                key = key[..<open]
            }
            if !key.isEmpty { current = current?.objectValue?[String(key)] }
            for index in indices {
                guard let array = current?.arrayValue, index >= 0, index < array.count else { return nil }
                current = array[index]
            }
            if current == nil { return nil }
        }
        return current
    }

    /// An error's text for a finding: a reconcile error's message alone.
    static func message(_ error: any Error) -> String {
        if let error = error as? ReconcileError { return error.message }
        return String(describing: error)
    }
}
