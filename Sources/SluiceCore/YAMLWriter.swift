import Foundation
import Yams

/// Writes ``JSONValue`` documents as block YAML in key order, two-space indented,
/// quoting strings that a YAML 1.1 or 1.2 reader would take for something else.
public struct YAMLWriter: Sendable {
    /// The column past which long scalars are folded onto more lines; -1 (the default, as kyaml writes) never folds.
    ///
    /// Go's yaml.v2, which Helm's `toYaml` writes with, folds at 80.
    public var lineWidth: Int
    /// How floating-point numbers are spelled; `nil` writes integral values without a fraction and others in Swift's shortest form.
    public var floatFormatter: (@Sendable (Double) -> String)?

    /// A writer that never folds lines.
    public init() {
        self.init(lineWidth: -1)
    }

    /// A writer folding at `lineWidth` (-1: never) and spelling floats with `floatFormatter` when given.
    public init(lineWidth: Int, floatFormatter: (@Sendable (Double) -> String)? = nil) {
        self.lineWidth = lineWidth
        self.floatFormatter = floatFormatter
    }

    /// One document's YAML text, ending in a newline.
    public func string(_ value: JSONValue) throws -> String {
        try Yams.serialize(node: node(value), indent: 2, width: lineWidth, allowUnicode: true)
    }

    /// Several documents separated by `---` lines.
    public func string(documents: [JSONValue]) throws -> String {
        try documents.map { try string($0) }.joined(separator: "---\n")
    }

    func node(_ value: JSONValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let b): return Node(b ? "true" : "false", Tag(.bool))
        case .int(let i): return Node(String(i), Tag(.int))
        case .double(let d):
            if let floatFormatter, d.isFinite { return Node(floatFormatter(d), Tag(.float)) }
            return Node(Self.format(d), Tag(.float))
        case .string(let s): return Node.scalar(Self.scalar(s))
        case .array(let elements): return Node.sequence(.init(elements.map(node)))
        case .object(let object): return Node.mapping(.init(object.members.map { (Node($0.key), node($0.value)) }))
        }
    }

    static func format(_ d: Double) -> String {
        if d.isNaN { return ".nan" }
        if d.isInfinite { return d < 0 ? "-.inf" : ".inf" }
        return JSONSerializer.format(d)
    }

    static func scalar(_ s: String) -> Node.Scalar {
        if s.contains("\n") && !s.hasPrefix(" ") && !s.contains(where: { $0 == "\t" || $0 == "\r" }) {
            return .init(s, Tag(.str), .literal)
        }
        return .init(s, Tag(.str), isAmbiguous(s) ? .doubleQuoted : .any)
    }

    /// Whether a plain `s` would be read as something other than this string by kyaml or by a YAML 1.1 reader.
    public static func isAmbiguous(_ s: String) -> Bool {
        switch s {
        case "", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "=", "<<":
            return true
        default:
            break
        }
        if case .string(let read) = YAMLReader.resolvePlain(s), read == s { return false }
        return true
    }
}
