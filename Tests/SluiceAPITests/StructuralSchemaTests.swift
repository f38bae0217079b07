import Foundation
import SluiceAPI
import SluiceCore
import Testing

/// The CRD schemas follow Kubernetes' rules for structural schemas, and their defaults are valid.
@Suite struct StructuralSchemaTests {
    static let kinds: [String] = APIScheme.resources.map { $0.kind }

    @Test("every schema node is structural and every default valid", arguments: kinds)
    func structural(kind: String) throws {
        let type = try #require(APIScheme.resources.first { $0.kind == kind })
        var problems: [String] = []
        Self.check(type.openAPISchema, at: "", into: &problems)
        #expect(problems.isEmpty, "\(kind):\n\(problems.joined(separator: "\n"))")
    }

    @Test("the rendered CRD has the names, version and columns Flux gives it", arguments: kinds)
    func definition(kind: String) throws {
        let type = try #require(APIScheme.resources.first { $0.kind == kind })
        let crd = CustomResourceDefinitionRenderer().definition(for: type)
        #expect(crd[path: ["metadata", "name"]] == .string("\(type.plural).\(type.group)"))
        #expect(crd[path: ["spec", "group"]] == .string(type.group))
        #expect(crd[path: ["spec", "scope"]] == "Namespaced")
        #expect(crd[path: ["spec", "names", "kind"]] == .string(type.kind))
        #expect(crd[path: ["spec", "names", "listKind"]] == .string(type.kind + "List"))
        #expect(crd[path: ["spec", "names", "categories"]] == ["flux"])
        let versions = try #require(crd[path: ["spec", "versions"]]?.arrayValue)
        #expect(versions.count == 1)
        let version = try #require(versions.first)
        #expect(version["name"] == .string(type.version))
        #expect(version["served"] == true)
        #expect(version["storage"] == true)
        #expect((version[path: ["subresources", "status"]] != nil) == type.hasStatusSubresource)
        let columns = version["additionalPrinterColumns"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(columns.contains("Age"))
        if type.kind == ExternalArtifact.kind {
            #expect(columns == ["Age", "Ready", "Status", "Source"])  // Flux's order for this kind
        } else if type.hasStatusSubresource {
            #expect(columns.suffix(3) == ["Age", "Ready", "Status"])
        }
        let schema = try #require(version[path: ["schema", "openAPIV3Schema"]])
        #expect(schema[path: ["properties", "metadata"]] == ["type": "object"])
    }

    @Test("short names and kind-specific columns follow Flux")
    func fluxNames() {
        #expect(GitRepository.shortNames == ["gitrepo"])
        #expect(HelmRepository.shortNames == ["helmrepo"])
        #expect(HelmChart.shortNames == ["hc"])
        #expect(Kustomization.shortNames == ["ks"])
        #expect(HelmRelease.shortNames == ["hr"])
        #expect(GitRepository.printerColumns.first == .string("URL", ".spec.url"))
        #expect(HelmChart.printerColumns.map(\.name) == ["Chart", "Version", "Source Kind", "Source Name", "Age", "Ready", "Status"])
        #expect(GitRepository.openAPISchema[property: "spec"]?[property: "timeout"]?.defaultValue == "60s")
        #expect(GitRepository.openAPISchema[property: "spec"]?.required == ["url", "interval"])
    }

    static func check(_ schema: OpenAPISchema, at path: String, into problems: inout [String]) {
        let place = path.isEmpty ? "<root>" : path
        if schema.type == nil && !schema.preservesUnknownFields && !schema.isIntOrString {
            problems.append("\(place): no type")
        }
        if !schema.properties.isEmpty && schema.additionalProperties != nil {
            problems.append("\(place): both properties and additionalProperties")
        }
        if !schema.properties.isEmpty && schema.type != .object {
            problems.append("\(place): properties on a non-object")
        }
        if (schema.type == .array) != (schema.items != nil) {
            problems.append("\(place): items must be given exactly for arrays")
        }
        let names = schema.properties.map(\.name)
        if Set(names).count != names.count { problems.append("\(place): duplicate property names") }
        if let pattern = schema.pattern, (try? NSRegularExpression(pattern: pattern)) == nil {
            problems.append("\(place): pattern does not compile: \(pattern)")
        }
        for value in schema.enumValues ?? [] {
            problems += validate(value, against: schema, at: place + " enum value").filter { !$0.contains("not one of") }
        }
        if let value = schema.defaultValue {
            problems += validate(value, against: schema, at: place + " default")
        }
        if let keys = schema.listMapKeys, let items = schema.items {
            for key in keys where !items.required.contains(key) && items[property: key]?.defaultValue == nil {
                problems.append("\(place): list map key \(key) is neither required nor defaulted")
            }
        }
        for property in schema.properties { check(property.schema, at: path + "." + property.name, into: &problems) }
        if let items = schema.items { check(items, at: path + "[]", into: &problems) }
        if let additional = schema.additionalProperties { check(additional, at: path + "{}", into: &problems) }
    }

    /// Problems with `value` as an instance of `schema`.
    static func validate(_ value: JSONValue, against schema: OpenAPISchema, at place: String) -> [String] {
        var problems: [String] = []
        switch (schema.type, value) {
        case (nil, _), (.string?, .string), (.boolean?, .bool), (.integer?, .int), (.number?, .int),
             (.number?, .double), (.object?, .object), (.array?, .array):
            break
        default:
            return ["\(place): \(value) is not of type \(schema.type?.rawValue ?? "?")"]
        }
        if let allowed = schema.enumValues, !allowed.contains(value) {
            problems.append("\(place): \(value) is not one of \(allowed)")
        }
        if case .string(let text) = value {
            if let pattern = schema.pattern, let regex = try? NSRegularExpression(pattern: pattern),
               regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                problems.append("\(place): \(text) does not match \(pattern)")
            }
            if let min = schema.minLength, text.count < min { problems.append("\(place): shorter than \(min)") }
            if let max = schema.maxLength, text.count > max { problems.append("\(place): longer than \(max)") }
        }
        if case .int(let number) = value {
            if let minimum = schema.minimum, number < minimum { problems.append("\(place): below \(minimum)") }
            if let maximum = schema.maximum, number > maximum { problems.append("\(place): above \(maximum)") }
        }
        if case .object(let object) = value {
            for (key, member) in object {
                if let child = schema[property: key] {
                    problems += validate(member, against: child, at: place + "." + key)
                } else if let additional = schema.additionalProperties {
                    problems += validate(member, against: additional, at: place + "." + key)
                } else if !schema.preservesUnknownFields {
                    problems.append("\(place).\(key): not in the schema, so pruned")
                }
            }
        }
        return problems
    }
}
