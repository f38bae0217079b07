import Foundation
import SluiceCore
import SluiceGoTemplate

/// `.Files` of a chart: its non-template files by path, with Helm's methods `Get`, `GetBytes`, `Glob`, `Lines`,
/// `AsConfig` and `AsSecrets`.
struct ChartFiles: Sendable {
    /// The files by path.
    let files: [String: [UInt8]]

    init(_ files: [ChartFile]) {
        var map: [String: [UInt8]] = [:]
        for file in files { map[file.name] = file.data }
        self.files = map
    }

    private init(map: [String: [UInt8]]) { files = map }

    /// The template value: a map of path to bytes carrying the methods.
    var templateData: TemplateData {
        let files = self.files
        var methods: [String: TemplateMethod] = [:]
        methods["Get"] = TemplateMethod(arity: 1) { args in .string(files[args[0]].map { String(decoding: $0, as: UTF8.self) } ?? "") }
        methods["GetBytes"] = TemplateMethod(arity: 1) { args in .bytes(files[args[0]] ?? []) }
        methods["Glob"] = TemplateMethod(arity: 1) { args in
            let glob = PathGlob(args[0], doubleStar: true)
            return ChartFiles(map: files.filter { glob.matches($0.key) }).templateData
        }
        methods["Lines"] = TemplateMethod(arity: 1) { args in
            guard let data = files[args[0]] else { return .strings([]) }
            var text = String(decoding: data, as: UTF8.self)
            if text.unicodeScalars.last == "\n" { text.unicodeScalars.removeLast() }
            return .strings(text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) })
        }
        methods["AsConfig"] = TemplateMethod(arity: 0) { _ in
            .string(Self.yaml(files.map { (Self.baseName($0.key), JSONValue.string(String(decoding: $0.value, as: UTF8.self))) }))
        }
        methods["AsSecrets"] = TemplateMethod(arity: 0) { _ in
            .string(Self.yaml(files.map { (Self.baseName($0.key), JSONValue.string(Data($0.value).base64EncodedString())) }))
        }
        return .map(files.mapValues { .bytes($0) }, methods: methods)
    }

    private static func baseName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }

    /// Helm's `toYAML` of a `map[string]string`: keys sorted, no final newline; `{}` when empty.
    private static func yaml(_ members: [(String, JSONValue)]) -> String {
        var object = JSONObject()
        for (key, value) in members.sorted(by: { $0.0 < $1.0 }) { object[key] = value }
        let writer = YAMLWriter(lineWidth: 80, dialect: .goYAMLv2)
        guard var text = try? writer.string(.object(object)) else { return "" }
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
