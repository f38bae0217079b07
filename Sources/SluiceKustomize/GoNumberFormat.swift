/// Numbers as they come out of kustomize's JSON-then-YAML round trip (Go's `encoding/json`, then go-yaml v2's `%g`).
enum GoNumberFormat {
    /// A floating-point value as kustomize prints it: integral values as integers, others in Go's shortest `%g`.
    static func yamlFloat(_ value: Double) -> String {
        if value.isNaN { return ".nan" }
        if value.isInfinite { return value < 0 ? "-.inf" : ".inf" }
        if value == value.rounded(), abs(value) < 9.2e18 { return String(Int64(value)) }
        // Unsigned 64-bit integers (which YAML reads beyond Int64) print as integers too.
        if value == value.rounded(), value >= 0, value < 18_446_744_073_709_551_616.0 { return String(UInt64(value)) }
        return shortestG(value)
    }

    /// Go's `strconv.FormatFloat(v, 'g', -1, 64)`.
    static func shortestG(_ value: Double) -> String {
        let (digits, decimalPoint) = shortestDigits(value)
        let exp = decimalPoint - 1
        let sign = value < 0 ? "-" : ""
        if exp < -4 || exp >= 6 {
            var mantissa = String(digits.first!)
            if digits.count > 1 { mantissa += "." + digits.dropFirst() }
            let magnitude = abs(exp)
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
        }
        return sign + fixed(digits, decimalPoint)
    }

    /// Go's `encoding/json` for a float64 (every JSON number kustomize decodes into an interface is one):
    /// `'f'` layout of the shortest digits from 1e-6 up to 1e21, `'e'` beyond, with a one-digit negative exponent
    /// written as such (`1e-7`, but `1e+21`). Never traps, whatever the magnitude.
    static func json(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Inf" : "+Inf") }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let (digits, decimalPoint) = shortestDigits(value)
        let sign = value < 0 ? "-" : ""
        let magnitude = abs(value)
        guard magnitude < 1e-6 || magnitude >= 1e21 else { return sign + fixed(digits, decimalPoint) }
        let exp = decimalPoint - 1
        var mantissa = String(digits.first!)
        if digits.count > 1 { mantissa += "." + digits.dropFirst() }
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (exp >= 0 && exp < 10 ? "0" : "") + String(abs(exp))
    }

    /// The shortest round-trip decimal digits of |value| (no leading or trailing zeros) and where the point goes.
    private static func shortestDigits(_ value: Double) -> (digits: String, decimalPoint: Int) {
        // Swift's description gives the shortest round-trip digits; re-layout them as Go does.
        var text = "\(abs(value))"
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        var digits = text.replacingAll(".", with: "")
        let pointIndex = text.firstIndex(of: ".").map { text.distance(from: text.startIndex, to: $0) } ?? text.count
        var decimalPoint = pointIndex + exponent
        // Strip leading zeros (adjusting the point) and trailing zeros.
        while digits.count > 1 && digits.first == "0" { digits.removeFirst(); decimalPoint -= 1 }
        while digits.count > 1 && digits.last == "0" { digits.removeLast() }
        return (digits, decimalPoint)
    }

    /// Digits laid out without an exponent (Go's `'f'` with precision -1).
    private static func fixed(_ digits: String, _ decimalPoint: Int) -> String {
        if decimalPoint <= 0 { return "0." + String(repeating: "0", count: -decimalPoint) + digits }
        if decimalPoint >= digits.count { return digits + String(repeating: "0", count: decimalPoint - digits.count) }
        let index = digits.index(digits.startIndex, offsetBy: decimalPoint)
        return digits[..<index] + "." + digits[index...]
    }
}
