/// Kubernetes' label key and value syntax (`validation.IsQualifiedName`, `IsValidLabelValue`).
enum LabelSyntax {
    /// `[prefix/]name`: name at most 63 of alphanumerics, `-`, `_`, `.`, alphanumeric at both ends; prefix a DNS subdomain.
    static func isQualifiedName(_ key: String) -> Bool {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return isName(String(parts[0]))
        case 2: return isSubdomain(String(parts[0])) && isName(String(parts[1]))
        default: return false
        }
    }

    /// Empty, or a name as in ``isQualifiedName(_:)``.
    static func isValidValue(_ value: String) -> Bool { value.isEmpty || isName(value) }

    private static func isAlphanumeric(_ c: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c)
    }

    private static func isName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...63).contains(bytes.count), isAlphanumeric(bytes.first!), isAlphanumeric(bytes.last!) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") }
    }

    private static func isSubdomain(_ prefix: String) -> Bool {
        let bytes = Array(prefix.utf8)
        guard (1...253).contains(bytes.count) else { return false }
        return prefix.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            let l = Array(label.utf8)
            return !l.isEmpty && l.count <= 63 && l.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-") }
                && l.first != UInt8(ascii: "-") && l.last != UInt8(ascii: "-")
        }
    }
}
