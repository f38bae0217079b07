/// What a template's `lookup apiVersion kind namespace name` calls: the object as a map, a list object
/// (`{apiVersion, kind: KindList, items}`) when `name` is empty, or an empty map when nothing is found — Helm's
/// `lookup` contract (`pkg/engine/lookup_func.go`). A thrown error fails the render as
/// `error calling lookup: ERROR`, at the template and line that called it.
public typealias TemplateLookup = @Sendable (_ apiVersion: String, _ kind: String, _ namespace: String, _ name: String) throws -> TemplateData
