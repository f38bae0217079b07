import Foundation
import Yams

/// Reads YAML (or JSON, a subset of it) into ``JSONValue`` documents, resolving plain scalars by YAML 1.2's core schema.
///
/// The core schema is what kustomize and Flux read with (`yes` stays a string,
/// `0123` stays a string). Duplicate keys are refused, and a budget of nodes
/// stops alias expansion ("billion laughs") before it can exhaust memory.
public struct YAMLReader: Sendable {
    /// One document and the line it starts on.
    public struct Document: Sendable {
        /// The document's value; `.null` for an empty document.
        public var value: JSONValue
        /// The 1-based line where the document's content starts.
        public var line: Int
    }

    /// The most values one stream may expand to, counting every alias expansion.
    public var maxNodes: Int
    /// How deep mappings and sequences may nest.
    public var maxDepth: Int

    /// A reader with the given limits.
    public init(maxNodes: Int = 5_000_000, maxDepth: Int = 256) {
        self.maxNodes = maxNodes
        self.maxDepth = maxDepth
    }

    /// Reads every document in `text`; on failure the error names the 1-based document and line.
    public func documents(_ text: String, source: String? = nil) throws(ManifestError) -> [Document] {
        var documents: [Document] = []
        var budget = maxNodes
        let parser: Parser
        do {
            parser = try Parser(yaml: text, resolver: .basic, encoding: .utf8)
        } catch {
            throw Self.manifestError(error, source: source, document: 1)
        }
        while true {
            let index = documents.count + 1
            let node: Node?
            do {
                node = try parser.nextRoot()
            } catch {
                throw Self.manifestError(error, source: source, document: index)
            }
            guard let node else { break }
            let line = node.mark.map { $0.line } ?? 1
            do {
                documents.append(Document(value: try convert(node, depth: 0, budget: &budget), line: line))
            } catch let failure as ConversionFailure {
                throw ManifestError(source: source, document: index, line: failure.line ?? line, reason: failure.reason)
            } catch {
                throw ManifestError(source: source, document: index, line: line, reason: .syntax("\(error)"))
            }
        }
        return documents
    }

    private struct ConversionFailure: Error {
        var line: Int?
        var reason: ManifestError.Reason
    }

    private func convert(_ node: Node, depth: Int, budget: inout Int) throws -> JSONValue {
        budget -= 1
        guard budget >= 0 else {
            throw ConversionFailure(line: node.mark?.line, reason: .syntax("document expands to more than \(maxNodes) values (alias expansion or excessive size)"))
        }
        guard depth <= maxDepth else {
            throw ConversionFailure(line: node.mark?.line, reason: .syntax("nesting deeper than \(maxDepth) levels"))
        }
        switch node {
        case .scalar(let scalar):
            return Self.resolve(scalar)
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            elements.reserveCapacity(sequence.count)
            for element in sequence { elements.append(try convert(element, depth: depth + 1, budget: &budget)) }
            return .array(elements)
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {
                let name: String
                switch key {
                case .scalar(let scalar): name = scalar.string
                default: throw ConversionFailure(line: key.mark?.line, reason: .syntax("mapping keys must be scalars"))
                }
                if name == "<<", case .plain = key.scalar?.style {
                    // A merge key: copy the referenced mapping's members that are not set here.
                    for source in (value.sequence.map(Array.init) ?? [value]) {
                        guard case .object(let merged) = try convert(source, depth: depth + 1, budget: &budget) else { continue }
                        for member in merged where !object.contains(member.key) { object[member.key] = member.value }
                    }
                    continue
                }
                if object.contains(name) {
                    throw ConversionFailure(line: key.mark?.line, reason: .duplicateKey(name))
                }
                object[name] = try convert(value, depth: depth + 1, budget: &budget)
            }
            return .object(object)
        case .alias:
            throw ConversionFailure(line: node.mark?.line, reason: .syntax("unresolved alias"))
        }
    }

    /// Resolves a scalar: quoted and block scalars are strings; plain ones follow the core schema.
    static func resolve(_ scalar: Node.Scalar) -> JSONValue {
        let text = scalar.string
        let tag = scalar.tag.description
        switch tag {
        case "" where scalar.style == .plain:
            return resolvePlain(text)
        case "", "!":
            return .string(text)
        case "tag:yaml.org,2002:str" where scalar.style != .plain, "tag:yaml.org,2002:binary":
            return .string(text)
        case "tag:yaml.org,2002:int":
            return parseInt(text).map(JSONValue.int) ?? .string(text)
        case "tag:yaml.org,2002:float":
            return parseFloat(text).map(JSONValue.double) ?? .string(text)
        case "tag:yaml.org,2002:bool":
            return parseBool(text).map(JSONValue.bool) ?? .string(text)
        case "tag:yaml.org,2002:null":
            return .null
        case "tag:yaml.org,2002:str":
            return resolvePlain(text)
        default:
            return .string(text)
        }
    }

    /// The resolution of a plain scalar as kyaml (yaml.v3) does it, which is what kustomize and Flux read with.
    ///
    /// Booleans and nulls follow YAML 1.2 (`yes` stays a string); integers are
    /// read as Go's `strconv.ParseInt(_, 0, 64)` reads them after dropping `_`
    /// (so `0123` is octal 83, `0x1F` is 31); floats match yaml.v3's
    /// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`; dates and times
    /// become RFC 3339 strings, as they come out of kustomize.
    public static func resolvePlain(_ text: String) -> JSONValue {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            if text == "~" || text == "null" || text == "Null" || text == "NULL" { return .null }
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            if let bool = parseBool(text) { return .bool(bool) }
        case UInt8(ascii: "."):
            if let double = parseFloat(text) { return .double(double) }
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"):
            if first != UInt8(ascii: "-"), first != UInt8(ascii: "+"), let timestamp = YAMLTimestamp.normalize(text) {
                return .string(timestamp)
            }
            let plain = text.contains("_") ? text.replacingOccurrences(of: "_", with: "") : text
            if let int = parseInt(plain) { return .int(int) }
            if let double = parseFloat(plain) { return .double(double) }
        default:
            break
        }
        return .string(text)
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// Go's `strconv.ParseInt(text, 0, 64)`: an optional sign, then `0x`, `0o`, `0b` or a leading `0` (octal) prefix.
    static func parseInt(_ text: String) -> Int64? {
        var body = Substring(text)
        var negative = false
        if let sign = body.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        var radix = 10
        let lower = body.lowercased()
        if lower.hasPrefix("0x") { radix = 16; body = body.dropFirst(2) }
        else if lower.hasPrefix("0o") { radix = 8; body = body.dropFirst(2) }
        else if lower.hasPrefix("0b") { radix = 2; body = body.dropFirst(2) }
        else if body.count > 1, body.first == "0" { radix = 8; body = body.dropFirst() }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isHexDigit }), let magnitude = UInt64(body, radix: radix) else { return nil }
        if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// yaml.v3's float syntax, plus `.inf` and `.nan` spellings.
    static func parseFloat(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        var bytes = Substring(text).utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        let whole = bytes.prefix(while: isDigit)
        bytes = bytes.dropFirst(whole.count)
        var fraction = 0
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fraction = bytes.prefix(while: isDigit).count
            bytes = bytes.dropFirst(fraction)
            if whole.isEmpty && fraction == 0 { return nil }
        }
        guard whole.count + fraction > 0 else { return nil }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            let exponent = bytes.prefix(while: isDigit)
            guard !exponent.isEmpty else { return nil }
            bytes = bytes.dropFirst(exponent.count)
        }
        guard bytes.isEmpty else { return nil }
        return Double(text.first == "+" ? String(text.dropFirst()) : text)
    }

    static func manifestError(_ error: any Error, source: String?, document: Int) -> ManifestError {
        if let yaml = error as? YamlError {
            switch yaml {
            case .duplicatedKeysInMapping(let duplicates, let context):
                return ManifestError(source: source, document: document, line: context.mark.line,
                                     reason: .duplicateKey(duplicates.joined(separator: ", ")))
            case .scanner(let context, let problem, let mark, _):
                return ManifestError(source: source, document: document, line: mark.line,
                                     reason: .syntax([context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")))
            case .parser(let context, let problem, let mark, _):
                return ManifestError(source: source, document: document, line: mark.line,
                                     reason: .syntax([context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")))
            case .composer(let context, let problem, let mark, _):
                return ManifestError(source: source, document: document, line: mark.line,
                                     reason: .syntax([context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")))
            default:
                break
            }
        }
        return ManifestError(source: source, document: document, reason: .syntax("\(error)"))
    }
}
