/// Entry points for Go templates.
public enum GoTemplate {
    /// Parses one text as a template set holding the template `name` and whatever it defines, with Helm's defaults.
    ///
    /// - Throws: ``GoTemplateError`` of kind `.parse`.
    public static func parse(name: String, text: String) throws(GoTemplateError) -> TemplateSet {
        var set = TemplateSet()
        try set.parse(name: name, text: text)
        return set
    }
}
