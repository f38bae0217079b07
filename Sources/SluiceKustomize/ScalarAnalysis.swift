/// libyaml's `yaml_emitter_analyze_scalar`: which styles can represent a string.
struct ScalarAnalysis {
    var multiline = false
    var blockPlainAllowed = true
    var singleQuotedAllowed = true
    var blockAllowed = true

    static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        // go-yaml v2 treats characters beyond the Basic Multilingual Plane as unprintable (they come out escaped).
        return v == 0x0A || (v >= 0x20 && v <= 0x7E) || (v >= 0xA0 && v <= 0xD7FF)
            || (v >= 0xE000 && v <= 0xFFFD && v != 0xFEFF)
    }

    init(_ value: [Unicode.Scalar]) {
        if value.isEmpty {
            blockAllowed = false
            return
        }
        var blockIndicators = false
        var lineBreaks = false
        var specialCharacters = false
        var leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false
        var breakSpace = false, spaceBreak = false
        var precededByWhitespace = true
        var previousSpace = false, previousBreak = false
        // A document marker at the start: `---` or `...`.
        if value.count >= 3, value[0] == "-" || value[0] == ".", value[1] == value[0], value[2] == value[0] { blockIndicators = true }
        let isBlank = { (c: Unicode.Scalar?) -> Bool in c == nil || c == " " || c == "\t" || YAMLWriterState.isBreak(c) }
        for i in value.indices {
            let c = value[i]
            let followedByWhitespace = i + 1 >= value.count || isBlank(value[i + 1])
            if i == 0 {
                switch c {
                case "#", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`":
                    blockIndicators = true
                case "?", ":":
                    if followedByWhitespace { blockIndicators = true }
                case "-":
                    if followedByWhitespace { blockIndicators = true }
                default: break
                }
            } else {
                switch c {
                case ":":
                    if followedByWhitespace { blockIndicators = true }
                case "#":
                    if precededByWhitespace { blockIndicators = true }
                default: break
                }
            }
            if !Self.isPrintable(c) { specialCharacters = true }
            if c == " " {
                if i == 0 { leadingSpace = true }
                if i == value.count - 1 { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if YAMLWriterState.isBreak(c) {
                lineBreaks = true
                if i == 0 { leadingBreak = true }
                if i == value.count - 1 { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = isBlank(c)
        }
        multiline = lineBreaks
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak { blockPlainAllowed = false }
        if trailingSpace { blockAllowed = false }
        if breakSpace { blockPlainAllowed = false; singleQuotedAllowed = false }
        if spaceBreak || specialCharacters { blockPlainAllowed = false; singleQuotedAllowed = false; blockAllowed = false }
        if lineBreaks { blockPlainAllowed = false }
        if blockIndicators { blockPlainAllowed = false }
    }
}
