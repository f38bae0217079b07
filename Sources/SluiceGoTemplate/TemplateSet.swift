import Foundation
import SluiceCore

/// Named Go templates parsed into one set, so `template`, `include` and `tpl` reach across texts as they do in Helm,
/// rendered with Go's `text/template` semantics, Sprig's functions and Helm's.
///
/// ```swift
/// var set = TemplateSet()
/// try set.parse(name: "mychart/templates/_helpers.tpl", text: helpers)
/// try set.parse(name: "mychart/templates/deployment.yaml", text: deployment)
/// let yaml = try set.render("mychart/templates/deployment.yaml", data: values)
/// ```
///
/// Later texts replace earlier templates of the same name, except that an empty body never replaces a non-empty one
/// (Go's rule, which makes `block` overridable). The defaults are Helm's: `missingkey=zero`, and `<no value>` removed
/// from what renders.
public struct TemplateSet: Sendable {
    /// The set's own name: Go names it in `no template "x" associated with template "NAME"` (Helm's is `gotpl`).
    public var name: String
    /// What a missing map key evaluates to (Helm: `.zero`; `--strict`: `.error`).
    public var missingKey: MissingKeyPolicy
    /// Whether `<no value>` is removed from rendered text, as Helm does after rendering and in `tpl`.
    public var removesNoValue: Bool
    /// The deepest nesting of `template`, `include` and `tpl` calls before rendering stops with an error.
    public var maxDepth: Int
    /// The most bytes one template's output may reach before rendering stops with an error (hostile charts that
    /// build huge strings fail cleanly instead of exhausting memory).
    public var maxOutputSize: Int
    /// The clock Sprig's `now`, `ago`, `durationRound` (of a time) and the date functions' "now" default read;
    /// tests fix it so renders are reproducible.
    public var now: @Sendable () -> Date
    /// The zone Go calls `Local` (what `date`, `htmlDate`, `now` and `toDate` use).
    public var localTimeZone: TimeZone
    /// What `lookup` calls; nil finds nothing (an empty map), as `helm template` does.
    public var lookup: TemplateLookup?
    /// The time limit and cancellation of renders of this set; nil renders without a limit.
    public var budget: RenderBudget?
    /// What Sprig's `getHostByName` resolves a name with (its addresses); nil, the default, is Helm's behaviour without
    /// `--enable-dns`: every name renders as "". The engine never touches the network itself.
    public var hostResolver: (@Sendable (String) -> [String])?
    var templates: [String: ParsedTemplate] = [:]
    let functions: FunctionTable

    /// An empty set with Helm's defaults.
    public init(name: String = "gotpl", missingKey: MissingKeyPolicy = .zero, removesNoValue: Bool = true, maxDepth: Int = 100,
                maxOutputSize: Int = 256 << 20, now: @escaping @Sendable () -> Date = { Date() }, localTimeZone: TimeZone = .current) {
        self.now = now
        self.localTimeZone = localTimeZone
        self.name = name
        self.maxOutputSize = maxOutputSize
        self.missingKey = missingKey
        self.removesNoValue = removesNoValue
        self.maxDepth = maxDepth
        self.functions = FunctionTable.helm()
    }

    /// The names of the templates in the set, sorted.
    public var templateNames: [String] { templates.keys.sorted() }

    /// Whether a template called `name` is in the set.
    public func contains(_ name: String) -> Bool { templates[name] != nil }

    /// Parses `text` as the template `name`, adding it and every template it `define`s or `block`s.
    ///
    /// - Throws: ``GoTemplateError`` of kind `.parse` with Go's message (`template: NAME:LINE: …`); the set is unchanged then.
    public mutating func parse(name: String, text: String) throws(GoTemplateError) {
        let functions = self.functions
        let trees: [ParsedTemplate]
        do {
            trees = try Parser.parse(name: name, text: text) { functions[$0] != nil }
        } catch {
            throw GoTemplateError(kind: .parse, message: error.message)
        }
        for tree in trees {
            if let existing = templates[tree.name], Node.isEmpty(tree.root), !Node.isEmpty(existing.root) { continue }
            templates[tree.name] = tree
        }
    }

    /// Renders the template `name` with `data` as dot: Helm's values object (`.Values`, `.Release`, `.Chart`, …).
    ///
    /// JSON numbers become Go `float64`s, as Helm reads values.
    ///
    /// - Throws: ``GoTemplateError`` of kind `.execution` with Go's message.
    public func render(_ name: String, data: JSONValue) throws(GoTemplateError) -> String {
        try render(name, dot: GoValue(json: data))
    }

    /// Renders the template `name` with `data` as dot, where numbers keep their Go types and maps may carry methods
    /// (Helm's `.Files`, `.Capabilities.APIVersions`).
    ///
    /// - Throws: ``GoTemplateError`` of kind `.execution` with Go's message.
    public func render(_ name: String, with data: TemplateData) throws(GoTemplateError) -> String {
        try render(name, dot: GoValue(data: data))
    }

    func render(_ name: String, dot: GoValue, includeCounts: IncludeCounter = IncludeCounter(), depth: Int = 0) throws(GoTemplateError) -> String {
        guard let template = templates[name] else {
            throw GoTemplateError(kind: .execution, message: "template: no template \(GoQuote.quote(name)) associated with template \(GoQuote.quote(self.name))")
        }
        let executor = Executor(set: self, template: template, dot: Slot(dot), includeCounts: includeCounts, depth: depth)
        var output = try executor.run()
        if removesNoValue { output = GoString.replaceAll(output, "<no value>", "") }
        return output
    }
}
