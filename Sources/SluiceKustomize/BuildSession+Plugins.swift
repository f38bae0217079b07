import SluiceCore

extension BuildSession {
    // MARK: Loading plugin configs

    /// The plugin configs a `generators`, `transformers` or `validators` field lists, as kustomize loads them: an
    /// entry that parses as YAML objects is an inline config (inline ones come first, in order), any other entry is
    /// a path read as a resource is, so a file may hold several configs and a directory holding a kustomization
    /// contributes the configs it builds (its own generators and transformers have run on them: "transformed
    /// transformers"). Configs are checked for `role` before any runs.
    mutating func pluginConfigs(_ field: String, role: BuiltinPlugin.Role, kustomization: Kustomization,
                                stack: [String]) throws(KustomizeError) -> [BuiltinPlugin] {
        let entries = try kustomization.strings(field)
        guard !entries.isEmpty else { return [] }
        var loaded = Accumulation()
        var paths: [String] = []
        for entry in entries {
            guard let documents = inlineConfigDocuments(entry) else {
                paths.append(entry)
                continue
            }
            var inline: [Resource] = []
            for (index, document) in documents.enumerated() {
                for object in try Self.objects(from: document, file: kustomization.file, document: index + 1) {
                    inline.append(Resource(object, source: kustomization.file))
                }
            }
            do { try appendAll(inline, to: &loaded.resources) } catch { throw error.wrapped("\(field): configuring external \(role)") }
        }
        for path in paths {
            do { try accumulateResource(path, kustomization: kustomization, into: &loaded, stack: stack) } catch {
                throw error.wrapped(field)
            }
        }
        var plugins: [BuiltinPlugin] = []
        for resource in loaded.resources { plugins.append(try BuiltinPlugin(resource, role: role)) }
        return plugins
    }

    /// An entry's documents when it is an inline config (YAML holding objects only), else `nil` (a path).
    func inlineConfigDocuments(_ entry: String) -> [JSONValue]? {
        guard entry.contains(":"), let documents = try? parseDocuments(entry, source: "inline") else { return nil }
        let objects = documents.filter { !$0.isNull }
        guard !objects.isEmpty, objects.allSatisfy({ $0.objectValue != nil }) else { return nil }
        return objects
    }

    // MARK: Running plugins

    /// The `generators` field: each built-in generator's objects merged into the accumulation in order.
    mutating func runPluginGenerators(_ kustomization: Kustomization, into accumulation: inout Accumulation, stack: [String]) throws(KustomizeError) {
        for plugin in try pluginConfigs("generators", role: .generator, kustomization: kustomization, stack: stack) {
            for var resource in try generate(plugin, kustomization: kustomization) {
                if buildMetadata.contains("originAnnotations") {
                    resource.setOrigin(Self.pluginOrigin(plugin, configuredIn: relativeToTop(plugin.source)))
                }
                do { try absorb(resource, into: &accumulation.resources, file: plugin.source) } catch {
                    throw error.wrapped("merging from generator \(plugin.idText)")
                }
            }
        }
    }

    /// The `transformers` field: each built-in transformer over the accumulation in order.
    mutating func runPluginTransformers(_ kustomization: Kustomization, into accumulation: inout Accumulation, stack: [String]) throws(KustomizeError) {
        let configuredIn = relativeToTop(kustomization.file)
        for plugin in try pluginConfigs("transformers", role: .transformer, kustomization: kustomization, stack: stack) {
            try transform(&accumulation.resources, with: plugin, kustomization: kustomization)
            if buildMetadata.contains("transformerAnnotations") {
                for index in accumulation.resources.indices { accumulation.resources[index].transformations.append((configuredIn, plugin.kind, plugin.name, plugin.namespace)) }
            }
        }
    }

    /// The `validators` field: each runs over a copy, and must leave every object as it was (kustomize ignores only
    /// a `validated-by` label). Without exec or container plugins, only a built-in transformer that changes nothing passes.
    mutating func runValidators(_ kustomization: Kustomization, into accumulation: inout Accumulation, stack: [String]) throws(KustomizeError) {
        for plugin in try pluginConfigs("validators", role: .validator, kustomization: kustomization, stack: stack) {
            var copy = accumulation.resources
            try transform(&copy, with: plugin, kustomization: kustomization)
            for index in copy.indices {
                var labels = copy[index].labels
                labels["validated-by"] = nil
                copy[index].labels = labels
            }
            guard copy.count == accumulation.resources.count else {
                throw KustomizeError("validator shouldn't modify the resource map: lists have different number of entries", file: plugin.source)
            }
            for original in accumulation.resources {
                let id = original.currentId
                let matches = copy.filter { $0.currentId.matches(id) }
                guard matches.count == 1 else {
                    throw KustomizeError("validator shouldn't modify the resource map: id in self missing from other; id: \(id.display)", file: plugin.source)
                }
                guard matches[0].object == original.object else {
                    throw KustomizeError("validator shouldn't modify the resource map: nodes unequal: \(id.display)", file: plugin.source)
                }
            }
        }
    }

    /// kustomize's origin of an object a plugin generated: where the config was, and the config's identity.
    static func pluginOrigin(_ plugin: BuiltinPlugin, configuredIn: String) -> String {
        var text = "configuredIn: \(configuredIn)\nconfiguredBy:\n  apiVersion: builtin\n  kind: \(plugin.kind)\n"
        if !plugin.name.isEmpty { text += "  name: \(plugin.name)\n" }
        if !plugin.namespace.isEmpty { text += "  namespace: \(plugin.namespace)\n" }
        return text
    }
}
