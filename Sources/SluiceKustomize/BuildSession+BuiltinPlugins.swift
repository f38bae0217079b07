import SluiceCore

extension BuildSession {
    /// The objects a built-in generator config makes. Files it names are read relative to the kustomization listing
    /// it, as kustomize's plugin loader does (also when the config came from a file or directory elsewhere).
    mutating func generate(_ plugin: BuiltinPlugin, kustomization: Kustomization) throws(KustomizeError) -> [Resource] {
        switch plugin.kind {
        case "ConfigMapGenerator", "SecretGenerator":
            // The generator's own `name`/`namespace` win over the config's metadata; the kustomization's
            // generatorOptions do not apply to plugin generators.
            var args = plugin.config
            if (try plugin.string("name") ?? "").isEmpty { args["name"] = plugin.config["metadata"]?["name"] }
            if (try plugin.string("namespace") ?? "").isEmpty { args["namespace"] = plugin.config["metadata"]?["namespace"] }
            var resource = try generate(kind: plugin.kind == "ConfigMapGenerator" ? "ConfigMap" : "Secret", args: .object(args), global: nil,
                                        kustomization: kustomization)
            resource.source = plugin.source
            return [resource]
        case "IAMPolicyGenerator":
            return [try IAMPolicyGenerator(plugin).serviceAccount()]
        default:
            throw KustomizeError("failed to load generator: plugin \(plugin.idText) not a generator", file: plugin.source)
        }
    }

    /// Runs one built-in transformer config over `resources`. Field specs come from the config only (none when it
    /// has none), as in kustomize: the kustomization's `configurations` do not apply to plugin configs.
    mutating func transform(_ resources: inout [Resource], with plugin: BuiltinPlugin, kustomization: Kustomization) throws(KustomizeError) {
        let config = plugin.config
        let source = plugin.source
        func failure(_ message: String) -> KustomizeError {
            KustomizeError("plugin \(plugin.idText) fails configuration: \(message)", file: source)
        }
        switch plugin.kind {
        case "PrefixTransformer", "SuffixTransformer", "PrefixSuffixTransformer":
            guard let specs = try plugin.fieldSpecs() else { throw failure("fieldSpecs is not expected to be nil") }
            // PrefixSuffixTransformer is kustomize's prefix pass over everything, then its suffix pass.
            if plugin.kind != "SuffixTransformer" {
                try NameAffixTransformer(prefix: plugin.string("prefix") ?? "", suffix: "", fieldSpecs: specs).transform(&resources)
            }
            if plugin.kind != "PrefixTransformer" {
                try NameAffixTransformer(prefix: "", suffix: plugin.string("suffix") ?? "", fieldSpecs: specs).transform(&resources)
            }
        case "LabelTransformer", "AnnotationsTransformer":
            let key = plugin.kind == "LabelTransformer" ? "labels" : "annotations"
            let pairs = try plugin.scalarMap(key)
            try MetadataMapTransformer(pairs: pairs, fieldSpecs: plugin.fieldSpecs() ?? []).transform(&resources)
        case "NamespaceTransformer":
            var transformer = NamespaceTransformer(namespace: plugin.namespace, fieldSpecs: try plugin.fieldSpecs() ?? [])
            transformer.unsetOnly = config["unsetOnly"]?.boolValue ?? false
            let mode = try plugin.string("setRoleBindingSubjects") ?? ""
            guard let subjects = NamespaceTransformer.SubjectMode(rawValue: mode.isEmpty ? "defaultOnly" : mode) else {
                throw failure("invalid value \"\(mode)\" for setRoleBindingSubjects: must be one of \"defaultOnly\", \"none\" or \"allServiceAccounts\"")
            }
            transformer.subjects = subjects
            try transformer.transform(&resources)
        case "ImageTagTransformer":
            try ImageTransformer(json: config["imageTag"] ?? .null, fieldSpecs: plugin.fieldSpecs() ?? [], file: source).transform(&resources)
        case "ReplicaCountTransformer":
            try ReplicaTransformer(json: config["replica"] ?? .null, fieldSpecs: plugin.fieldSpecs() ?? [], file: source).transform(&resources)
        case "PatchTransformer":
            var patches = PatchTransformer(schema: mergeSchema)
            try applyPatch(.object(config), kustomization: kustomization, patches: &patches, resources: &resources, legacyJSON: false)
        case "PatchJson6902Transformer":
            guard let name = config["target"]?["name"].flatMap(Kustomization.scalarString), !name.isEmpty else {
                throw failure("must specify the target name")
            }
            let path = try plugin.string("path") ?? ""
            let operations = try plugin.string("jsonOp") ?? ""
            if path.isEmpty && operations.isEmpty { throw failure("empty file path and empty jsonOp") }
            if !path.isEmpty && !operations.isEmpty { throw failure("must specify a file path or jsonOp, not both") }
            var item: JSONObject = ["target": config["target"] ?? .null, "patch": .string(operations)]
            if !path.isEmpty {
                do { item["patch"] = .string(try read(resolveFile(path, in: kustomization, field: "transformers"))) } catch {
                    throw failure("\(error)")
                }
            }
            var patches = PatchTransformer(schema: mergeSchema)
            try applyPatch(.object(item), kustomization: kustomization, patches: &patches, resources: &resources, legacyJSON: true)
        case "PatchStrategicMergeTransformer":
            let paths = config["paths"]?.arrayValue ?? []
            let inline = try plugin.string("patches") ?? ""
            if paths.isEmpty && inline.isEmpty { throw failure("empty file path and empty patch content") }
            var loaded: [(JSONValue, String)] = []
            for entry in paths {
                guard let text = entry.stringValue else { throw failure("'paths' must be a list of strings") }
                if let documents = inlineConfigDocuments(text) {
                    loaded += documents.map { ($0, source) }
                } else {
                    let file = try resolveFile(text, in: kustomization, field: "transformers")
                    loaded += try documents(file).filter { !$0.isNull }.map { ($0, file) }
                }
            }
            if !inline.isEmpty { loaded += try parseDocuments(inline, source: source).filter { !$0.isNull }.map { ($0, source) } }
            if loaded.isEmpty { throw failure("patch appears to be empty") }
            var patches = PatchTransformer(schema: mergeSchema)
            for (patch, file) in loaded {
                try patches.applyStrategicMerge(patch, target: nil, options: PatchTransformer.Options(), to: &resources, source: file)
            }
        case "ReplacementTransformer":
            var replacements: [JSONValue] = []
            for item in config["replacements"]?.arrayValue ?? [] {
                guard let reference = item["path"]?.stringValue else {
                    replacements.append(item)
                    continue
                }
                if item["source"] != nil || item["targets"] != nil { throw failure("cannot specify both path and inline replacement") }
                let path = try resolveFile(reference, in: kustomization, field: "transformers")
                for document in try documents(path) where !document.isNull { replacements += document.arrayValue ?? [document] }
            }
            try ReplacementTransformer(replacements: replacements, file: source).transform(&resources)
        case "ValueAddTransformer":
            var targets = config["targets"]?.arrayValue ?? []
            if let reference = try plugin.string("targetFilePath"), !reference.isEmpty {
                let path = try resolveFile(reference, in: kustomization, field: "transformers")
                for document in try documents(path) where !document.isNull { targets += document["targets"]?.arrayValue ?? [] }
            }
            try ValueAddTransformer(plugin, targets: targets, directory: kustomization.directory).transform(&resources)
        case "HashTransformer":
            for index in resources.indices where resources[index].needsHashSuffix {
                let hash = try ContentHasher.hash(resources[index])
                resources[index].storePreviousId()
                resources[index].name = "\(resources[index].name)-\(hash)"
            }
        default:
            throw KustomizeError("plugin \(plugin.idText) not a transformer", file: source)
        }
    }
}
