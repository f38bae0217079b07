import Foundation
import Logging
import SluiceCore
import SluiceMerge

/// One run of a build: reads kustomizations depth-first and applies kustomize's pipeline at each level.
struct BuildSession {
    let fileSystem: any KustomizeFileSystem
    let logger: Logger
    let limits: KustomizeBuilder.Limits
    /// The directory the build started from.
    let top: String
    var bytesRead = 0
    let defaultConfig = TransformerConfig.builtIn()
    /// The top kustomization's `buildMetadata`, which applies to every level.
    var buildMetadata: Set<String> = []
    /// Where strategic merges take patch metadata from: the built-in Kubernetes schema unless `openapi` names another.
    var mergeSchema = MergeSchema.builtIn
    /// Files already parsed in this build (see `documents(_:)`).
    var parsedFiles: [String: ParsedFile] = [:]
    /// Whether a kustomization's `openapi` field has decided ``mergeSchema`` (see `chooseOpenAPISchema`).
    var openAPISchemaChosen = false

    /// Whether files must lie in or below the kustomization reading them (`LoadRestrictionsRootOnly`).
    let rootOnly: Bool
    /// Fetches remote bases and resources; `nil` refuses them.
    var remoteLoader: (any KustomizeRemoteLoader)?
    /// The remote roots fetched so far, mounted beside the local tree (the same object as `fileSystem` when there is a loader).
    var mounts: RemoteMounts?

    /// The directory origin annotations' paths are relative to (``KustomizeBuilder/originDirectory``): `top` unless set.
    var originDirectory: String

    init(fileSystem: any KustomizeFileSystem, logger: Logger, limits: KustomizeBuilder.Limits, top: String, rootOnly: Bool = true) {
        self.fileSystem = fileSystem
        self.logger = logger
        self.limits = limits
        self.top = top
        self.rootOnly = rootOnly
        originDirectory = top
    }

    /// What a kustomization (with everything below it) produced.
    struct Accumulation {
        var resources: [Resource] = [] { didSet { registeredKeys = nil } }
        /// The identities of `resources`, kept by `appendAll(_:to:)` between consecutive appends and
        /// dropped by any other change, so that including many bases costs time linear in their objects.
        var registeredKeys: Set<ResId.Key>?
        var vars: [KustomizeVar] = []
        var config = TransformerConfig()
    }

    mutating func run() throws(KustomizeError) -> [KubeObject] {
        let kustomization = try loadKustomization(top)
        buildMetadata = Set(try kustomization.strings("buildMetadata"))
        for item in buildMetadata where !["originAnnotations", "transformerAnnotations", "managedByLabel"].contains(item) {
            throw KustomizeError("buildMetadata option '\(item)' is not one of originAnnotations, transformerAnnotations, managedByLabel", file: kustomization.file)
        }
        try chooseOpenAPISchema(for: kustomization, atTop: true)
        var accumulation = Accumulation()
        try accumulate(kustomization, into: &accumulation, stack: [])
        // The last steps run once, at the top: hash suffixes, name references, vars.
        for index in accumulation.resources.indices where accumulation.resources[index].needsHashSuffix {
            var resource = accumulation.resources[index]
            let hash = try ContentHasher.hash(resource)
            resource.storePreviousId()
            resource.name = "\(resource.name)-\(hash)"
            accumulation.resources[index] = resource
        }
        try RoleBindingSubjects.checkNamespaces(accumulation.resources)
        try NameReferenceTransformer(config: accumulation.config).transform(&accumulation.resources)
        try VarResolver.resolve(&accumulation.resources, vars: accumulation.vars, config: accumulation.config)
        accumulation.resources.removeAll { $0.isLocalConfig }
        for index in accumulation.resources.indices { accumulation.resources[index].writeTransformations() }
        if buildMetadata.contains("managedByLabel") {
            for index in accumulation.resources.indices {
                var labels = accumulation.resources[index].labels
                labels["app.kubernetes.io/managed-by"] = .string("kustomize-(devel)")
                accumulation.resources[index].labels = labels
            }
        }
        for index in accumulation.resources.indices where AnnotationText.needsText(accumulation.resources[index].object) {
            accumulation.resources[index].annotations = AnnotationText.stringified(annotations: accumulation.resources[index].annotations)
        }
        for resource in accumulation.resources where Self.containsNonFinite(resource.value) {
            throw KustomizeError("\(resource.currentId.display): json: unsupported value: infinity or NaN", file: resource.source)
        }
        let order = try SortOrder(kustomization)
        let sorted = order.sort(accumulation.resources)
        logger.debug("kustomize build finished", metadata: [
            "path": .string(top.isEmpty ? "." : top), "objects": .stringConvertible(sorted.count), "bytesRead": .stringConvertible(bytesRead),
        ])
        return sorted.map { KubeObject($0.object) }
    }

    /// Whether a value holds `.inf` or `.nan`, which kustomize cannot turn into JSON.
    static func containsNonFinite(_ value: JSONValue) -> Bool {
        switch value {
        case .double(let number): return !number.isFinite
        case .array(let items): return items.contains(where: containsNonFinite)
        case .object(let object): return object.contains { containsNonFinite($0.value) }
        default: return false
        }
    }

    // MARK: Loading

    /// Reads a file below the root as text (``readBytes(_:)``).
    mutating func read(_ path: String) throws(KustomizeError) -> String {
        let bytes = try readBytes(path)
        guard let text = String(bytes: bytes, encoding: .utf8) else { throw KustomizeError("file is not valid UTF-8", file: path) }
        return text
    }

    /// Reads a file below the root, counting its bytes against the build's one budget: every read of the build
    /// (kustomizations, resources, components, patches, generator files and env files, configurations, schemas,
    /// the same file read again) draws on ``KustomizeBuilder/Limits/maxTotalBytes``, and no read may take more than
    /// is left, so the build never holds more than the budget in files.
    mutating func readBytes(_ path: String) throws(KustomizeError) -> [UInt8] {
        let remaining = max(0, limits.maxTotalBytes - bytesRead)
        let limit = min(limits.maxFileSize, remaining)
        do {
            let bytes = try fileSystem.readFile(path, limit: limit)
            bytesRead += bytes.count
            return bytes
        } catch where error.exceededLimit != nil && limit < limits.maxFileSize {
            throw KustomizeError("the build has read more than the limit of \(limits.maxTotalBytes) bytes in total", file: path)
        }
    }

    var yamlReader: YAMLReader { YAMLReader(maxNodes: limits.maxYAMLNodes, maxDepth: limits.maxYAMLDepth) }

    func parseDocuments(_ text: String, source: String) throws(KustomizeError) -> [JSONValue] {
        do {
            return try yamlReader.documents(text, source: source).map(\.value)
        } catch {
            // The error names the file itself; drop the reader's own copy of the name.
            var unnamed = error
            unnamed.source = nil
            throw KustomizeError("\(unnamed)", file: source)
        }
    }

    mutating func loadKustomization(_ directory: String) throws(KustomizeError) -> Kustomization {
        switch try fileSystem.entry(at: directory) {
        case .directory?: break
        case .file?: throw KustomizeError("must build at directory: '\(directory)': file is not directory", file: directory)
        case nil: throw KustomizeError("must build at directory: not a valid directory: '\(directory)' doesn't exist", file: directory)
        }
        var found: [String] = []
        for name in Kustomization.fileNames {
            let path = directory.isEmpty ? name : "\(directory)/\(name)"
            if try fileSystem.entry(at: path) == .file { found.append(path) }
        }
        guard let file = found.first else {
            throw KustomizeError("unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory", file: directory)
        }
        if found.count > 1 {
            throw KustomizeError("Found multiple kustomization files under: \(directory.isEmpty ? "." : directory): \(found.joined(separator: ", "))", file: directory)
        }
        let text = try read(file)
        let reader = KustomizationYAMLReader(maxNodes: limits.maxYAMLNodes, maxDepth: limits.maxYAMLDepth)
        var parsed: [JSONValue]
        do {
            parsed = try reader.documents(text, source: file)
        } catch where error.message.contains("duplicate key") {
            parsed = try reader.documents(DuplicateKeyRemover.removeDuplicates(text), source: file)
        }
        // kustomize (go-yaml v2's Unmarshal) reads the first document only, even an empty one.
        let fields = try KustomizationDecoder.fields(of: parsed.first ?? .null, file: file)
        let kustomization = Kustomization(directory: directory, file: file, fields: fields)
        // As kustomize without --enable-helm (Flux never enables it): charts to inflate fail the build; helmGlobals
        // alone, or empty lists, are harmless.
        for charts in ["helmCharts", "helmChartInflationGenerator"] where !(fields[charts]?.arrayValue?.isEmpty ?? true) {
            throw KustomizeError("'\(charts)': trouble configuring builtin HelmChartInflationGenerator: must specify --enable-helm (Flux does not inflate Helm charts in kustomizations)", file: file)
        }
        return kustomization
    }

    /// Resolves a path named in a kustomization, refusing remote, absolute and escaping paths.
    func resolve(_ reference: String, in kustomization: Kustomization, field: String) throws(KustomizeError) -> String {
        if KustomizePath.isRemote(reference) {
            throw KustomizeError("\(field): remote resource '\(reference)' is not allowed; the build reads only the fetched artifact", file: kustomization.file)
        }
        if reference.hasPrefix("/") {
            throw KustomizeError("\(field): absolute path '\(reference)' is not allowed", file: kustomization.file)
        }
        guard let path = KustomizePath.join(kustomization.directory, reference) else {
            throw KustomizeError("\(field): security; '\(reference)' is outside the root", file: kustomization.file)
        }
        if mounts != nil { try checkContainment(path, reference: reference, in: kustomization, field: field) }
        return path
    }

    /// Resolves a file a kustomization reads itself (patches, generator sources): it must lie in or below its directory.
    func resolveFile(_ reference: String, in kustomization: Kustomization, field: String) throws(KustomizeError) -> String {
        let path = try resolve(reference, in: kustomization, field: field)
        guard !rootOnly || KustomizePath.isWithin(path, kustomization.directory) else {
            throw KustomizeError("\(field): security; file '\(reference)' is not in or below '\(kustomization.directory.isEmpty ? "." : kustomization.directory)'", file: kustomization.file)
        }
        return path
    }

    // MARK: Accumulation

    /// kustomize's `accumulateTarget`: resources, configurations, generators, components, transformers, vars.
    mutating func accumulate(_ kustomization: Kustomization, into accumulation: inout Accumulation, stack: [String]) throws(KustomizeError) {
        guard stack.count < limits.maxKustomizationDepth else {
            throw KustomizeError("kustomizations nest deeper than \(limits.maxKustomizationDepth) levels", file: kustomization.directory)
        }
        let stack = stack + [kustomization.directory]
        logger.trace("accumulating kustomization", metadata: ["file": .string(kustomization.file)])
        if !stack.dropFirst().isEmpty { try chooseOpenAPISchema(for: kustomization, atTop: false) }
        for reference in try kustomization.strings("resources") + kustomization.strings("bases") {
            try accumulateResource(reference, kustomization: kustomization, into: &accumulation, stack: stack)
        }
        // Custom configurations first, then the defaults merged into them (see TransformerConfig.merging).
        var custom = TransformerConfig()
        for reference in try kustomization.strings("configurations") {
            let path = try resolveFile(reference, in: kustomization, field: "configurations")
            for document in try documents(path) where !document.isNull {
                custom = custom.merging(try TransformerConfig(json: document, source: path))
            }
        }
        for reference in try kustomization.strings("crds") {
            let path = try resolveFile(reference, in: kustomization, field: "crds")
            custom = custom.merging(try CRDFieldSpecs.config(from: documents(path), source: path))
        }
        accumulation.config = accumulation.config.merging(custom.merging(defaultConfig))
        try runGenerators(kustomization, into: &accumulation)
        try runPluginGenerators(kustomization, into: &accumulation, stack: stack)
        // Components come after the kustomization's own generators, before its transformers (kustomize 5.1+): a
        // component may patch what its parent generates.
        for reference in try kustomization.strings("components") {
            let path = try resolveBase(reference, in: kustomization, field: "components")
            if stack.contains(path) { throw KustomizeError("cycle detected: component '\(reference)' includes itself", file: kustomization.file) }
            let component = try loadKustomization(path)
            guard component.kind == "Component" else {
                throw KustomizeError("expected kind 'Component' for component '\(reference)' but got '\(component.kind)'", file: component.file)
            }
            do { try accumulate(component, into: &accumulation, stack: stack) } catch {
                throw error.wrapped("accumulating components from '\(reference)'")
            }
        }
        try runTransformers(kustomization, into: &accumulation)
        try runPluginTransformers(kustomization, into: &accumulation, stack: stack)
        try runValidators(kustomization, into: &accumulation, stack: stack)
        var vars: [KustomizeVar] = []
        for item in try kustomization.list("vars") { vars.append(try KustomizeVar(json: item, file: kustomization.file)) }
        try bindVars(vars, into: &accumulation, file: kustomization.file)
    }

    mutating func accumulateResource(_ reference: String, kustomization: Kustomization, into accumulation: inout Accumulation, stack: [String]) throws(KustomizeError) {
        let path = try resolveBase(reference, in: kustomization, field: "resources")
        switch try fileSystem.entry(at: path) {
        case .directory?:
            if stack.contains(path) {
                throw KustomizeError("cycle detected: '\(reference)' includes a kustomization that includes it", file: kustomization.file)
            }
            let sub = try loadKustomization(path)
            if sub.kind == "Component" {
                throw KustomizeError("expected kind != 'Component' for path '\(reference)'", file: sub.file)
            }
            var subAccumulation = Accumulation()
            do { try accumulate(sub, into: &subAccumulation, stack: stack) } catch {
                throw error.wrapped("accumulating resources from '\(reference)'")
            }
            try appendAll(subAccumulation.resources, to: &accumulation)
            // A sub-kustomization's transformer configuration (its `configurations`) carries up to this one.
            accumulation.config = accumulation.config.merging(subAccumulation.config)
            try appendVars(subAccumulation.vars, to: &accumulation, file: sub.file)
        case .file?:
            guard !rootOnly || KustomizePath.isWithin(path, kustomization.directory) || isFetchedFile(path) else {
                throw KustomizeError("resources: security; file '\(reference)' is not in or below '\(kustomization.directory.isEmpty ? "." : kustomization.directory)'", file: kustomization.file)
            }
            try appendAll(loadResources(path), to: &accumulation)
        case nil:
            throw KustomizeError("accumulating resources: accumulating resources from '\(reference)': no such file or directory", file: kustomization.file)
        }
    }

    /// The objects in a resource file; `List` kinds are expanded.
    mutating func loadResources(_ path: String) throws(KustomizeError) -> [Resource] {
        var result: [Resource] = []
        let file = try parsedFile(path)
        let text = file.text
        for (index, document) in file.documents.enumerated() where !document.isNull {
            let isList = document["kind"]?.stringValue?.hasSuffix("List") == true && document["items"]?.arrayValue != nil
            for object in try Self.objects(from: document, file: path, document: index + 1) {
                var resource = Resource(AnnotationText.needsText(object)
                    ? AnnotationText.stringified(object, source: isList ? [:] : AnnotationText.sourceText(of: text, document: index))
                    : object, source: path)
                if buildMetadata.contains("originAnnotations") {
                    resource.setOrigin(originAnnotation(ofFile: path))
                }
                result.append(resource)
            }
        }
        return result
    }

    static func objects(from document: JSONValue, file: String, document index: Int) throws(KustomizeError) -> [JSONObject] {
        guard let object = document.objectValue else {
            throw KustomizeError("document \(index): expected a mapping, found a \(document.typeName)", file: file)
        }
        let kind = object["kind"]?.stringValue ?? ""
        if kind.hasSuffix("List"), let items = object["items"]?.arrayValue {
            var result: [JSONObject] = []
            for item in items { result += try objects(from: item, file: file, document: index) }
            return result
        }
        guard !kind.isEmpty else { throw KustomizeError("document \(index): missing 'kind'", file: file) }
        if let metadata = object["metadata"], metadata.objectValue == nil {
            throw KustomizeError("document \(index): 'metadata' must be a mapping", file: file)
        }
        guard let name = object["metadata"]?["name"]?.stringValue, !name.isEmpty else {
            throw KustomizeError("document \(index): missing metadata.name in object \(kind)", file: file)
        }
        return [object]
    }

    /// `path` relative to the top kustomization's directory (or ``originDirectory``), as kustomize writes origins.
    func relativeToTop(_ path: String) -> String {
        let from = originDirectory.split(separator: "/").map(String.init)
        let to = path.split(separator: "/").map(String.init)
        var common = 0
        while common < from.count && common < to.count && from[common] == to[common] { common += 1 }
        let parts = Array(repeating: "..", count: from.count - common) + to[common...]
        return parts.joined(separator: "/")
    }

    /// Appends every resource, refusing a second object with the same identity.
    func appendAll(_ more: [Resource], to resources: inout [Resource]) throws(KustomizeError) {
        var keys = Set(resources.map { $0.currentId.key })
        try Self.append(more, to: &resources, keys: &keys)
    }

    /// Appends, refusing a second object with the same identity.
    func append(_ resource: Resource, to resources: inout [Resource]) throws(KustomizeError) {
        let id = resource.currentId
        if resources.contains(where: { $0.currentId.matches(id) }) {
            throw KustomizeError("may not add resource with an already registered id: \(id.display)", file: resource.source)
        }
        resources.append(resource)
    }
}
