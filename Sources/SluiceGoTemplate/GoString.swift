/// String helpers with Go's semantics: byte-wise order and UTF-8 byte offsets.
enum GoString {
    /// Go's `a < b` on strings: byte-wise comparison of the UTF-8 encodings.
    static func less(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Go's `strings.TrimSpace` set: Unicode white space.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Go's `strings.TrimSpace`.
    static func trimSpace(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[start...end])
    }

    /// Go's `strings.Trim(s, cutset)`.
    static func trim(_ s: String, cutset: String) -> String {
        let set = Set(cutset.unicodeScalars)
        let scalars = s.unicodeScalars
        guard let start = scalars.firstIndex(where: { !set.contains($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !set.contains($0) })!
        return String(scalars[start...end])
    }

    /// Go's `strings.Split(s, sep)`: an empty separator splits after each UTF-8 sequence.
    static func split(_ s: String, separator: String, limit: Int = -1) -> [String] {
        if limit == 0 { return [] }
        if separator.isEmpty {
            var parts = s.unicodeScalars.map { String($0) }
            if limit > 0, parts.count > limit {
                let rest = parts[(limit - 1)...].joined()
                parts = Array(parts[..<(limit - 1)]) + [rest]
            }
            return parts
        }
        let bytes = Array(s.utf8)
        let sep = Array(separator.utf8)
        var parts: [String] = []
        var start = 0
        var index = 0
        while index + sep.count <= bytes.count {
            if limit > 0, parts.count == limit - 1 { break }
            if bytes[index] == sep[0], Array(bytes[index..<(index + sep.count)]) == sep {
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += sep.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// Go's `strings.ReplaceAll(s, old, new)`, on bytes.
    static func replaceAll(_ s: String, _ old: String, _ new: String) -> String {
        if old.isEmpty {
            // Go inserts `new` before every UTF-8 sequence and at the end.
            var out = new
            for scalar in s.unicodeScalars { out.unicodeScalars.append(scalar); out += new }
            return out
        }
        return split(s, separator: old).joined(separator: new)
    }

    /// The bytes `s[from..<to]` of a string as a string (invalid UTF-8 becomes U+FFFD, where Go would keep the bytes).
    static func slice(_ s: String, from: Int, to: Int) -> String {
        let bytes = Array(s.utf8)
        return String(decoding: bytes[from..<to], as: UTF8.self)
    }
}
