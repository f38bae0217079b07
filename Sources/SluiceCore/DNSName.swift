/// Kubernetes' RFC 1123 name rules (`k8s.io/apimachinery/pkg/util/validation`), in one place.
public enum DNSName {
    /// `IsDNS1123Label`: at most 63 lowercase letters, digits and `-`, alphanumeric at both ends (namespaces,
    /// Services).
    public static func isLabel<S: StringProtocol>(_ name: S) -> Bool {
        name.utf8.count <= 63 && matchesLabelPattern(name.utf8)
    }

    /// `IsDNS1123Subdomain`: at most 253 characters of dot-separated label patterns (most objects' names).
    ///
    /// Kubernetes bounds only the whole name, not each part: `a` repeated 100 times is a valid ConfigMap name.
    public static func isSubdomain<S: StringProtocol>(_ name: S) -> Bool {
        name.utf8.count <= 253 && name.utf8.split(separator: 0x2E, omittingEmptySubsequences: false).allSatisfy(matchesLabelPattern)
    }

    /// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`.
    private static func matchesLabelPattern<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        func alphanumeric(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) }
        guard let first = bytes.first, alphanumeric(first) else { return false }
        var last = first
        for byte in bytes {
            guard alphanumeric(byte) || byte == 0x2D else { return false }
            last = byte
        }
        return alphanumeric(last)
    }
}
