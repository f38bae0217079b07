/// Which values of a document SOPS encrypts (the `sops` metadata's `*_regex`/`*_suffix` keys).
///
/// At most one of `encryptedRegex`, `encryptedSuffix`, `unencryptedRegex`, `unencryptedSuffix` applies;
/// with none, every value is encrypted except under keys ending in `_unencrypted`.
public struct SOPSEncryptionRules: Sendable, Hashable {
    /// Only values under keys matching this regular expression are encrypted.
    public var encryptedRegex: String?
    /// Only values under keys ending in this suffix are encrypted.
    public var encryptedSuffix: String?
    /// Values under keys matching this regular expression are left in clear.
    public var unencryptedRegex: String?
    /// Values under keys ending in this suffix are left in clear.
    public var unencryptedSuffix: String?
    /// Only comments matching this regular expression are encrypted.
    public var encryptedCommentRegex: String?
    /// Comments matching this regular expression are left in clear.
    public var unencryptedCommentRegex: String?
    /// Whether the MAC covers only the encrypted values.
    public var macOnlyEncrypted: Bool

    /// Rules; the defaults encrypt everything but `*_unencrypted` keys.
    public init(encryptedRegex: String? = nil, encryptedSuffix: String? = nil, unencryptedRegex: String? = nil,
                unencryptedSuffix: String? = nil, encryptedCommentRegex: String? = nil, unencryptedCommentRegex: String? = nil,
                macOnlyEncrypted: Bool = false) {
        self.encryptedRegex = encryptedRegex
        self.encryptedSuffix = encryptedSuffix
        self.unencryptedRegex = unencryptedRegex
        self.unencryptedSuffix = unencryptedSuffix
        self.encryptedCommentRegex = encryptedCommentRegex
        self.unencryptedCommentRegex = unencryptedCommentRegex
        self.macOnlyEncrypted = macOnlyEncrypted
    }
}
