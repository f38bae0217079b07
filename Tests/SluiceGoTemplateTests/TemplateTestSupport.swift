import SluiceCore
import SluiceGoTemplate

/// Helm-shaped values for the unit tests, as the conformance cases use.
enum TemplateTestSupport {
    static let values: JSONValue = .object([
        "Values": .object([
            "name": .string("web"), "replicas": .int(3), "enabled": .bool(true), "off": .bool(false), "big": .int(1_234_567),
            "empty": .string(""), "zero": .int(0), "nil": .null,
            "tags": .array([.string("b"), .string("a"), .string("c")]), "emptyList": .array([]),
            "dup": .array([.string("x"), .string("y"), .string("x")]),
            "labels": .object(["app": .string("web"), "tier": .string("front"), "a.b/c": .string("dotted")]),
            "tplString": .string("{{ .Values.name }}-{{ .Values.replicas }}"),
        ]),
        "Release": .object(["Name": .string("rel")]),
    ])

    /// Renders `text` as the template `t` with ``values``.
    static func render(_ text: String, _ set: TemplateSet = TemplateSet()) throws(GoTemplateError) -> String {
        var set = set
        try set.parse(name: "t", text: text)
        return try set.render("t", data: values)
    }

    /// The message of the error rendering `text` throws, or nil when it renders.
    static func error(_ text: String, _ set: TemplateSet = TemplateSet()) -> String? {
        do {
            _ = try render(text, set)
            return nil
        } catch {
            return error.message
        }
    }
}
