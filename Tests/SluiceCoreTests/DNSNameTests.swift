import SluiceCore
import Testing

/// Kubernetes' RFC 1123 label and subdomain rules, including the cases the four copies this replaced disagreed on.
@Suite struct DNSNameTests {
    @Test func labels() {
        for valid in ["a", "0", "web-1", String(repeating: "a", count: 63)] { #expect(DNSName.isLabel(valid), "\(valid)") }
        for invalid in ["", "-a", "a-", "A", "a.b", "a_b", String(repeating: "a", count: 64), "é"] {
            #expect(!DNSName.isLabel(invalid), "\(invalid)")
        }
    }

    @Test func subdomains() {
        // Kubernetes bounds only the whole name: a 100-character part is valid, as `IsDNS1123Subdomain` says.
        for valid in ["a", "example.com", "a-1.b-2", String(repeating: "a", count: 100), String(repeating: "a", count: 253)] {
            #expect(DNSName.isSubdomain(valid), "\(valid)")
        }
        for invalid in ["", ".", "a.", ".a", "a..b", "A.b", "a_b", "-a.b", "a.b-", String(repeating: "a", count: 254)] {
            #expect(!DNSName.isSubdomain(invalid), "\(invalid)")
        }
    }
}
