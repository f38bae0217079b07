import Foundation
import SluiceCore

extension BuildSession {
    /// `configMapGenerator` and `secretGenerator`, merged into the accumulation (`generators` configs: BuildSession+Plugins).
    mutating func runGenerators(_ kustomization: Kustomization, into accumulation: inout Accumulation) throws(KustomizeError) {
        let global = kustomization.fields["generatorOptions"]
        var generated: [(Resource, String)] = []
        for args in try kustomization.list("configMapGenerator") {
            generated.append((try generate(kind: "ConfigMap", args: args, global: global, kustomization: kustomization), "ConfigMapGenerator"))
        }
        for args in try kustomization.list("secretGenerator") {
            generated.append((try generate(kind: "Secret", args: args, global: global, kustomization: kustomization), "SecretGenerator"))
        }
        for (resource, generator) in generated {
            var resource = resource
            if buildMetadata.contains("originAnnotations") {
                resource.setOrigin("configuredIn: \(relativeToTop(kustomization.file))\nconfiguredBy:\n  apiVersion: builtin\n  kind: \(generator)\n")
            }
            try absorb(resource, into: &accumulation.resources, file: kustomization.file)
        }
    }

    /// kustomize's `appendReplaceOrMerge`: create a new object, or merge into / replace an existing one.
    func absorb(_ resource: Resource, into resources: inout [Resource], file: String) throws(KustomizeError) {
        let id = resource.currentId
        let matches = resources.indices.filter { resources[$0].matchesAnyId(id) }
        let behavior = resource.behavior ?? "create"
        guard let index = matches.first else {
            if behavior == "merge" || behavior == "replace" {
                throw KustomizeError("id \(id.display) does not exist; cannot merge or replace", file: file)
            }
            try append(resource, to: &resources)
            return
        }
        guard matches.count == 1 else { throw KustomizeError("found multiple objects that could accept merge of \(id.display)", file: file) }
        let old = resources[index]
        var merged = resource
        switch behavior {
        case "replace":
            break
        case "merge":
            for field in ["data", "binaryData"] {
                var data = old.object[field]?.objectValue ?? JSONObject()
                for (key, value) in resource.object[field]?.objectValue ?? JSONObject() { data[key] = value }
                merged.object[field] = data.isEmpty ? nil : .object(data)
            }
        default:
            throw KustomizeError("id \(id.display) exists; behavior must be merge or replace", file: file)
        }
        // CopyMergeMetaDataFieldsFrom: labels and annotations merged (new wins), identity and bookkeeping from the old object.
        var labels = old.labels
        for (key, value) in resource.labels { labels[key] = value }
        var annotations = old.annotations
        for (key, value) in resource.annotations { annotations[key] = value }
        if behavior == "merge", let origin = old.annotations[Resource.originAnnotation] {
            annotations[Resource.originAnnotation] = origin
        }
        merged.labels = labels
        merged.annotations = annotations
        merged.name = old.name
        merged.namespace = old.namespace
        merged.previousIds = old.previousIds
        merged.prefixes = old.prefixes
        merged.suffixes = old.suffixes
        merged.behavior = old.behavior
        merged.needsHashSuffix = old.needsHashSuffix && resource.needsHashSuffix
        merged.referringVars = old.referringVars
        resources[index] = merged
    }

    /// One ConfigMap or Secret from its generator arguments.
    mutating func generate(kind: String, args: JSONValue, global: JSONValue?, kustomization: Kustomization, fileBase: String? = nil) throws(KustomizeError) -> Resource {
        let file = kustomization.file
        guard let name = try Kustomization.string(args["name"], field: "\(kind.lowercased())Generator.name", file: file), !name.isEmpty else {
            throw KustomizeError("a \(kind.lowercased()) generator needs a name", file: file)
        }
        let label = "\(kind.lowercased())Generator '\(name)'"
        var pairs: [(String, String)] = []
        func strings(_ key: String) throws(KustomizeError) -> [String] {
            guard let value = args[key], !value.isNull else { return [] }
            if let text = value.stringValue, key == "env" { return [text] }
            guard let items = value.arrayValue else { throw KustomizeError("\(label): '\(key)' must be a list", file: file) }
            var result: [String] = []
            for item in items { if let text = try Kustomization.string(item, field: "\(label).\(key)", file: file) { result.append(text) } }
            return result
        }
        for reference in try strings("envs") + strings("env") {
            let path = try resolveFile(reference, in: kustomization, field: "\(label) envs")
            pairs += try Self.envPairs(read(path), file: path)
        }
        for literal in try strings("literals") {
            guard let equals = literal.firstIndex(of: "=") else {
                throw KustomizeError("\(label): invalid literal source \(literal), expected key=value", file: file)
            }
            pairs.append((String(literal[..<equals]), Self.removeQuotes(String(literal[literal.index(after: equals)...]))))
        }
        for source in try strings("files") {
            var key: String
            var reference = source
            if let equals = source.firstIndex(of: "=") {
                key = String(source[..<equals])
                reference = String(source[source.index(after: equals)...])
                guard !key.isEmpty else { throw KustomizeError("\(label): key name for file path \(reference) missing", file: file) }
            } else {
                key = KustomizePath.baseName(reference)
            }
            let path = try resolveFile(reference, in: kustomization, field: "\(label) files")
            if try fileSystem.entry(at: path) == .directory {
                throw KustomizeError("\(label): file sources must be files, '\(reference)' is a directory", file: file)
            }
            let bytes = try readBytes(path)
            if let text = String(bytes: bytes, encoding: .utf8) {
                pairs.append((key, text))
            } else {
                pairs.append((key, "\u{0}binary:" + Data(bytes).base64EncodedString()))
            }
        }
        var data = JSONObject()
        var binaryData = JSONObject()
        var seen: Set<String> = []
        for (key, value) in pairs {
            guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) else {
                throw KustomizeError("\(label): \"\(key)\" is not a valid key name for a \(kind)", file: file)
            }
            guard seen.insert(key).inserted else {
                throw KustomizeError("\(label): \(kind.lowercased()) \(name) illegally repeats the key `\(key)`", file: file)
            }
            if value.hasPrefix("\u{0}binary:") {
                let encoded = String(value.dropFirst("\u{0}binary:".count))
                if kind == "Secret" { data[key] = .string(encoded) } else { binaryData[key] = .string(encoded) }
            } else if kind == "Secret" {
                data[key] = .string(Data(value.utf8).base64EncodedString())
            } else {
                data[key] = .string(value)
            }
        }
        var object: JSONObject = ["apiVersion": "v1", "kind": .string(kind), "metadata": .object(["name": .string(name)])]
        if let namespace = try Kustomization.string(args["namespace"], field: "\(label).namespace", file: file), !namespace.isEmpty {
            object["metadata"]?["namespace"] = .string(namespace)
        }
        if kind == "Secret" {
            object["type"] = .string(try Kustomization.string(args["type"], field: "\(label).type", file: file) ?? "Opaque")
        }
        if !data.isEmpty { object["data"] = .object(data) }
        if !binaryData.isEmpty { object["binaryData"] = .object(binaryData) }
        // Options: the kustomization's generatorOptions override the generator's own.
        let local = args["options"]
        var labels = JSONObject()
        var annotations = JSONObject()
        for (key, value) in try Kustomization.stringMap(local?["labels"], field: "options.labels", file: file) { labels[key] = .string(value) }
        for (key, value) in try Kustomization.stringMap(global?["labels"], field: "generatorOptions.labels", file: file) { labels[key] = .string(value) }
        for (key, value) in try Kustomization.stringMap(local?["annotations"], field: "options.annotations", file: file) { annotations[key] = .string(value) }
        for (key, value) in try Kustomization.stringMap(global?["annotations"], field: "generatorOptions.annotations", file: file) { annotations[key] = .string(value) }
        let disableHash = local?["disableNameSuffixHash"]?.boolValue == true || global?["disableNameSuffixHash"]?.boolValue == true
        let immutable = local?["immutable"]?.boolValue == true || global?["immutable"]?.boolValue == true
        if immutable { object["immutable"] = .bool(true) }
        var resource = Resource(object, source: file)
        if !labels.isEmpty { resource.labels = labels }
        if !annotations.isEmpty { resource.annotations = annotations }
        resource.needsHashSuffix = !disableHash
        let behavior = try Kustomization.string(args["behavior"], field: "\(label).behavior", file: file) ?? "create"
        guard ["create", "merge", "replace", ""].contains(behavior) else {
            throw KustomizeError("\(label): behavior '\(behavior)' is not one of create, merge, replace", file: file)
        }
        resource.behavior = behavior.isEmpty ? "create" : behavior
        return resource
    }

    static func removeQuotes(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == text.last, first == "\"" || first == "'" else { return text }
        return String(text.dropFirst().dropLast())
    }

    /// `KEY=value` lines of an env file; blank lines and `#` comments skipped.
    static func envPairs(_ text: String, file: String) throws(KustomizeError) -> [(String, String)] {
        var pairs: [(String, String)] = []
        var content = Substring(text)
        if content.hasPrefix("\u{FEFF}") { content = content.dropFirst() }
        for (number, rawLine) in content.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.drop { $0.isWhitespace }
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            guard !key.isEmpty, !key.contains(where: { $0.isWhitespace }) else {
                throw KustomizeError("line \(number + 1): invalid environment variable name '\(key)'", file: file)
            }
            pairs.append((key, parts.count == 2 ? String(parts[1]) : ""))
        }
        return pairs
    }
}
