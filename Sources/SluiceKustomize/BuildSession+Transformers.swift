import SluiceCore

extension BuildSession {
    /// kustomize's built-in transformers in their fixed order, then `transformers` configs.
    mutating func runTransformers(_ kustomization: Kustomization, into accumulation: inout Accumulation) throws(KustomizeError) {
        let config = accumulation.config
        let file = kustomization.file
        var patches = PatchTransformer(schema: mergeSchema)
        // Legacy patchesStrategicMerge: file paths or inline patches.
        for entry in try kustomization.strings("patchesStrategicMerge") {
            let text: String
            let source: String
            if entry.contains("\n") || entry.hasPrefix("{") || entry.contains(": ") {
                text = entry
                source = file
            } else {
                let path = try resolveFile(entry, in: kustomization, field: "patchesStrategicMerge")
                text = try read(path)
                source = path
            }
            for document in try parseDocuments(text, source: source) where !document.isNull {
                try patches.applyStrategicMerge(document, target: nil, options: PatchTransformer.Options(), to: &accumulation.resources, source: source)
            }
        }
        for item in try kustomization.list("patches") {
            try applyPatch(item, kustomization: kustomization, patches: &patches, resources: &accumulation.resources, legacyJSON: false)
        }
        if let namespace = kustomization.string("namespace"), !namespace.isEmpty {
            try NamespaceTransformer(namespace: namespace, fieldSpecs: config.namespace).transform(&accumulation.resources)
        }
        try NameAffixTransformer(prefix: kustomization.string("namePrefix") ?? "", suffix: "", fieldSpecs: config.namePrefix)
            .transform(&accumulation.resources)
        try NameAffixTransformer(prefix: "", suffix: kustomization.string("nameSuffix") ?? "", fieldSpecs: config.nameSuffix)
            .transform(&accumulation.resources)
        for item in try kustomization.list("labels") {
            let pairs = try Kustomization.stringMap(item["pairs"], field: "labels.pairs", file: file)
            var specs: [FieldSpec] = []
            for spec in item["fields"]?.arrayValue ?? [] { specs.append(try FieldSpec(json: spec)) }
            func add(_ more: [FieldSpec]) { for spec in more where !specs.contains(spec) { specs.append(spec) } }
            if item["includeSelectors"]?.boolValue == true {
                add(config.commonLabels)
            } else {
                add([FieldSpec(path: "metadata/labels", create: true)])
                if item["includeTemplates"]?.boolValue == true { add(config.templateLabels) }
            }
            try MetadataMapTransformer(pairs: pairs, fieldSpecs: specs).transform(&accumulation.resources)
        }
        let commonLabels = try kustomization.stringMap("commonLabels")
        if !commonLabels.isEmpty {
            try MetadataMapTransformer(pairs: commonLabels, fieldSpecs: config.commonLabels).transform(&accumulation.resources)
        }
        let commonAnnotations = try kustomization.stringMap("commonAnnotations")
        if !commonAnnotations.isEmpty {
            try MetadataMapTransformer(pairs: commonAnnotations, fieldSpecs: config.commonAnnotations).transform(&accumulation.resources)
        }
        for item in try kustomization.list("patchesJson6902") {
            try applyPatch(item, kustomization: kustomization, patches: &patches, resources: &accumulation.resources, legacyJSON: true)
        }
        for item in try kustomization.list("replicas") {
            try ReplicaTransformer(json: item, fieldSpecs: config.replicas, file: file).transform(&accumulation.resources)
        }
        for item in try kustomization.list("images") {
            try ImageTransformer(json: item, fieldSpecs: config.images, file: file).transform(&accumulation.resources)
        }
        var replacements: [JSONValue] = []
        for item in try kustomization.list("replacements") {
            if let reference = item["path"]?.stringValue {
                let path = try resolveFile(reference, in: kustomization, field: "replacements")
                for document in try documents(path) where !document.isNull {
                    replacements += document.arrayValue ?? [document]
                }
            } else {
                replacements.append(item)
            }
        }
        if !replacements.isEmpty {
            try ReplacementTransformer(replacements: replacements, file: file).transform(&accumulation.resources)
        }
        for reference in try kustomization.strings("transformers") {
            let path = try resolve(reference, in: kustomization, field: "transformers")
            guard try fileSystem.entry(at: path) == .file, KustomizePath.isWithin(path, kustomization.directory) else {
                throw KustomizeError("transformers: '\(reference)' must be a file in or below the kustomization directory", file: file)
            }
            for document in try documents(path) where !document.isNull {
                try runTransformerConfig(document, path: path, config: config, kustomization: kustomization, resources: &accumulation.resources)
            }
        }
    }

    /// One entry of `patches` (or legacy `patchesJson6902`): a file or inline patch, with an optional target.
    mutating func applyPatch(_ item: JSONValue, kustomization: Kustomization, patches: inout PatchTransformer,
                             resources: inout [Resource], legacyJSON: Bool) throws(KustomizeError) {
        let file = kustomization.file
        let field = legacyJSON ? "patchesJson6902" : "patches"
        let inline = item["patch"]?.stringValue
        let pathReference = item["path"]?.stringValue
        if inline != nil && pathReference != nil {
            throw KustomizeError("\(field): patch and path can't be set at the same time", file: file)
        }
        let text: String
        var source = file
        if let inline {
            text = inline
        } else if let pathReference {
            let path = try resolveFile(pathReference, in: kustomization, field: field)
            text = try read(path)
            source = path
        } else {
            throw KustomizeError("\(field): must specify one of patch and path", file: file)
        }
        let target = try item["target"].map { value throws(KustomizeError) in try PatchTarget(json: value, file: file) }
        let options = PatchTransformer.Options(allowNameChange: item["options"]?["allowNameChange"]?.boolValue ?? false,
                                               allowKindChange: item["options"]?["allowKindChange"]?.boolValue ?? false)
        let documents = try parseDocuments(text, source: source).filter { !$0.isNull }
        if documents.count == 1, let operations = documents.first, operations.arrayValue != nil {
            guard let target else { throw KustomizeError("\(field): must specify a target for JSON patch", file: source) }
            try patches.applyJSON(operations, target: target, to: &resources, source: source)
            return
        }
        if legacyJSON { throw KustomizeError("\(field): the patch is not a list of JSON patch operations", file: source) }
        for document in documents {
            guard document.objectValue != nil else {
                throw KustomizeError("\(field): unable to parse SM or JSON patch", file: source)
            }
            try patches.applyStrategicMerge(document, target: target, options: options, to: &resources, source: source)
        }
    }

    /// A built-in transformer configured in a `transformers` file (`apiVersion: builtin`).
    mutating func runTransformerConfig(_ document: JSONValue, path: String, config: TransformerConfig, kustomization: Kustomization,
                                       resources: inout [Resource]) throws(KustomizeError) {
        let kind = document["kind"]?.stringValue ?? ""
        guard document["apiVersion"]?.stringValue == "builtin" else {
            throw KustomizeError("transformer plugin \(document["apiVersion"]?.stringValue ?? "")/\(kind) is not supported (only builtin transformers)", file: path)
        }
        func specs(_ defaults: [FieldSpec]) throws(KustomizeError) -> [FieldSpec] {
            guard let items = document["fieldSpecs"]?.arrayValue else { return defaults }
            var result: [FieldSpec] = []
            for item in items { result.append(try FieldSpec(json: item)) }
            return result
        }
        switch kind {
        case "PrefixSuffixTransformer", "PrefixTransformer", "SuffixTransformer":
            try NameAffixTransformer(prefix: document["prefix"]?.stringValue ?? "", suffix: document["suffix"]?.stringValue ?? "",
                                     fieldSpecs: try specs(config.namePrefix)).transform(&resources)
        case "LabelTransformer":
            try MetadataMapTransformer(pairs: Kustomization.stringMap(document["labels"], field: "labels", file: path),
                                       fieldSpecs: try specs(config.commonLabels)).transform(&resources)
        case "AnnotationsTransformer":
            try MetadataMapTransformer(pairs: Kustomization.stringMap(document["annotations"], field: "annotations", file: path),
                                       fieldSpecs: try specs(config.commonAnnotations)).transform(&resources)
        case "NamespaceTransformer":
            try NamespaceTransformer(namespace: document["metadata"]?["namespace"]?.stringValue ?? "", fieldSpecs: try specs(config.namespace))
                .transform(&resources)
        case "ImageTagTransformer":
            try ImageTransformer(json: document["imageTag"] ?? .null, fieldSpecs: try specs(config.images), file: path).transform(&resources)
        case "ReplicaCountTransformer":
            try ReplicaTransformer(json: document["replica"] ?? .null, fieldSpecs: try specs(config.replicas), file: path).transform(&resources)
        case "PatchTransformer", "PatchJson6902Transformer":
            var patches = PatchTransformer(schema: mergeSchema)
            try applyPatch(document, kustomization: kustomization, patches: &patches, resources: &resources, legacyJSON: kind == "PatchJson6902Transformer")
        case "PatchStrategicMergeTransformer":
            var patches = PatchTransformer(schema: mergeSchema)
            for entry in document["paths"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                let file = try resolveFile(entry, in: kustomization, field: "transformers")
                for patch in try documents(file) where !patch.isNull {
                    try patches.applyStrategicMerge(patch, target: nil, options: PatchTransformer.Options(), to: &resources, source: file)
                }
            }
            if let inline = document["patches"]?.stringValue {
                for patch in try parseDocuments(inline, source: path) where !patch.isNull {
                    try patches.applyStrategicMerge(patch, target: nil, options: PatchTransformer.Options(), to: &resources, source: path)
                }
            }
        case "ReplacementTransformer":
            try ReplacementTransformer(replacements: document["replacements"]?.arrayValue ?? [], file: path).transform(&resources)
        default:
            throw KustomizeError("builtin transformer kind '\(kind)' is not supported", file: path)
        }
    }
}
