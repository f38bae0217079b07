/// How many times each template is being `include`d at once, shared by a render and its `tpl` calls (Helm's `includedNames`).
final class IncludeCounter {
    var counts: [String: Int] = [:]

    init() {}
}
