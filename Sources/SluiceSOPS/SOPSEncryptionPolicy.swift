import SluiceCore

/// ``SOPSEncryptionRules`` compiled: SOPS's `shouldBeEncrypted` for a value at a path under some comments.
struct SOPSEncryptionPolicy {
    let rules: SOPSEncryptionRules
    private let encryptedRegex: LinearRegex?
    private let unencryptedRegex: LinearRegex?
    private let encryptedCommentRegex: LinearRegex?
    private let unencryptedCommentRegex: LinearRegex?
    /// Whether the store kept comments; when not (YAML read into a tree), comment rules are decided by the value's shape.
    let commentsKnown: Bool

    /// The policy for `rules`; with no rule at all, SOPS's default `_unencrypted` suffix applies.
    init(rules: SOPSEncryptionRules, commentsKnown: Bool) throws(SOPSRuleError) {
        var rules = rules
        let set = [rules.encryptedRegex, rules.encryptedSuffix, rules.unencryptedRegex, rules.unencryptedSuffix,
                   rules.encryptedCommentRegex, rules.unencryptedCommentRegex].compactMap { $0 }.filter { !$0.isEmpty }
        if set.count > 1 {
            throw SOPSRuleError(reason: "cannot use more than one of encrypted_suffix, unencrypted_suffix, encrypted_regex, "
                + "unencrypted_regex, encrypted_comment_regex, or unencrypted_comment_regex in the same file")
        }
        if set.isEmpty { rules.unencryptedSuffix = "_unencrypted" }
        self.rules = rules
        self.commentsKnown = commentsKnown
        func compile(_ pattern: String?, _ name: String) throws(SOPSRuleError) -> LinearRegex? {
            guard let pattern, !pattern.isEmpty else { return nil }
            do { return try LinearRegex(pattern) } catch { throw SOPSRuleError(reason: "\(name): \(error)") }
        }
        encryptedRegex = try compile(rules.encryptedRegex, "encrypted_regex")
        unencryptedRegex = try compile(rules.unencryptedRegex, "unencrypted_regex")
        encryptedCommentRegex = try compile(rules.encryptedCommentRegex, "encrypted_comment_regex")
        unencryptedCommentRegex = try compile(rules.unencryptedCommentRegex, "unencrypted_comment_regex")
    }

    /// Whether the rules use comments, which a store without them cannot evaluate.
    var dependsOnComments: Bool { encryptedCommentRegex != nil || unencryptedCommentRegex != nil }

    /// SOPS's `shouldBeEncrypted`.
    func shouldBeEncrypted(path: [String], comments: [[String]], isComment: Bool) -> Bool {
        var encrypted = true
        if let suffix = rules.unencryptedSuffix, !suffix.isEmpty, path.contains(where: { $0.hasSuffix(suffix) }) {
            encrypted = false
        }
        if let suffix = rules.encryptedSuffix, !suffix.isEmpty {
            encrypted = path.contains { $0.hasSuffix(suffix) }
        }
        if let unencryptedRegex, path.contains(where: { unencryptedRegex.matches($0) }) {
            encrypted = false
        }
        if let encryptedRegex {
            encrypted = path.contains { encryptedRegex.matches($0) }
        }
        if let unencryptedCommentRegex, comments.joined().contains(where: { unencryptedCommentRegex.matches($0) }) {
            encrypted = false
        }
        if let encryptedCommentRegex {
            encrypted = false
            // The comment line that itself matches is not encrypted: skip the newest line when judging a comment.
            search: for (i, group) in comments.enumerated() {
                for (j, comment) in group.enumerated() {
                    if isComment && i == comments.count - 1 && j == group.count - 1 { continue }
                    if encryptedCommentRegex.matches(comment) {
                        encrypted = true
                        break search
                    }
                }
            }
        }
        return encrypted
    }
}

/// A metadata rule that cannot be used (several rules at once, a bad regular expression).
struct SOPSRuleError: Error {
    var reason: String
}
