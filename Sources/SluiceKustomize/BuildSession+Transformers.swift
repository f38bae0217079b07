import Foundation
import SluiceCore

extension BuildSession {
    /// kustomize's built-in transformers in their fixed order (`transformers` configs: BuildSession+Plugins).
    mutating func runTransformers(_ kustomization: Kustomization, into accumulation: inout Accumulation) throws(KustomizeError) {
        let config = accumulation.config
        let file = kustomization.file
        let configuredIn = originPath(of: file)
        let recording = buildMetadata.contains("transformerAnnotations")
        /// Notes a transformer on every object, as kustomize's transformer annotations do.
        func record(_ kind: String, _ resources: inout [Resource]) {
            guard recording else { return }
            for index in resources.indices { resources[index].transformations.append((configuredIn, kind, "", "")) }
        }
        var patches = PatchTransformer(schema: mergeSchema)
        // Legacy patchesStrategicMerge: file paths or inline patches.
        let strategicMerges = try kustomization.strings("patchesStrategicMerge")
        var strategicMergeDocuments = 0
        for entry in strategicMerges {
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
                strategicMergeDocuments += 1
                try patches.applyStrategicMerge(document, target: nil, options: PatchTransformer.Options(), to: &accumulation.resources, source: source)
            }
        }
        if !strategicMerges.isEmpty && strategicMergeDocuments == 0 {
            throw KustomizeError("patchesStrategicMerge: patch appears to be empty; files=[\(strategicMerges.joined(separator: " "))], Patch=", file: file)
        }
        if !strategicMerges.isEmpty { record("PatchStrategicMergeTransformer", &accumulation.resources) }
        for item in try kustomization.list("patches") {
            try applyPatch(item, kustomization: kustomization, patches: &patches, resources: &accumulation.resources, legacyJSON: false)
            record("PatchTransformer", &accumulation.resources)
        }
        if let namespace = try kustomization.string("namespace"), !namespace.isEmpty {
            try NamespaceTransformer(namespace: namespace, fieldSpecs: config.namespace).transform(&accumulation.resources)
            record("NamespaceTransformer", &accumulation.resources)
        }
        if let prefix = try kustomization.string("namePrefix"), !prefix.isEmpty {
            try NameAffixTransformer(prefix: prefix, suffix: "", fieldSpecs: config.namePrefix).transform(&accumulation.resources)
            record("PrefixTransformer", &accumulation.resources)
        }
        if let suffix = try kustomization.string("nameSuffix"), !suffix.isEmpty {
            try NameAffixTransformer(prefix: "", suffix: suffix, fieldSpecs: config.nameSuffix).transform(&accumulation.resources)
            record("SuffixTransformer", &accumulation.resources)
        }
        for item in try kustomization.list("labels") {
            let pairs = try Kustomization.stringMap(item["pairs"], field: "labels.pairs", file: file)
            var specs: [FieldSpec] = []
            for spec in item["fields"]?.arrayValue ?? [] { specs.append(try FieldSpec(json: spec)) }
            func add(_ more: [FieldSpec]) { for spec in more where !specs.contains(spec) { specs.append(spec) } }
            add(config.labels)
            if item["includeSelectors"]?.boolValue == true {
                add(config.commonLabels)
            } else {
                add([FieldSpec(path: "metadata/labels", create: true)])
                if item["includeTemplates"]?.boolValue == true { add(config.templateLabels) }
            }
            try MetadataMapTransformer(pairs: pairs, fieldSpecs: specs).transform(&accumulation.resources)
            record("LabelTransformer", &accumulation.resources)
        }
        let commonLabels = try kustomization.stringMap("commonLabels")
        if !commonLabels.isEmpty {
            try MetadataMapTransformer(pairs: commonLabels, fieldSpecs: config.commonLabels).transform(&accumulation.resources)
        }
        // kustomize always adds the commonLabels transformer after `labels` ones, so it is recorded even when empty.
        let labelEntries = try kustomization.list("labels")
        if !commonLabels.isEmpty || !labelEntries.isEmpty {
            record("LabelTransformer", &accumulation.resources)
        }
        let commonAnnotations = try kustomization.stringMap("commonAnnotations")
        if !commonAnnotations.isEmpty {
            try MetadataMapTransformer(pairs: commonAnnotations, fieldSpecs: config.commonAnnotations).transform(&accumulation.resources)
            record("AnnotationsTransformer", &accumulation.resources)
        }
        for item in try kustomization.list("patchesJson6902") {
            try applyPatch(item, kustomization: kustomization, patches: &patches, resources: &accumulation.resources, legacyJSON: true)
            record("PatchJson6902Transformer", &accumulation.resources)
        }
        for item in try kustomization.list("replicas") {
            try ReplicaTransformer(json: item, fieldSpecs: config.replicas, file: file).transform(&accumulation.resources)
            record("ReplicaCountTransformer", &accumulation.resources)
        }
        for item in try kustomization.list("images") {
            try ImageTransformer(json: item, fieldSpecs: config.images, file: file).transform(&accumulation.resources)
            record("ImageTagTransformer", &accumulation.resources)
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
            record("ReplacementTransformer", &accumulation.resources)
        }
    }

    /// One entry of `patches` (or legacy `patchesJson6902`): a file or inline patch, with an optional target.
    mutating func applyPatch(_ item: JSONValue, kustomization: Kustomization, patches: inout PatchTransformer,
                             resources: inout [Resource], legacyJSON: Bool) throws(KustomizeError) {
        let file = kustomization.file
        let field = legacyJSON ? "patchesJson6902" : "patches"
        // kustomize trims an inline patch: a blank one counts as none.
        let inline = item["patch"]?.stringValue.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
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
        if documents.isEmpty || documents.count == 1 && documents[0].arrayValue?.isEmpty == true {
            return try refuseEmptyPatch(text, reference: inline == nil ? pathReference : nil, hasTarget: target != nil,
                                        legacyJSON: legacyJSON, field: field, file: source)
        }
        if documents.count == 1, let operations = documents.first, operations.arrayValue != nil {
            guard let target else { throw KustomizeError("\(field): must specify a target for JSON patch", file: source) }
            try patches.applyJSON(operations, target: target, to: &resources, source: source)
            return
        }
        if legacyJSON { throw KustomizeError("\(field): the patch is not a list of JSON patch operations", file: source) }
        if target != nil && documents.count > 1 {
            throw KustomizeError("\(field): Multiple Strategic-Merge Patches in one `patches` entry is not allowed to set `patches.target` field", file: source)
        }
        for document in documents {
            guard document.objectValue != nil else {
                throw KustomizeError("\(field): unable to parse SM or JSON patch", file: source)
            }
            try patches.applyStrategicMerge(document, target: target, options: options, to: &resources, source: source)
        }
    }
}
