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
                resource.setOrigin(originRepositoryLines(of: kustomization.file) + "configuredIn: \(originPath(of: kustomization.file))\nconfiguredBy:\n  apiVersion: builtin\n  kind: \(generator)\n")
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
            // kustomize's MergeDataMapFrom: both maps read as strings (a plain resource's `1` or `true` becomes "1" or
            // "true", null ""), the new values win, and an empty result drops the field.
            for field in ["data", "binaryData"] {
                var data = JSONObject()
                for (key, value) in old.object[field]?.objectValue ?? JSONObject() { data[key] = .string(Kustomization.scalarString(value) ?? "") }
                for (key, value) in resource.object[field]?.objectValue ?? JSONObject() { data[key] = .string(Kustomization.scalarString(value) ?? "") }
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
            throw KustomizeError("a \(kind.lowercased()) must have a name (every \(kind.lowercased())Generator entry needs 'name')", file: file)
        }
        let label = "\(kind.lowercased())Generator '\(name)'"
        // Each key with its text, or with the bytes of a file that is not UTF-8 (binary: base64 in data or binaryData).
        var pairs: [(key: String, text: String, binary: [UInt8]?)] = []
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
            pairs += try Self.envPairs(readBytes(path), file: path).map { ($0.0, $0.1, nil) }
        }
        for literal in try strings("literals") {
            // kustomize round-trips a generator's arguments through YAML, which refuses these characters.
            if Self.failsYAMLRoundTrip(literal) {
                throw KustomizeError("\(label): literal '\(literal.prefix { $0 != "=" })': yaml: control characters are not allowed", file: file)
            }
            guard let equals = literal.firstIndex(of: "="), equals != literal.startIndex else {
                // kustomize's words, but a Secret's literal without '=' may be the secret itself: not echoed.
                let shown = kind == "Secret" ? "(a Secret's, not shown)" : literal
                throw KustomizeError("\(label): invalid literal source \(shown), expected key=value", file: file)
            }
            pairs.append((String(literal[..<equals]), Self.removeQuotes(String(literal[literal.index(after: equals)...])), nil))
        }
        for source in try strings("files") {
            let (key, reference) = try Self.fileSource(source, label: label, file: file)
            let path = try resolveFile(reference, in: kustomization, field: "\(label) files")
            if try fileSystem.entry(at: path) == .directory {
                throw KustomizeError("\(label): file source '\(reference)' must resolve to a file, not a directory", file: file)
            }
            let bytes = try readBytes(path)
            // Validated, not decoded by Foundation, which would drop a leading byte order mark kustomize keeps.
            if let text = String(validating: bytes, as: UTF8.self) {
                pairs.append((key, text, nil))
            } else {
                pairs.append((key, "", bytes))
            }
        }
        var data = JSONObject()
        var binaryData = JSONObject()
        var seen: Set<String> = []
        for (key, value, binary) in pairs {
            guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) else {
                // A Secret's key is not echoed: from an env line without '=' it is the whole line, maybe the secret.
                let shown = kind == "Secret" ? "a key" : "\"\(key)\""
                throw KustomizeError("\(label): \(shown) is not a valid key name for a \(kind) (letters, digits, '-', '_' and '.' only)", file: file)
            }
            guard seen.insert(key).inserted else {
                throw KustomizeError("\(label): \(kind.lowercased()) \(name) illegally repeats the key `\(key)`", file: file)
            }
            if let binary {
                let encoded = JSONValue.string(Self.wrappedBase64(binary))
                if kind == "Secret" { data[key] = encoded } else { binaryData[key] = encoded }
            } else if kind == "Secret" {
                data[key] = .string(Self.wrappedBase64(Array(value.utf8)))
            } else {
                // kustomize's output round-trips through YAML, which refuses these characters (base64 hides them in a Secret).
                if Self.failsYAMLRoundTrip(value) {
                    throw KustomizeError("\(label): value of '\(key)': yaml: control characters are not allowed", file: file)
                }
                data[key] = .string(value)
            }
        }
        var object: JSONObject = ["apiVersion": "v1", "kind": .string(kind), "metadata": .object(["name": .string(name)])]
        if let namespace = try Kustomization.string(args["namespace"], field: "\(label).namespace", file: file), !namespace.isEmpty {
            object["metadata"]?["namespace"] = .string(namespace)
        }
        if kind == "Secret" {
            // kustomize's MakeSecret: an empty type is Opaque too.
            let type = try Kustomization.string(args["type"], field: "\(label).type", file: file) ?? ""
            object["type"] = .string(type.isEmpty ? "Opaque" : type)
        }
        // kyaml's LoadMapIntoSecretData always creates a Secret's data map (`data: {}`, which the hash sees too);
        // a ConfigMap's appears with its first key.
        if !data.isEmpty || kind == "Secret" { object["data"] = .object(data) }
        if !binaryData.isEmpty { object["binaryData"] = .object(binaryData) }
        // Options (kustomize's MergeGlobalOptionsIntoLocal): the generator's own labels and annotations win over the
        // kustomization's generatorOptions, which only add keys; either one's disableNameSuffixHash or immutable suffices.
        let local = args["options"]
        var labels = JSONObject()
        var annotations = JSONObject()
        for (key, value) in try Kustomization.stringMap(global?["labels"], field: "generatorOptions.labels", file: file) { labels[key] = .string(value) }
        for (key, value) in try Kustomization.stringMap(local?["labels"], field: "options.labels", file: file) { labels[key] = .string(value) }
        for (key, value) in try Kustomization.stringMap(global?["annotations"], field: "generatorOptions.annotations", file: file) { annotations[key] = .string(value) }
        for (key, value) in try Kustomization.stringMap(local?["annotations"], field: "options.annotations", file: file) { annotations[key] = .string(value) }
        let localDisableHash = try Self.flag(local?["disableNameSuffixHash"], field: "options.disableNameSuffixHash", file: file)
        let globalDisableHash = try Self.flag(global?["disableNameSuffixHash"], field: "generatorOptions.disableNameSuffixHash", file: file)
        let localImmutable = try Self.flag(local?["immutable"], field: "options.immutable", file: file)
        let globalImmutable = try Self.flag(global?["immutable"], field: "generatorOptions.immutable", file: file)
        let disableHash = localDisableHash || globalDisableHash
        let immutable = localImmutable || globalImmutable
        if immutable { object["immutable"] = .bool(true) }
        var resource = Resource(object, source: file)
        if !labels.isEmpty { resource.labels = labels }
        if !annotations.isEmpty { resource.annotations = annotations }
        resource.needsHashSuffix = !disableHash
        // kustomize's NewGenerationBehavior: anything but "merge" or "replace" (exactly) is unspecified, which creates.
        let behavior = try Kustomization.string(args["behavior"], field: "\(label).behavior", file: file) ?? "create"
        resource.behavior = behavior == "merge" || behavior == "replace" ? behavior : "create"

        return resource
    }

    /// A generator option kustomize decodes into a Go bool: absent or null is false, anything but a boolean fails.
    static func flag(_ value: JSONValue?, field: String, file: String) throws(KustomizeError) -> Bool {
        switch value {
        case nil, .null?: return false
        case .bool(let flag)?: return flag
        case let other?:
            // KustomizationDecoder refuses this in a kustomization's own generators; plugin configs arrive here unchecked.
            throw KustomizeError("invalid Kustomization: json: cannot unmarshal \(other.goJSONKind) into Go value '\(field)' of type bool", file: file)
        }
    }

    /// kyaml's `encodeBase64`, which Secret data and ConfigMap binaryData go through: base64 in lines of 70
    /// characters, each ended by a newline once there is more than one line's worth (the name hash sees the newlines).
    static func wrappedBase64(_ bytes: [UInt8]) -> String {
        let encoded = Data(bytes).base64EncodedString()
        let lineLength = 70
        guard encoded.utf8.count >= lineLength else { return encoded }
        var wrapped = ""
        var rest = Substring(encoded)
        while !rest.isEmpty {
            wrapped += rest.prefix(lineLength) + "\n"
            rest = rest.dropFirst(lineLength)
        }
        return wrapped
    }

    /// Whether text holds a character kustomize's YAML round trip (go-yaml's emitter, then its reader) refuses:
    /// DEL, the C1 controls other than NEL, U+FFFE and U+FFFF. Other control characters are escaped and pass.
    static func failsYAMLRoundTrip(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            let value = scalar.value
            return value == 0x7F || (0x80...0x9F).contains(value) && value != 0x85 || value == 0xFFFE || value == 0xFFFF
        }
    }

    /// kustomize's `removeQuotes`: one matching pair of outer `"` or `'` removed (byte-wise, as Go compares them,
    /// so a quote followed by a combining mark still counts as a quote).
    static func removeQuotes(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, let first = bytes.first, first == bytes.last, first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") else {
            return text
        }
        return String(decoding: bytes[1..<(bytes.count - 1)], as: UTF8.self)
    }

    /// kustomize's `ParseFileSource`: a `files` entry is `path` (the key is its base name) or `key=path`.
    static func fileSource(_ source: String, label: String, file: String) throws(KustomizeError) -> (key: String, path: String) {
        let parts = source.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1:
            return (KustomizePath.baseName(source), source)
        case 2 where parts[0].isEmpty:
            throw KustomizeError("\(label): missing key name for file path \"\(parts[1])\" in source \"\(source)\"", file: file)
        case 2 where parts[1].isEmpty:
            throw KustomizeError("\(label): missing file path for key name \"\(parts[0])\" in source \"\(source)\"", file: file)
        case 2:
            return (parts[0], parts[1])
        default:
            throw KustomizeError("\(label): source \"\(source)\" key name or file path contains '='", file: file)
        }
    }

    /// `KEY=value` lines of an env file, as kustomize's `keyValuesFromLines` reads them: a UTF-8 byte order mark
    /// dropped from the first line, a line's trailing CR and leading white space dropped, blank lines and `#`
    /// comments skipped, the value kept verbatim (quotes included), a line without `=` an empty value, and a line
    /// that is not UTF-8 an error. kustomize keeps any key; Sluice refuses keys with white space (`export K=v`
    /// included), which the API server would refuse in a ConfigMap or Secret.
    static func envPairs(_ bytes: [UInt8], file: String) throws(KustomizeError) -> [(String, String)] {
        var pairs: [(String, String)] = []
        for (number, rawLine) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            var lineBytes = rawLine[...]
            if lineBytes.last == UInt8(ascii: "\r") { lineBytes = lineBytes.dropLast() }
            guard let text = String(validating: lineBytes, as: UTF8.self) else {
                throw KustomizeError("line \(number + 1) has invalid utf8 bytes", file: file)
            }
            var line = Substring(text)
            if number == 0, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            line = line.drop { $0.isWhitespace }
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0])
            guard !key.isEmpty, !key.contains(where: { $0.isWhitespace }) else {
                // The line is not echoed: in a Secret's env file a line without '=' may be the secret itself.
                let hint = key.hasPrefix("export ") ? " ('export' is not part of the env file syntax)" : ""
                throw KustomizeError("line \(number + 1): the key before '=' is empty or holds white space, which the API server refuses\(hint)", file: file)
            }
            pairs.append((key, parts.count == 2 ? String(parts[1]) : ""))
        }
        return pairs
    }
}
