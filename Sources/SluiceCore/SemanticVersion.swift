/// A semantic version as Masterminds/semver v3 parses it (lenient: optional leading "v", missing minor/patch = 0, prerelease, build metadata).
///
/// Flux picks tags and chart versions with Go's `github.com/Masterminds/semver/v3`; this type
/// parses and orders versions the same way. Ordering follows SemVer 2.0: prereleases sort below
/// their release, numeric identifiers compare numerically and below alphanumeric ones, and a
/// longer identifier list wins when the shorter one is its prefix. Build metadata takes no part in
/// ordering or equality.
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The major number.
    public var major: UInt64
    /// The minor number (0 when the text had none).
    public var minor: UInt64
    /// The patch number (0 when the text had none).
    public var patch: UInt64
    /// The dot-separated prerelease identifiers, `[]` when none.
    public var prerelease: [String]
    /// The dot-separated build metadata identifiers, `[]` when none; ignored for ordering and equality.
    public var build: [String]
    /// The string as given, such as `v1.2`; ``description`` is the canonical form, such as `1.2.0`.
    public let original: String

    /// A version from its parts; ``original`` is the canonical form.
    public init(major: UInt64, minor: UInt64, patch: UInt64, prerelease: [String] = [], build: [String] = []) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
        self.original = Self.canonical(major, minor, patch, prerelease, build)
    }

    /// Parses as Masterminds' `NewVersion`: `v?MAJOR(.MINOR)?(.PATCH)?(-PRE)?(+BUILD)?`; `nil` when invalid.
    ///
    /// Missing minor and patch numbers are 0, leading zeros in the numbers are accepted (`01.2`),
    /// numbers must fit in 64 bits, and numeric prerelease identifiers must not have leading zeros.
    public init?(_ text: String) {
        var scanner = VersionScanner(text)
        _ = scanner.take(UInt8(ascii: "v"))
        guard let major = scanner.number() else { return nil }
        var minor: UInt64 = 0
        var patch: UInt64 = 0
        if scanner.take(UInt8(ascii: ".")) {
            guard let value = scanner.number() else { return nil }
            minor = value
            if scanner.take(UInt8(ascii: ".")) {
                guard let value = scanner.number() else { return nil }
                patch = value
            }
        }
        var prerelease: [String] = []
        if scanner.take(UInt8(ascii: "-")) {
            guard let identifiers = scanner.identifiers(), Self.validPrerelease(identifiers) else { return nil }
            prerelease = identifiers
        }
        var build: [String] = []
        if scanner.take(UInt8(ascii: "+")) {
            guard let identifiers = scanner.identifiers() else { return nil }
            build = identifiers
        }
        guard scanner.atEnd else { return nil }
        self.init(major: major, minor: minor, patch: patch, prerelease: prerelease, build: build, original: text)
    }

    /// Parses as Masterminds' `StrictNewVersion`: exactly `MAJOR.MINOR.PATCH(-PRE)?(+BUILD)?`, no `v`, no leading zeros; `nil` when invalid.
    ///
    /// Unlike Go's `StrictNewVersion`, empty identifiers (`1.2.3-`, `1.2.3-a..b`) are refused, as
    /// Flux's `version.ParseVersion` refuses them by parsing again with `NewVersion`.
    public init?(strict text: String) {
        let bytes = Array(text.utf8)
        guard let firstDot = bytes.firstIndex(of: UInt8(ascii: ".")),
              let secondDot = bytes[(firstDot + 1)...].firstIndex(of: UInt8(ascii: "."))
        else { return nil }
        var rest = bytes[(secondDot + 1)...]
        var build: [String] = []
        if let plus = rest.firstIndex(of: UInt8(ascii: "+")) {
            guard let identifiers = Self.identifiers(bytes[(plus + 1)...]) else { return nil }
            build = identifiers
            rest = rest[..<plus]
        }
        var prerelease: [String] = []
        if let dash = rest.firstIndex(of: UInt8(ascii: "-")) {
            guard let identifiers = Self.identifiers(rest[(dash + 1)...]), Self.validPrerelease(identifiers) else { return nil }
            prerelease = identifiers
            rest = rest[..<dash]
        }
        guard let major = Self.strictNumber(bytes[..<firstDot]),
              let minor = Self.strictNumber(bytes[(firstDot + 1)..<secondDot]),
              let patch = Self.strictNumber(rest)
        else { return nil }
        self.init(major: major, minor: minor, patch: patch, prerelease: prerelease, build: build, original: text)
    }

    private init(major: UInt64, minor: UInt64, patch: UInt64, prerelease: [String], build: [String], original: String) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
        self.original = original
    }

    /// Whether this is a prerelease (has prerelease identifiers).
    public var isPrerelease: Bool { !prerelease.isEmpty }

    /// The canonical form, as Go's `Version.String()`: `1.2.0`, `1.2.3-beta.1+build.5`, without any `v`.
    public var description: String { Self.canonical(major, minor, patch, prerelease, build) }

    /// Equal in precedence: the same numbers and prerelease, whatever the build metadata and spelling.
    public static func == (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        lhs.major == rhs.major && lhs.minor == rhs.minor && lhs.patch == rhs.patch && lhs.prerelease == rhs.prerelease
    }

    /// Hashes what ``==`` compares, so `v1.2` and `1.2.0+b` hash alike.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(prerelease)
    }

    /// SemVer 2.0 precedence, as Masterminds' `Version.Compare`.
    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if lhs.major != rhs.major { return lhs.major < rhs.major }
        if lhs.minor != rhs.minor { return lhs.minor < rhs.minor }
        if lhs.patch != rhs.patch { return lhs.patch < rhs.patch }
        switch (lhs.prerelease.isEmpty, rhs.prerelease.isEmpty) {
        case (true, _): return false
        case (false, true): return true
        case (false, false): return comparePrerelease(lhs.prerelease, rhs.prerelease) < 0
        }
    }

    /// Compares two non-empty prerelease identifier lists: -1, 0 or 1.
    static func comparePrerelease(_ lhs: [String], _ rhs: [String]) -> Int {
        for (left, right) in zip(lhs, rhs) where left != right {
            switch (numericValue(left), numericValue(right)) {
            case let (l?, r?):
                // Equal values spelt differently ("01", only reachable by setting the fields) fall back to text, to keep the order total.
                if l != r { return l < r ? -1 : 1 }
                return left < right ? -1 : 1
            case (_?, nil): return -1
            case (nil, _?): return 1
            case (nil, nil): return Self.byteOrder(left, right)
            }
        }
        return lhs.count == rhs.count ? 0 : (lhs.count < rhs.count ? -1 : 1)
    }

    /// An identifier's numeric value as Go's `strconv.ParseUint` reads it: all ASCII digits, fitting in 64 bits.
    private static func numericValue(_ identifier: String) -> UInt64? {
        guard !identifier.isEmpty, identifier.utf8.allSatisfy(VersionScanner.isDigit) else { return nil }
        return UInt64(identifier)
    }

    /// Go compares strings bytewise; Swift's `<` on `String` compares Unicode scalars, which is the same for ASCII but say so.
    private static func byteOrder(_ lhs: String, _ rhs: String) -> Int {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8) ? -1 : 1
    }

    /// Numeric prerelease identifiers must not have leading zeros (SemVer 2.0, item 9).
    private static func validPrerelease(_ identifiers: [String]) -> Bool {
        identifiers.allSatisfy { identifier in
            !(identifier.utf8.count > 1 && identifier.utf8.first == UInt8(ascii: "0") && identifier.utf8.allSatisfy(VersionScanner.isDigit))
        }
    }

    /// Splits `a.b.c` into identifiers of `[0-9A-Za-z-]`; `nil` when one is empty or has another character.
    private static func identifiers(_ bytes: ArraySlice<UInt8>) -> [String]? {
        var scanner = VersionScanner(bytes)
        guard let identifiers = scanner.identifiers(), scanner.atEnd else { return nil }
        return identifiers
    }

    /// A strict number: ASCII digits, no leading zero unless it is `0`, fits in 64 bits.
    private static func strictNumber(_ bytes: ArraySlice<UInt8>) -> UInt64? {
        guard !bytes.isEmpty, bytes.allSatisfy(VersionScanner.isDigit) else { return nil }
        guard bytes.count == 1 || bytes.first != UInt8(ascii: "0") else { return nil }
        return UInt64(String(decoding: bytes, as: UTF8.self))
    }

    private static func canonical(_ major: UInt64, _ minor: UInt64, _ patch: UInt64, _ prerelease: [String], _ build: [String]) -> String {
        var text = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
        if !build.isEmpty { text += "+" + build.joined(separator: ".") }
        return text
    }
}
