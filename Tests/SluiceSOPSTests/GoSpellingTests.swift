@testable import SluiceSOPS
import Testing

/// The spellings SOPS's MAC depends on, as Go writes them (`strconv.FormatFloat(f, 'f', -1, 64)`, RFC 3339).
@Suite struct GoSpellingTests {
    @Test(arguments: [
        (1e21, "1000000000000000000000"), (1e-7, "0.0000001"), (0.1, "0.1"), (3.0, "3"), (-0.5, "-0.5"),
        (123456789.125, "123456789.125"), (1.5e300, "15" + String(repeating: "0", count: 299)),
        (Double.leastNonzeroMagnitude, "0." + String(repeating: "0", count: 323) + "5"), (0.0, "0"), (-0.0, "-0"), (100.0, "100"),
        (2.5e-5, "0.000025"), (1234.5678, "1234.5678"),
    ])
    func floatsAsGoFormatsThem(value: Double, go: String) {
        #expect(GoFloatFormat.shortestFixed(value) == go)
    }

    @Test func valuesHashAsSOPSToBytes() {
        #expect(SOPSValue.bool(true).bytes == Array("True".utf8))
        #expect(SOPSValue.bool(false).bytes == Array("False".utf8))
        #expect(SOPSValue.int(-42).bytes == Array("-42".utf8))
    }

    @Test(arguments: [
        ("2024-11-12T13:33:42Z", "2024-11-12T13:33:42Z"), ("2024-11-12T13:33:42.5Z", "2024-11-12T13:33:42Z"),
        ("2024-11-12T13:33:42+00:00", "2024-11-12T13:33:42Z"), ("2024-11-12T14:33:42+01:00", "2024-11-12T14:33:42+01:00"),
    ])
    func lastModifiedAsGoSpellsIt(text: String, go: String) {
        #expect(RFC3339.normalize(text) == go)
    }

    @Test func shamirSharesCombineFromAnyThreshold() throws {
        let secret = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 1) }
        let shares = try Shamir.split(secret, parts: 5, threshold: 3)
        #expect(shares.allSatisfy { $0.count == 33 })
        #expect(shares.map { $0[32] } == [1, 2, 3, 4, 5])
        #expect(try Shamir.combine([shares[4], shares[0], shares[2]]) == secret)
        #expect(try Shamir.combine(Array(shares[1...3])) == secret)
        #expect(try Shamir.combine([shares[0], shares[1]]) != secret)
        // The field is AES's: 0x53 · 0xCA = 1.
        #expect(Shamir.multiply(0x53, 0xca) == 1)
        #expect(Shamir.inverse(0x53) == 0xca)
    }
}
