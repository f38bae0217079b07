import Foundation
import SluiceCore

/// Validates values against a chart's `values.schema.json` (JSON Schema draft 7 and later, the keywords charts use),
/// reporting each failure as Helm's validator (santhosh-tekuri/jsonschema v6) words it: `- at '/path': message`.
///
/// Supported: `type`, `enum`, `const`, `properties`, `patternProperties`, `additionalProperties`, `required`,
/// `minProperties`/`maxProperties`, `items` (one schema or a tuple), `prefixItems`, `minItems`/`maxItems`,
/// `uniqueItems`, `minimum`/`maximum` and their exclusive forms, `multipleOf`, `minLength`/`maxLength`, `pattern`,
/// `allOf`/`anyOf`/`oneOf`/`not`, `if`/`then`/`else`, `dependentRequired`, and `$ref` within the document
/// (`#/definitions/…`, `#/$defs/…`). References to other documents are treated as permissive, as Helm does for URNs.
struct SchemaValidator {
    /// One failure: where in the values, and what.
    struct Failure: Sendable {
        var location: String
        var message: String
    }

    let root: JSONValue
    private let maxDepth = 64

    /// A validator for the schema text; fails when it is not JSON.
    init(schema: [UInt8]) throws(HelmError) {
        do { root = try JSONParser().parse(schema) } catch {
            throw HelmError(.values, "values.schema.json: \(error)")
        }
    }

    /// The failures of `values`, in the order of their locations.
    func validate(_ values: JSONValue) -> [Failure] {
        var failures: [Failure] = []
        check(values, against: root, at: "", into: &failures, depth: 0)
        return failures.enumerated().sorted { a, b in
            a.element.location == b.element.location ? a.offset < b.offset : a.element.location < b.element.location
        }.map(\.element)
    }

    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return .bool(true) }
        var current = root
        for part in reference.dropFirst().split(separator: "/") {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if case .object(let object) = current, let next = object[key] { current = next }
            else if case .array(let array) = current, let index = Int(key), array.indices.contains(index) { current = array[index] }
            else { return nil }
        }
        return current
    }

    private func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .double(let d): return d == d.rounded() && d.isFinite ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    private func number(_ value: JSONValue) -> Double? {
        switch value {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// A number as the validator's English printer shows it (`70,000`).
    static func show(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15, let exact = Int64(exactly: value) {
            let digits = String(exact.magnitude)
            var grouped = ""
            for (index, digit) in digits.enumerated() {
                if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
                grouped.append(digit)
            }
            return (exact < 0 ? "-" : "") + grouped
        }
        return GoNumberText.float(value)
    }

    /// A value quoted as in the validator's messages: strings in single quotes, others as JSON.
    private func quoted(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return "'\(s)'"
        case .int(let i): return String(i)
        case .double(let d): return GoNumberText.float(d)
        default: return JSONSerializer().string(value)
        }
    }

    private func check(_ value: JSONValue, against schema: JSONValue, at location: String, into failures: inout [Failure], depth: Int) {
        guard depth < maxDepth else { return }
        let schemaObject: JSONObject
        switch schema {
        case .bool(let allowed):
            if !allowed { failures.append(Failure(location: location, message: "false schema")) }
            return
        case .object(let object): schemaObject = object
        default: return
        }
        func fail(_ message: String) { failures.append(Failure(location: location, message: message)) }
        if case .string(let reference)? = schemaObject["$ref"], let target = resolve(reference) {
            check(value, against: target, at: location, into: &failures, depth: depth + 1)
        }
        if let types = schemaObject["type"] {
            let wanted: [String] = types.stringValue.map { [$0] } ?? (types.arrayValue ?? []).compactMap(\.stringValue)
            let actual = typeName(value)
            let matches = wanted.contains(actual) || (actual == "integer" && wanted.contains("number"))
            if !wanted.isEmpty && !matches {
                fail("got \(actual == "integer" && !wanted.contains("integer") ? "number" : actual), want \(wanted.joined(separator: " or "))")
                return
            }
        }
        if let options = schemaObject["enum"]?.arrayValue, !options.contains(where: { equal($0, value) }) {
            fail(options.count == 1 ? "value must be \(quoted(options[0]))" : "value must be one of \(options.map(quoted).joined(separator: ", "))")
        }
        if let constant = schemaObject["const"], !equal(constant, value) { fail("value must be \(quoted(constant))") }
        if let n = number(value) {
            if let minimum = schemaObject["minimum"].flatMap(number), n < minimum { fail("minimum: got \(Self.show(n)), want \(Self.show(minimum))") }
            if let maximum = schemaObject["maximum"].flatMap(number), n > maximum { fail("maximum: got \(Self.show(n)), want \(Self.show(maximum))") }
            if let minimum = schemaObject["exclusiveMinimum"].flatMap(number), n <= minimum { fail("exclusiveMinimum: got \(Self.show(n)), want \(Self.show(minimum))") }
            if let maximum = schemaObject["exclusiveMaximum"].flatMap(number), n >= maximum { fail("exclusiveMaximum: got \(Self.show(n)), want \(Self.show(maximum))") }
            if let divisor = schemaObject["multipleOf"].flatMap(number), divisor > 0, (n / divisor).rounded() != n / divisor {
                fail("multipleOf: got \(Self.show(n)), want \(Self.show(divisor))")
            }
        }
        if case .string(let text) = value {
            let length = text.unicodeScalars.count
            if let minimum = schemaObject["minLength"].flatMap(number), Double(length) < minimum { fail("minLength: got \(length), want \(Self.show(minimum))") }
            if let maximum = schemaObject["maxLength"].flatMap(number), Double(length) > maximum { fail("maxLength: got \(length), want \(Self.show(maximum))") }
            // Helm's validator compiles patterns with Go's regexp (RE2): matched in linear time, whatever a chart writes.
            if case .string(let pattern)? = schemaObject["pattern"], let regex = try? LinearRegex(pattern), !regex.matches(text) {
                fail("'\(text)' does not match pattern '\(pattern)'")
            }
        }
        if case .object(let object) = value { checkObject(object, schemaObject, at: location, into: &failures, depth: depth) }
        if case .array(let array) = value { checkArray(array, schemaObject, at: location, into: &failures, depth: depth) }
        if let all = schemaObject["allOf"]?.arrayValue {
            for sub in all { check(value, against: sub, at: location, into: &failures, depth: depth + 1) }
        }
        if let any = schemaObject["anyOf"]?.arrayValue {
            let passing = any.contains { sub in var scratch: [Failure] = []; check(value, against: sub, at: location, into: &scratch, depth: depth + 1); return scratch.isEmpty }
            if !passing { fail("anyOf failed") }
        }
        if let one = schemaObject["oneOf"]?.arrayValue {
            let passing = one.filter { sub in var scratch: [Failure] = []; check(value, against: sub, at: location, into: &scratch, depth: depth + 1); return scratch.isEmpty }.count
            if passing == 0 { fail("oneOf failed, none matched") } else if passing > 1 { fail("oneOf failed, more than one matched") }
        }
        if let not = schemaObject["not"] {
            var scratch: [Failure] = []
            check(value, against: not, at: location, into: &scratch, depth: depth + 1)
            if scratch.isEmpty { fail("not failed") }
        }
        if let condition = schemaObject["if"] {
            var scratch: [Failure] = []
            check(value, against: condition, at: location, into: &scratch, depth: depth + 1)
            if scratch.isEmpty, let then = schemaObject["then"] { check(value, against: then, at: location, into: &failures, depth: depth + 1) }
            if !scratch.isEmpty, let otherwise = schemaObject["else"] { check(value, against: otherwise, at: location, into: &failures, depth: depth + 1) }
        }
    }

    private func checkObject(_ object: JSONObject, _ schema: JSONObject, at location: String, into failures: inout [Failure], depth: Int) {
        func fail(_ message: String) { failures.append(Failure(location: location, message: message)) }
        if let minimum = schema["minProperties"].flatMap(number), Double(object.count) < minimum { fail("minProperties: got \(object.count), want \(Self.show(minimum))") }
        if let maximum = schema["maxProperties"].flatMap(number), Double(object.count) > maximum { fail("maxProperties: got \(object.count), want \(Self.show(maximum))") }
        if let required = schema["required"]?.arrayValue?.compactMap(\.stringValue) {
            let missing = required.filter { !object.contains($0) }
            if missing.count == 1 { fail("missing property '\(missing[0])'") }
            else if missing.count > 1 { fail("missing properties \(missing.map { "'\($0)'" }.joined(separator: ", "))") }
        }
        if case .object(let dependent)? = schema["dependentRequired"] {
            for (key, needed) in dependent.members where object.contains(key) {
                let missing = (needed.arrayValue ?? []).compactMap(\.stringValue).filter { !object.contains($0) }
                if !missing.isEmpty { fail("properties \(missing.map { "'\($0)'" }.joined(separator: ", ")) required, if '\(key)' exists") }
            }
        }
        let properties = schema["properties"]?.objectValue ?? JSONObject()
        let patterns: [(LinearRegex, JSONValue)] = (schema["patternProperties"]?.objectValue ?? JSONObject()).members.compactMap { member in
            (try? LinearRegex(member.key)).map { ($0, member.value) }
        }
        var additional: [String] = []
        for key in object.keys.sorted() {
            let value = object[key]!
            let path = location + "/" + key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            var matched = false
            if let sub = properties[key] {
                matched = true
                check(value, against: sub, at: path, into: &failures, depth: depth + 1)
            }
            for (regex, sub) in patterns where regex.matches(key) {
                matched = true
                check(value, against: sub, at: path, into: &failures, depth: depth + 1)
            }
            if !matched, let extra = schema["additionalProperties"] {
                if case .bool(false) = extra { additional.append(key) } else { check(value, against: extra, at: path, into: &failures, depth: depth + 1) }
            }
        }
        if !additional.isEmpty {
            fail("additional propert\(additional.count == 1 ? "y" : "ies") \(additional.map { "'\($0)'" }.joined(separator: ", ")) not allowed")
        }
    }

    private func checkArray(_ array: [JSONValue], _ schema: JSONObject, at location: String, into failures: inout [Failure], depth: Int) {
        func fail(_ message: String) { failures.append(Failure(location: location, message: message)) }
        if let minimum = schema["minItems"].flatMap(number), Double(array.count) < minimum { fail("minItems: got \(array.count), want \(Self.show(minimum))") }
        if let maximum = schema["maxItems"].flatMap(number), Double(array.count) > maximum { fail("maxItems: got \(array.count), want \(Self.show(maximum))") }
        if case .bool(true)? = schema["uniqueItems"] {
            outer: for i in array.indices {
                for j in array.indices where j > i && equal(array[i], array[j]) {
                    fail("items at \(i) and \(j) are equal")
                    break outer
                }
            }
        }
        var tuple = schema["prefixItems"]?.arrayValue ?? []
        var rest = schema["items"]
        if case .array(let items)? = schema["items"] {
            tuple = items
            rest = schema["additionalItems"]
        }
        for (index, element) in array.enumerated() {
            let path = location + "/" + String(index)
            if index < tuple.count { check(element, against: tuple[index], at: path, into: &failures, depth: depth + 1) }
            else if let rest { check(element, against: rest, at: path, into: &failures, depth: depth + 1) }
        }
    }

    private func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = number(a), let y = number(b) { return x == y }
        switch (a, b) {
        case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case let (.object(x), .object(y)):
            return x.count == y.count && x.members.allSatisfy { member in y[member.key].map { equal(member.value, $0) } ?? false }
        default: return a == b
        }
    }
}
