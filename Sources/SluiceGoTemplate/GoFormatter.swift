import SluiceCore

/// Go's `fmt` package as templates use it: `Sprint`, `Sprintln`, `Sprintf` and `%v` of every ``GoValue``.
struct GoFormatter {
    /// The flags, width and precision of one verb.
    struct Spec {
        var minus = false
        var plus = false
        var sharp = false
        var space = false
        var zero = false
        var width: Int?
        var precision: Int?
    }

    /// `fmt.Sprint`: operands side by side, a space between two operands when neither is a string.
    static func sprint(_ args: [GoValue]) -> String {
        var out = ""
        var previousIsString = false
        for (index, arg) in args.enumerated() {
            let isString = arg.stringValue != nil
            if index > 0, !isString, !previousIsString { out += " " }
            out += format(arg, verb: "v", spec: Spec())
            previousIsString = isString
        }
        return out
    }

    /// `fmt.Sprintln`: operands separated by spaces, and a newline.
    static func sprintln(_ args: [GoValue]) -> String {
        args.map { format($0, verb: "v", spec: Spec()) }.joined(separator: " ") + "\n"
    }

    /// `fmt.Sprintf("%v", value)`.
    static func string(_ value: GoValue) -> String { format(value, verb: "v", spec: Spec()) }

    /// `fmt.Sprintf(format, args...)`, with Go's `%!verb(type=value)`, `%!v(MISSING)` and `%!(EXTRA …)` for mistakes.
    static func sprintf(_ format: String, _ args: [GoValue]) -> String {
        let scalars = Array(format.unicodeScalars)
        var out = ""
        var argIndex = 0
        var reordered = false
        var index = 0
        while index < scalars.count {
            let c = scalars[index]
            if c != "%" {
                out.unicodeScalars.append(c)
                index += 1
                continue
            }
            index += 1
            var spec = Spec()
            // Flags.
            flags: while index < scalars.count {
                switch scalars[index] {
                case "-": spec.minus = true; spec.zero = false
                case "+": spec.plus = true
                case "#": spec.sharp = true
                case " ": spec.space = true
                case "0": spec.zero = !spec.minus
                default: break flags
                }
                index += 1
            }
            // Argument index, width, precision.
            func argumentIndex() {
                guard index < scalars.count, scalars[index] == "[" else { return }
                var end = index + 1
                while end < scalars.count, scalars[end] != "]" { end += 1 }
                if end < scalars.count, let n = Int(String(String.UnicodeScalarView(scalars[(index + 1)..<end]))), n >= 1 {
                    argIndex = n - 1
                    reordered = true
                }
                index = min(end + 1, scalars.count)
            }
            func number() -> Int? {
                var value: Int?
                while index < scalars.count, ("0"..."9").contains(scalars[index]) {
                    // Go refuses widths and precisions over 1e6 (%!(BADWIDTH)); stop growing there.
                    value = min((value ?? 0) * 10 + Int(scalars[index].value - 48), 1_000_001)
                    index += 1
                }
                return value
            }
            argumentIndex()
            if index < scalars.count, scalars[index] == "*" {
                index += 1
                if argIndex < args.count, let width = intArgument(args[argIndex]) {
                    spec.width = width == Int.min ? 1_000_001 : abs(width)
                    if width < 0 { spec.minus = true; spec.zero = false }
                } else {
                    out += "%!(BADWIDTH)"
                }
                argIndex += 1
            } else {
                spec.width = number()
            }
            if index < scalars.count, scalars[index] == "." {
                index += 1
                argumentIndex()
                if index < scalars.count, scalars[index] == "*" {
                    index += 1
                    if argIndex < args.count, let precision = intArgument(args[argIndex]), precision >= 0 {
                        spec.precision = precision
                    } else {
                        out += "%!(BADPREC)"
                    }
                    argIndex += 1
                } else {
                    spec.precision = number() ?? 0
                }
            }
            argumentIndex()
            guard index < scalars.count else {
                out += "%!(NOVERB)"
                break
            }
            let verb = Character(scalars[index])
            index += 1
            if verb == "%" {
                out += "%"
                continue
            }
            guard argIndex < args.count else {
                out += "%!\(verb)(MISSING)"
                continue
            }
            let arg = args[argIndex]
            argIndex += 1
            if verb == "T" {
                out += pad(arg.typeName, spec: spec)
                continue
            }
            out += Self.format(arg, verb: verb, spec: spec)
        }
        if !reordered, argIndex < args.count {
            out += "%!(EXTRA "
            out += args[argIndex...].map { $0.isNil ? "<nil>" : "\($0.typeName)=\(string($0))" }.joined(separator: ", ")
            out += ")"
        }
        return out
    }

    private static func intArgument(_ value: GoValue) -> Int? {
        switch value {
        case .int(let i): return i
        case .int64(let i): return Int(i)
        case .uint8(let i): return Int(i)
        default: return nil
        }
    }

    /// One operand under one verb, as `fmt` prints a top-level argument.
    static func format(_ value: GoValue, verb: Character, spec: Spec) -> String {
        var spec = spec
        if let width = spec.width, width > 1_000_000 { return "%!(BADWIDTH)" }
        if let precision = spec.precision, precision > 1_000_000 { spec.precision = nil; return "%!(BADPREC)" }
        if value.isNil {
            if verb == "v" || verb == "T" { return pad("<nil>", spec: spec) }
            return "%!\(verb)(<nil>)"
        }
        return printValue(value, verb: verb, spec: spec, depth: 0)
    }

    private static func badVerb(_ value: GoValue, verb: Character) -> String {
        if value.isNil { return "%!\(verb)(<nil>)" }
        return "%!\(verb)(\(value.typeName)=\(printValue(value, verb: "v", spec: Spec(), depth: 0)))"
    }

    private static func printValue(_ value: GoValue, verb: Character, spec: Spec, depth: Int) -> String {
        // Go would recurse until the stack is exhausted on a map that holds itself; stop instead.
        if depth > GoValue.maxNesting { return "..." }
        switch value {
        case .missing, .null:
            return depth == 0 ? pad("<nil>", spec: spec) : "<nil>"
        case .bool(let b):
            guard verb == "v" || verb == "t" else { return badVerb(value, verb: verb) }
            return pad(b ? "true" : "false", spec: spec)
        case .int(let i):
            return formatInteger(negative: i < 0, magnitude: i.magnitude.toUInt64, value: value, verb: verb, spec: spec)
        case .int64(let i):
            return formatInteger(negative: i < 0, magnitude: i.magnitude, value: value, verb: verb, spec: spec)
        case .uint8(let i):
            return formatInteger(negative: false, magnitude: UInt64(i), value: value, verb: verb, spec: spec)
        case .float64(let d):
            return formatFloat(d, value: value, verb: verb, spec: spec)
        case .string(let s):
            return formatString(s, value: value, verb: verb, spec: spec)
        case .version(let version):
            // *semver.Version is a fmt.Stringer.
            return formatString(version.description, value: .string(version.description), verb: verb, spec: spec)
        case .time(let time):
            // time.Time is a fmt.Stringer.
            return formatString(time.description, value: .string(time.description), verb: verb, spec: spec)
        case .named(let named):
            // fmt uses a String() method for %v %s %x %X %q only; other verbs print the underlying value.
            guard let formatted = named.formatted, "vsxXq".contains(verb) else {
                return printValue(named.underlying, verb: verb, spec: spec, depth: depth)
            }
            return formatString(formatted, value: .string(formatted), verb: verb, spec: spec)
        case .slice(let elements, _):
            if verb == "v" && spec.sharp {
                return "\(value.typeName){" + elements.map { goSyntax($0) }.joined(separator: ", ") + "}"
            }
            return "[" + elements.map { printValue($0, verb: verb, spec: spec, depth: depth + 1) }.joined(separator: " ") + "]"
        case .map(let map):
            if verb == "v" && spec.sharp {
                return "\(value.typeName){" + map.sortedEntries.map { "\(GoQuote.quote($0.key)):\(goSyntax($0.value))" }.joined(separator: ", ") + "}"
            }
            return "map[" + map.sortedEntries.map {
                printValue(.string($0.key), verb: verb, spec: spec, depth: depth + 1) + ":" + printValue($0.value, verb: verb, spec: spec, depth: depth + 1)
            }.joined(separator: " ") + "]"
        }
    }

    /// `%#v` of a value inside a collection.
    private static func goSyntax(_ value: GoValue) -> String {
        var spec = Spec()
        spec.sharp = true
        switch value {
        case .missing, .null: return "interface {}(nil)"
        case .string(let s): return GoQuote.quote(s)
        default: return printValue(value, verb: "v", spec: spec, depth: 1)
        }
    }

    private static func formatString(_ s: String, value: GoValue, verb: Character, spec: Spec) -> String {
        switch verb {
        case "v", "s":
            if verb == "v", spec.sharp { return GoQuote.quote(s) }
            var text = s
            if let precision = spec.precision { text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(precision))) }
            return pad(text, spec: spec)
        case "q":
            var text = s
            if let precision = spec.precision { text = String(String.UnicodeScalarView(text.unicodeScalars.prefix(precision))) }
            if spec.sharp, !text.unicodeScalars.contains("`"), text.unicodeScalars.allSatisfy({ $0 == "\t" || GoQuote.isPrint($0) }) {
                return pad("`" + text + "`", spec: spec)
            }
            return pad(GoQuote.quote(text, asciiOnly: spec.plus), spec: spec)
        case "x", "X":
            var bytes = Array(s.utf8)
            if let precision = spec.precision { bytes = Array(bytes.prefix(precision)) }
            var parts: [String] = []
            for byte in bytes {
                var hex = GoQuote.hex(UInt32(byte), width: 2, upper: verb == "X")
                if spec.sharp { hex = (verb == "X" ? "0X" : "0x") + hex }
                parts.append(hex)
            }
            var text = parts.joined(separator: spec.space ? " " : "")
            if spec.sharp, !spec.space, !parts.isEmpty {
                // %#x writes the prefix once.
                text = (verb == "X" ? "0X" : "0x") + parts.map { String($0.dropFirst(2)) }.joined()
            }
            return pad(text, spec: spec)
        default:
            return badVerb(value, verb: verb)
        }
    }

    private static func formatInteger(negative: Bool, magnitude: UInt64, value: GoValue, verb: Character, spec: Spec) -> String {
        var digits: String
        var prefix = ""
        switch verb {
        case "v", "d": digits = String(magnitude)
        case "b":
            digits = String(magnitude, radix: 2)
            if spec.sharp { prefix = "0b" }
        case "o", "O":
            digits = String(magnitude, radix: 8)
            if verb == "O" { prefix = "0o" } else if spec.sharp { prefix = "0" }
        case "x", "X":
            digits = String(magnitude, radix: 16, uppercase: verb == "X")
            if spec.sharp { prefix = verb == "X" ? "0X" : "0x" }
        case "c":
            let scalar = negative ? nil : Unicode.Scalar(UInt32(truncatingIfNeeded: magnitude))
            return pad(String(Character(scalar ?? "\u{FFFD}")), spec: spec)
        case "q":
            return pad(GoQuote.quoteRune(negative ? -1 : Int64(truncatingIfNeeded: magnitude)), spec: spec)
        case "U":
            let hex = String(magnitude, radix: 16, uppercase: true)
            var text = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            if spec.sharp, let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: magnitude)), GoQuote.isPrint(scalar) {
                text += " '\(Character(scalar))'"
            }
            return pad(text, spec: spec)
        default:
            return badVerb(value, verb: verb)
        }
        if let precision = spec.precision {
            if precision == 0, magnitude == 0 { digits = "" }
            if digits.count < precision { digits = String(repeating: "0", count: precision - digits.count) + digits }
        }
        let sign = negative ? "-" : (spec.plus ? "+" : (spec.space ? " " : ""))
        if spec.zero, spec.precision == nil, let width = spec.width, !spec.minus {
            let used = sign.count + prefix.count + digits.count
            if used < width { digits = String(repeating: "0", count: width - used) + digits }
        }
        return pad(sign + prefix + digits, spec: spec)
    }

    private static func formatFloat(_ d: Double, value: GoValue, verb: Character, spec: Spec) -> String {
        var text: String
        switch verb {
        case "v", "g", "G":
            if let precision = spec.precision {
                text = GoFloat.formatted(d, verb: verb == "G" ? "G" : "g", precision: max(precision, 1))
                if precision == 0 { text = GoFloat.formatted(d, verb: verb == "G" ? "G" : "g", precision: 1) }
            } else {
                text = GoFloat.shortest(d, upper: verb == "G")
            }
        case "f", "F":
            text = GoFloat.formatted(d, verb: "f", precision: spec.precision ?? 6)
        case "e", "E":
            text = GoFloat.formatted(d, verb: verb, precision: spec.precision ?? 6)
        case "x", "X":
            text = GoFloat.hexadecimal(d, upper: verb == "X")
        default:
            return badVerb(value, verb: verb)
        }
        if text == "inf" || text == "-inf" || text == "nan" {
            text = d.isNaN ? "NaN" : (d < 0 ? "-Inf" : "+Inf")
        }
        if text.hasPrefix("+Inf") && !spec.plus { text = spec.space ? " Inf" : "+Inf" }
        if !text.hasPrefix("-") && !text.hasPrefix("+") && !d.isNaN {
            if spec.plus { text = "+" + text } else if spec.space { text = " " + text }
        }
        if spec.zero, let width = spec.width, !spec.minus, d.isFinite, text.count < width {
            let signed = text.hasPrefix("-") || text.hasPrefix("+") || text.hasPrefix(" ")
            let sign = signed ? String(text.prefix(1)) : ""
            let body = signed ? String(text.dropFirst()) : text
            return sign + String(repeating: "0", count: width - text.count) + body
        }
        return pad(text, spec: spec)
    }

    /// Pads to the width in runes: on the right with `-`, else on the left (with zeros under `0`).
    static func pad(_ text: String, spec: Spec) -> String {
        guard let width = spec.width, width <= 1_000_000 else { return text }
        let count = text.unicodeScalars.count
        guard count < width else { return text }
        let padding = String(repeating: spec.zero && !spec.minus ? "0" : " ", count: width - count)
        return spec.minus ? text + padding : padding + text
    }
}

extension UInt {
    /// The value as `UInt64`.
    fileprivate var toUInt64: UInt64 { UInt64(self) }
}
