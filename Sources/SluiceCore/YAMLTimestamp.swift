/// YAML timestamps as yaml.v3 recognises them, rewritten as Go writes a `time.Time` in JSON (RFC 3339 with nanoseconds, trailing zeros dropped).
///
/// kustomize decodes `2024-01-01` into a time and prints `"2024-01-01T00:00:00Z"`;
/// reading the same way keeps Sluice's output equal to it.
enum YAMLTimestamp {
    /// The RFC 3339 form of `text`, or `nil` when it is not one of yaml.v3's timestamp forms
    /// (`2006-1-2`, `2006-1-2T15:4:5.999999999Z07:00`, with `t` or a space for `T`).
    static func normalize(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 8, bytes.count <= 40, bytes[4] == UInt8(ascii: "-") else { return nil }
        var index = 0
        func number(maxDigits: Int) -> Int? {
            var value = 0
            var digits = 0
            while index < bytes.count, digits < maxDigits, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
                digits += 1
            }
            return digits == 0 ? nil : value
        }
        func expect(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }
        guard let year = number(maxDigits: 4), index == 4, expect("-"), let month = number(maxDigits: 2), expect("-"),
            let day = number(maxDigits: 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        let date = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        if index == bytes.count { return date + "T00:00:00Z" }
        guard bytes[index] == UInt8(ascii: "T") || bytes[index] == UInt8(ascii: "t") || bytes[index] == UInt8(ascii: " ") else { return nil }
        index += 1
        guard let hour = number(maxDigits: 2), expect(":"), let minute = number(maxDigits: 2), expect(":"),
            let second = number(maxDigits: 2), hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction = ""
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, index - start < 9 { index += 1 }
            guard index > start else { return nil }
            fraction = String(decoding: bytes[start..<index], as: UTF8.self)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            if !fraction.isEmpty { fraction = "." + fraction }
        }
        var zone = "Z"
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "Z"):
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = bytes[index] == UInt8(ascii: "+") ? "+" : "-"
                index += 1
                guard let offsetHours = number(maxDigits: 2), expect(":"), let offsetMinutes = number(maxDigits: 2) else { return nil }
                if offsetHours != 0 || offsetMinutes != 0 { zone = "\(sign)\(pad(offsetHours, 2)):\(pad(offsetMinutes, 2))" }
            default:
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        return "\(date)T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))\(fraction)\(zone)"
    }
}
