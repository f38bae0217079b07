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
        let exp = decimalPoint - 1
        let sign = value < 0 ? "-" : ""
        if exp < -4 || exp >= 6 {
            var mantissa = String(digits.first!)
            if digits.count > 1 { mantissa += "." + digits.dropFirst() }
            let magnitude = abs(exp)
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
        }
        if decimalPoint <= 0 { return sign + "0." + String(repeating: "0", count: -decimalPoint) + digits }
        if decimalPoint >= digits.count { return sign + digits + String(repeating: "0", count: decimalPoint - digits.count) }
        let index = digits.index(digits.startIndex, offsetBy: decimalPoint)
        return sign + digits[..<index] + "." + digits[index...]
    }
}
