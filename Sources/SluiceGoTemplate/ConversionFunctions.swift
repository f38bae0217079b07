import SluiceCore

/// Sprig's conversions (`atoi`, `int`, `int64`, `float64`, `toString`, `toStrings`, `toDecimal`) and the casts
/// (spf13/cast) every numeric function uses.
enum ConversionFunctions {
    static func register(in table: inout FunctionTable) {
        table.add("atoi", [.string]) { _, args in .int(Int(args[0].stringValue!) ?? 0) }
        table.add("int", [.any]) { _, args in .int(Int(toInt64(args[0]))) }
        table.add("int64", [.any]) { _, args in .int64(toInt64(args[0])) }
        table.add("float64", [.any]) { _, args in .float64(toFloat64(args[0])) }
        table.add("toString", [.any]) { _, args in .string(strval(args[0])) }
        table.add("toStrings", [.any]) { _, args throws(FunctionError) in .strings(try strslice(args[0])) }
        table.add("toDecimal", [.any]) { _, args in
            let text = GoFormatter.sprint([args[0]])
            guard let value = Int64(text, radix: 8) else { return .int64(0) }
            return .int64(value)
        }
    }

    /// Sprig's `strval`: a string as is, a version by its `String()`, anything else as `%v`.
    static func strval(_ value: GoValue) -> String {
        switch value {
        case .string(let s): return s
        case .version(let v): return v.description
        case .time(let t): return t.description
        default: return GoFormatter.string(value)
        }
    }

    /// Sprig's `strslice`: the elements of a slice as strings (nil elements dropped), or the one value.
    static func strslice(_ value: GoValue) throws(FunctionError) -> [String] {
        switch value {
        case .slice(let elements, _): return elements.filter { !$0.isNil }.map(strval)
        case .missing, .null: return []
        default: return [strval(value)]
        }
    }

    /// Go's `int64(f)` on amd64: truncation, with out-of-range values becoming the minimum.
    static func truncate(_ d: Double) -> Int64 {
        guard d.isFinite, d > -9.223372036854775808e18, d < 9.223372036854775807e18 else { return Int64.min }
        return Int64(d)
    }

    /// `cast.ToInt64`: numbers truncated, strings parsed as Go literals (`0x1F`, `010`, `1.0`), booleans 1 or 0, anything else 0.
    static func toInt64(_ value: GoValue) -> Int64 {
        switch value {
        case .int(let i): return Int64(i)
        case .int64(let i): return i
        case .uint8(let i): return Int64(i)
        case .float64(let d): return truncate(d)
        case .bool(let b): return b ? 1 : 0
        case .string(let s): return NumberLiteral.parseSigned(trimZeroDecimal(s)) ?? 0
        case .named(let named) where castsAsInt(named): return toInt64(named.underlying)
        default: return 0
        }
    }

    /// cast v1.7's `toInt`: `time.Month` and `time.Weekday` are integers to it; other named types (a `time.Duration`) are not.
    static func castsAsInt(_ named: GoNamed) -> Bool { named.typeName == "time.Month" || named.typeName == "time.Weekday" }

    /// `cast.ToFloat64`.
    static func toFloat64(_ value: GoValue) -> Double {
        switch value {
        case .int(let i): return Double(i)
        case .int64(let i): return Double(i)
        case .uint8(let i): return Double(i)
        case .float64(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .string(let s): return NumberLiteral.parseFloat(s) ?? 0
        case .named(let named) where castsAsInt(named): return toFloat64(named.underlying)
        default: return 0
        }
    }

    /// cast's `trimZeroDecimal`: `"1.0"` → `"1"`.
    static func trimZeroDecimal(_ s: String) -> String {
        var foundZero = false
        let bytes = Array(s.utf8)
        var i = bytes.count
        while i > 0 {
            switch bytes[i - 1] {
            case UInt8(ascii: "."):
                if foundZero { return String(decoding: bytes[..<(i - 1)], as: UTF8.self) }
                return s
            case UInt8(ascii: "0"):
                foundZero = true
            default:
                return s
            }
            i -= 1
        }
        return s
    }
}
