import Foundation
import SluiceCore
import Yams

/// Reads YAML as Helm reads values, `Chart.yaml` and `fromYaml` (sigs.k8s.io/yaml over go-yaml v2): YAML 1.1 plain scalars
/// (`y`, `yes`, `on` are booleans; `0123` is octal), numbers as JSON numbers, dates as RFC 3339 strings; only the first
/// document. A budget of values stops alias expansion ("billion laughs"), and nesting is bounded.
public struct GoYAMLReader: Sendable {
    /// The most values one document may expand to.
    public var maxNodes = 5_000_000
    /// How deeply mappings and sequences may nest.
    public var maxDepth = 256

    /// A reader with the default limits.
    public init() {}

    private struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The first document of `text` (`.null` when empty). The error text is go-yaml's (`line N: problem`) where known.
    public func read(_ text: String) throws -> JSONValue {
        try documents(text, limit: 1).first ?? .null
    }

    /// Every document of `text`, at most `limit`.
    public func documents(_ text: String, limit: Int = .max) throws -> [JSONValue] {
        let parser: Yams.Parser
        do { parser = try Yams.Parser(yaml: text, resolver: .basic, encoding: .utf8) } catch { throw Failure(description: Self.message(error)) }
        var budget = maxNodes
        var documents: [JSONValue] = []
        while documents.count < limit {
            let node: Yams.Node?
            do { node = try parser.nextRoot() } catch { throw Failure(description: Self.message(error)) }
            guard let node else { break }
            documents.append(try convert(node, depth: 0, budget: &budget))
        }
        return documents
    }

    private static func message(_ error: any Error) -> String {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(_, let problem, let mark, _): return "line \(mark.line): \(problem)"
            case .parser(_, let problem, let mark, _): return "line \(max(mark.line - 1, 1)): \(problem)"
            case .composer(_, let problem, let mark, _): return "line \(mark.line): \(problem)"
            default: break
            }
        }
        return "\(error)"
    }

    private func convert(_ node: Yams.Node, depth: Int, budget: inout Int) throws -> JSONValue {
        budget -= 1
        guard budget >= 0 else { throw Failure(description: "document expands to more than \(maxNodes) values") }
        guard depth <= maxDepth else { throw Failure(description: "nesting deeper than \(maxDepth) levels") }
        switch node {
        case .scalar(let scalar):
            return Self.resolve(scalar)
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            for element in sequence { elements.append(try convert(element, depth: depth + 1, budget: &budget)) }
            return .array(elements)
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {
                guard case .scalar(let scalar) = key else { throw Failure(description: "mapping keys must be scalars") }
                if scalar.string == "<<", scalar.style == .plain {
                    for source in value.sequence.map(Array.init) ?? [value] {
                        guard case .object(let merged) = try convert(source, depth: depth + 1, budget: &budget) else { continue }
                        for member in merged where !object.contains(member.key) { object[member.key] = member.value }
                    }
                    continue
                }
                let name: String
                switch Self.resolve(scalar) {
                case .null: name = "null"
                default: name = scalar.string
                }
                object[name] = try convert(value, depth: depth + 1, budget: &budget)
            }
            return .object(object)
        case .alias:
            throw Failure(description: "unknown anchor referenced")
        }
    }

    private static func resolve(_ scalar: Yams.Node.Scalar) -> JSONValue {
        let text = scalar.string
        switch scalar.tag.description {
        case "" where scalar.style == .plain, "tag:yaml.org,2002:str" where scalar.style == .plain:
            return resolvePlain(text)
        case "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null":
            return resolvePlain(text)
        default:
            return .string(text)
        }
    }

    private static let trueWords: Set<String> = ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]
    private static let falseWords: Set<String> = ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]
    private static let nullWords: Set<String> = ["", "~", "null", "Null", "NULL"]

    /// go-yaml v2's resolution of a plain scalar.
    static func resolvePlain(_ text: String) -> JSONValue {
        if nullWords.contains(text) { return .null }
        if trueWords.contains(text) { return .bool(true) }
        if falseWords.contains(text) { return .bool(false) }
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        guard let first = text.first, first.isNumber || first == "-" || first == "+" || first == "." else { return .string(text) }
        if first.isNumber, let timestamp = timestamp(text) { return .string(timestamp) }
        let plain = text.replacingOccurrences(of: "_", with: "")
        if let int = goInteger(plain) { return .int(int) }
        if isFloat(plain), let double = Double(plain) { return .double(double) }
        return .string(text)
    }

    /// Go's `strconv.ParseInt(text, 0, 64)`.
    private static func goInteger(_ text: String) -> Int64? {
        var body = Substring(text)
        var negative = false
        if let sign = body.first, sign == "-" || sign == "+" { negative = sign == "-"; body = body.dropFirst() }
        var radix = 10
        if body.hasPrefix("0x") || body.hasPrefix("0X") { radix = 16; body = body.dropFirst(2) }
        else if body.hasPrefix("0o") || body.hasPrefix("0O") { radix = 8; body = body.dropFirst(2) }
        else if body.hasPrefix("0b") || body.hasPrefix("0B") { radix = 2; body = body.dropFirst(2) }
        else if body.count > 1, body.first == "0" { radix = 8; body = body.dropFirst() }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isHexDigit }), let magnitude = UInt64(body, radix: radix) else { return nil }
        if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    /// go-yaml v2's float syntax: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    private static func isFloat(_ text: String) -> Bool {
        text.range(of: #"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil
    }

    /// A YAML timestamp as sigs.k8s.io/yaml prints it (RFC 3339), or nil.
    private static func timestamp(_ text: String) -> String? {
        guard text.range(of: #"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$"#, options: .regularExpression) != nil else { return nil }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        return String(format: "%04d-%02d-%02dT00:00:00Z", parts[0], parts[1], parts[2])
    }
}
