import Foundation
import SluiceCore

/// Helm's `strvals`: `--set a.b=1,list[0]=x,arr={a,b}` parsed into values.
///
/// Keys split on `.`, lists index with `[N]`, `\` escapes the next character, `{a,b}` is a list; values typed as Helm
/// types them (`true`/`false`, `null`, integers as `int64` unless they start with `0`, else strings), or kept as strings
/// (`--set-string`), read from a file (`--set-file`), parsed as JSON (`--set-json`), or taken literally (`--set-literal`).
public struct StrvalsParser {
    /// How values on the right of `=` are read.
    public enum Mode: Sendable {
        /// `--set`: typed.
        case typed
        /// `--set-string`: strings.
        case string
        /// `--set-json`: JSON values.
        case json
        /// `--set-file`: the value names a file whose contents become the string.
        case file(@Sendable (String) throws -> String)
        /// `--set-literal`: the whole rest of the argument, verbatim.
        case literal
    }

    /// Helm's `MaxIndex`.
    static let maxIndex = 65536
    /// Helm's `MaxNestedNameLevel`.
    static let maxNestedNameLevel = 30

    private var scalars: [Character]
    private var position = 0
    private let mode: Mode

    private init(_ text: String, mode: Mode) {
        scalars = Array(text)
        self.mode = mode
    }

    /// Parses `text` into `values`.
    ///
    /// - Throws: ``HelmError`` with Helm's message (the caller adds `failed parsing --set data: `).
    public static func parse(_ text: String, into values: inout JSONObject, mode: Mode) throws(HelmError) {
        var parser = StrvalsParser(text, mode: mode)
        if case .literal = mode {
            try parser.literalKey(&values, level: 0)
            return
        }
        while true {
            let done = try parser.key(&values, level: 0)
            if done { return }
        }
    }

    private struct EndOfInput: Error {}

    private static func fail(_ message: String) -> HelmError { HelmError(.values, message) }

    private mutating func readUntil(_ stop: Set<Character>, escapes: Bool = true) -> (text: String, last: Character?) {
        var text = ""
        while position < scalars.count {
            let c = scalars[position]
            position += 1
            if stop.contains(c) { return (text, c) }
            if escapes, c == "\\" {
                guard position < scalars.count else { return (text, nil) }
                text.append(scalars[position])
                position += 1
                continue
            }
            text.append(c)
        }
        return (text, nil)
    }

    /// One `key…=value` item; returns true at the end of input.
    private mutating func key(_ data: inout JSONObject, level: Int) throws(HelmError) -> Bool {
        let (k, last) = readUntil(["=", "[", ",", "."])
        guard let last else {
            if k.isEmpty { return true }
            throw Self.fail("key \(GoQuote.quote(k)) has no value")
        }
        switch last {
        case "[":
            let index = try keyIndex()
            var list = data[k]?.arrayValue ?? []
            let result = try listItem(&list, index, level: level)
            if !k.isEmpty { data[k] = .array(list) }
            return result
        case "=":
            if case .json = mode {
                if emptyValue() { set(&data, k, .null); return position >= scalars.count }
                let value = try jsonValue()
                set(&data, k, value)
                _ = emptyValue()
                return position >= scalars.count
            }
            if let list = try valueList() {
                set(&data, k, .array(list))
                return position >= scalars.count
            }
            if position >= scalars.count { set(&data, k, .string("")); return true }
            let (text, _) = readUntil([","])
            set(&data, k, try typed(text))
            return position >= scalars.count
        case ",":
            set(&data, k, .string(""))
            throw Self.fail("key \(GoQuote.quote(k)) has no value (cannot end with ,)")
        default:  // "."
            guard level + 1 <= Self.maxNestedNameLevel else {
                throw Self.fail("value name nested level is greater than maximum supported nested level of \(Self.maxNestedNameLevel)")
            }
            var inner = data[k]?.objectValue ?? JSONObject()
            let done: Bool
            do { done = try key(&inner, level: level + 1) } catch {
                if !inner.isEmpty { set(&data, k, .object(inner)) }
                throw error
            }
            if inner.isEmpty { throw Self.fail("key map \(GoQuote.quote(k)) has no value") }
            set(&data, k, .object(inner))
            return done
        }
    }

    private func set(_ data: inout JSONObject, _ key: String, _ value: JSONValue) {
        if key.isEmpty { return }
        data[key] = value
    }

    private mutating func keyIndex() throws(HelmError) -> Int {
        let (text, last) = readUntil(["]"])
        guard last != nil else { throw Self.fail("error parsing index: EOF") }
        guard let index = Int(text) else {
            throw Self.fail("error parsing index: strconv.Atoi: parsing \(GoQuote.quote(text)): invalid syntax")
        }
        return index
    }

    private func setIndex(_ list: inout [JSONValue], _ index: Int, _ value: JSONValue) throws(HelmError) {
        if index < 0 { throw Self.fail("negative \(index) index not allowed") }
        if index > Self.maxIndex { throw Self.fail("index of \(index) is greater than maximum supported index of \(Self.maxIndex)") }
        while list.count <= index { list.append(.null) }
        list[index] = value
    }

    private mutating func listItem(_ list: inout [JSONValue], _ index: Int, level: Int) throws(HelmError) -> Bool {
        if index < 0 { throw Self.fail("negative \(index) index not allowed") }
        let (k, last) = readUntil(["[", ".", "="])
        if !k.isEmpty { throw Self.fail("unexpected data at end of array index: \(GoQuote.quote(k))") }
        guard let last else { throw Self.fail("EOF") }
        switch last {
        case "=":
            if case .json = mode {
                if emptyValue() { try setIndex(&list, index, .null); return position >= scalars.count }
                try setIndex(&list, index, try jsonValue())
                _ = emptyValue()
                return position >= scalars.count
            }
            if let values = try valueList() {
                try setIndex(&list, index, .array(values))
                return position >= scalars.count
            }
            if position >= scalars.count { try setIndex(&list, index, .string("")); return true }
            let (text, _) = readUntil([","])
            try setIndex(&list, index, try typed(text))
            return position >= scalars.count
        case "[":
            let next = try keyIndex()
            var inner = index < list.count ? (list[index].arrayValue ?? []) : []
            let done = try listItem(&inner, next, level: level)
            try setIndex(&list, index, .array(inner))
            return done
        default:  // "."
            var inner = index < list.count ? (list[index].objectValue ?? JSONObject()) : JSONObject()
            let done = try key(&inner, level: level)
            try setIndex(&list, index, .object(inner))
            return done
        }
    }

    /// Skips spaces; true when at the end or at a `,` (consumed).
    private mutating func emptyValue() -> Bool {
        while position < scalars.count {
            let c = scalars[position]
            if c == "," { position += 1; return true }
            if !c.isWhitespace { return false }
            position += 1
        }
        return true
    }

    private mutating func jsonValue() throws(HelmError) -> JSONValue {
        let rest = String(scalars[position...])
        guard let (value, consumed) = JSONPrefixDecoder.decode(rest) else {
            throw Self.fail("invalid JSON in \(GoQuote.quote(rest))")
        }
        position += consumed
        return ValuesReader.normalised(value)
    }

    /// `{a,b}` when the value starts with `{`; nil (nothing consumed) otherwise.
    private mutating func valueList() throws(HelmError) -> [JSONValue]? {
        guard position < scalars.count, scalars[position] == "{" else { return nil }
        position += 1
        var list: [JSONValue] = []
        while true {
            let (text, last) = readUntil([",", "}"])
            guard let last else { throw Self.fail("list must terminate with '}'") }
            if last == "}" {
                if position < scalars.count, scalars[position] == "," { position += 1 }
                list.append(try typed(text))
                return list
            }
            list.append(try typed(text))
        }
    }

    private func typed(_ text: String) throws(HelmError) -> JSONValue {
        switch mode {
        case .string, .literal: return .string(text)
        case .file(let read):
            do { return .string(try read(text)) } catch { throw Self.fail("\(error)") }
        case .json, .typed:
            break
        }
        let lower = text.lowercased()
        if lower == "true" { return .bool(true) }
        if lower == "false" { return .bool(false) }
        if lower == "null" { return .null }
        if text == "0" { return .int(0) }
        if let first = text.first, first != "0", let value = Int64(text.first == "+" ? String(text.dropFirst()) : text) {
            return .int(value)
        }
        return .string(text)
    }

    private mutating func literalKey(_ data: inout JSONObject, level: Int) throws(HelmError) {
        let (k, last) = readUntil(["=", "[", "."], escapes: false)
        guard let last else {
            if k.isEmpty { return }
            throw Self.fail("key \(GoQuote.quote(k)) has no value")
        }
        switch last {
        case "=":
            set(&data, k, .string(String(scalars[position...])))
            position = scalars.count
        case ".":
            guard level + 1 <= Self.maxNestedNameLevel else {
                throw Self.fail("value name nested level is greater than maximum supported nested level of \(Self.maxNestedNameLevel)")
            }
            var inner = data[k]?.objectValue ?? JSONObject()
            try literalKey(&inner, level: level + 1)
            if inner.isEmpty { throw Self.fail("key map \(GoQuote.quote(k)) has no value") }
            set(&data, k, .object(inner))
        default:
            throw Self.fail("--set-literal list indexes are not supported: \(GoQuote.quote(k))")
        }
    }
}
