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
    /// Whose quoting rules apply.
    public var dialect: Dialect = .kyaml

    /// Whose rules decide which strings are quoted.
    public enum Dialect: Sendable {
        /// kyaml's (kustomize, Flux): keys plain, values quoted when a YAML 1.1 or 1.2 reader would misread them.
        case kyaml
        /// Go's yaml.v2 (Helm's `toYaml`): keys and values quoted when YAML 1.1 would misread them
        /// (`y`, `no`, `1:20`, timestamps), every multi-line string a literal block.
        case goYAMLv2
    }

    /// A writer that never folds lines.
    public init() {
        self.init(lineWidth: -1)
    }

    /// A writer folding at `lineWidth` (-1: never) and spelling floats with `floatFormatter` when given.
    public init(lineWidth: Int, floatFormatter: (@Sendable (Double) -> String)? = nil, dialect: Dialect = .kyaml) {
        self.lineWidth = lineWidth
        self.floatFormatter = floatFormatter
        self.dialect = dialect
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
        case .string(let s): return Node.scalar(dialect == .goYAMLv2 ? Self.goYAMLv2Scalar(s) : Self.scalar(s))
        case .array(let elements): return Node.sequence(.init(elements.map(node)))
        case .object(let object):
            if dialect == .goYAMLv2 {
                return Node.mapping(.init(object.members.map { (Node.scalar(Self.goYAMLv2Scalar($0.key)), node($0.value)) }))
            }
            return Node.mapping(.init(object.members.map { (Node($0.key), node($0.value)) }))
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

    /// A string as yaml.v2 writes it: a literal block when it has a line break (libyaml falls back to double quotes
    /// where a block cannot hold it), double-quoted when YAML 1.1 would read it as something else.
    static func goYAMLv2Scalar(_ s: String) -> Node.Scalar {
        if s.contains("\n") { return .init(s, Tag(.str), .literal) }
        return .init(s, Tag(.str), isAmbiguousInYAML11(s) ? .doubleQuoted : .any)
    }

    /// Whether yaml.v2 would read a plain `s` as something other than this string: YAML 1.1 booleans and nulls,
    /// numbers (with `_`, `0x`, `0o`, `0b`), base-60 floats (`1:20`) and timestamps.
    public static func isAmbiguousInYAML11(_ s: String) -> Bool {
        switch s {
        case "", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF":
            return true
        default:
            break
        }
        if isBase60Float(s) { return true }
        if case .string(let read) = YAMLReader.resolvePlain(s), read == s { return false }
        return true
    }

    /// yaml.v2's `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
    static func isBase60Float(_ s: String) -> Bool {
        var bytes = Substring(s).utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
        guard let first = bytes.first, isDigit(first) else { return false }
        bytes = bytes.dropFirst().drop { isDigit($0) || $0 == UInt8(ascii: "_") }
        var groups = 0
        while bytes.first == UInt8(ascii: ":") {
            bytes = bytes.dropFirst()
            let digits = bytes.prefix { isDigit($0) }
            guard (1...2).contains(digits.count) else { return false }
            if digits.count == 2, digits.first! > UInt8(ascii: "5") { return false }
            bytes = bytes.dropFirst(digits.count)
            groups += 1
        }
        guard groups > 0 else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst().drop { isDigit($0) || $0 == UInt8(ascii: "_") }
        }
        return bytes.isEmpty
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
