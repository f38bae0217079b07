import Foundation

/// Go's `strconv` float spellings: the shortest `%v`/`%g`, precision-bound `%e`/`%f`/`%g`, and `encoding/json`'s.
package enum GoFloat {
    /// The shortest decimal digits that read back as `magnitude` (finite, non-zero) in its own precision, and where the
    /// decimal point goes: `0.DIGITS × 10^point`.
    static func shortestDigits<Number: BinaryFloatingPoint & CustomStringConvertible>(_ magnitude: Number) -> (digits: [UInt8], point: Int) {
        let text = magnitude.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let integerPart = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        var digits = Array((integerPart + fraction).utf8)
        var point = integerPart.utf8.count + exponent
        while digits.first == UInt8(ascii: "0") { digits.removeFirst(); point -= 1 }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (digits, point)
    }

    /// `strconv.FormatFloat(d, 'g', -1, 64)`: what `%v` prints for a float64 (`1.234567e+06`, `0.25`, `3`).
    package static func shortest(_ d: Double, upper: Bool = false) -> String {
        shortestG(d, upper: upper)
    }

    /// `strconv.FormatFloat(d, 'g', -1, 32)`: `d` rounded to a float32 and spelled with the fewest digits that read
    /// back as that float32 (`1.2345679e+08`). sigs.k8s.io/yaml spells a YAML float this way when it lands in a Go
    /// `string` field (`appVersion: 1.10` in `Chart.yaml`, a numeric annotation).
    package static func shortest32(_ d: Double) -> String {
        shortestG(Float(d), upper: false)
    }

    private static func shortestG<Number: BinaryFloatingPoint & CustomStringConvertible>(_ d: Number, upper: Bool) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
        let sign = d.sign == .minus ? "-" : ""
        if d == 0 { return sign + "0" }
        let (digits, point) = shortestDigits(abs(d))
        let exponent = point - 1
        if exponent < -4 || exponent >= 6 {
            return sign + exponential(digits, exponent: exponent, upper: upper)
        }
        return sign + fixed(digits, point: point)
    }

    /// `strconv.FormatFloat(d, 'e', -1, 64)`.
    static func shortestExponential(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
        let sign = d.sign == .minus ? "-" : ""
        if d == 0 { return sign + "0e+00" }
        let (digits, point) = shortestDigits(abs(d))
        return sign + exponential(digits, exponent: point - 1, upper: false)
    }

    /// `strconv.FormatFloat(d, 'f', -1, 64)`.
    static func shortestFixed(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
        let sign = d.sign == .minus ? "-" : ""
        if d == 0 { return sign + "0" }
        let (digits, point) = shortestDigits(abs(d))
        return sign + fixed(digits, point: point)
    }

    /// How `encoding/json` writes a float64: fixed notation between 1e-6 and 1e21, else `1e-7` style.
    package static func json(_ d: Double) -> String {
        let magnitude = abs(d)
        if magnitude != 0, magnitude < 1e-6 || magnitude >= 1e21 {
            var text = shortestExponential(d)
            // Go cleans up e-09 to e-9.
            let bytes = Array(text.utf8)
            let n = bytes.count
            if n >= 4, bytes[n - 4] == UInt8(ascii: "e"), bytes[n - 3] == UInt8(ascii: "-"), bytes[n - 2] == UInt8(ascii: "0") {
                text = String(decoding: bytes[..<(n - 2)] + [bytes[n - 1]], as: UTF8.self)
            }
            return text
        }
        return shortestFixed(d)
    }

    /// A C-formatted float with explicit precision (`%.2f`, `%e`, `%.3g`), which rounds exactly as Go does.
    static func formatted(_ d: Double, verb: Character, precision: Int) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
        return String(format: "%.\(precision)\(verb)", d)
    }

    /// `strconv.FormatFloat(d, 'x', -1, 64)`: `0x1.cp+01`.
    static func hexadecimal(_ d: Double, upper: Bool) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Inf" : "+Inf" }
        let sign = d.sign == .minus ? "-" : ""
        var text: String
        if d == 0 {
            text = "0x0p+00"
        } else {
            let magnitude = abs(d)
            var exponent = Int(magnitude.exponent)
            var fraction = magnitude.significandBitPattern
            if magnitude.isSubnormal {
                // Normalize: shift the leading 1 into the implicit bit.
                let shift = fraction.leadingZeroBitCount - 11
                fraction = (fraction << UInt64(shift + 1)) & ((1 << 52) - 1)
                exponent = -1022 - (shift + 1)
            }
            var digits = String(fraction, radix: 16)
            digits = String(repeating: "0", count: 13 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            let magnitudeText = abs(exponent) < 10 ? "0\(abs(exponent))" : "\(abs(exponent))"
            text = "0x1" + (digits.isEmpty ? "" : "." + digits) + "p" + (exponent < 0 ? "-" : "+") + magnitudeText
        }
        return sign + (upper ? text.uppercased() : text)
    }

    private static func exponential(_ digits: [UInt8], exponent: Int, upper: Bool) -> String {
        var out = String(UnicodeScalar(digits[0]))
        if digits.count > 1 {
            out += "." + String(decoding: digits[1...], as: UTF8.self)
        }
        out += upper ? "E" : "e"
        out += exponent < 0 ? "-" : "+"
        let magnitude = abs(exponent)
        out += magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
        return out
    }

    private static func fixed(_ digits: [UInt8], point: Int) -> String {
        let text = String(decoding: digits, as: UTF8.self)
        if point <= 0 { return "0." + String(repeating: "0", count: -point) + text }
        if point >= digits.count { return text + String(repeating: "0", count: point - digits.count) }
        return String(decoding: digits[..<point], as: UTF8.self) + "." + String(decoding: digits[point...], as: UTF8.self)
    }
}
