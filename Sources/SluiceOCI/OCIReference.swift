/// A reference to a repository in a registry, optionally with a tag or digest, as `oci://host[:port]/repo[:tag|@digest]`.
///
/// Docker's normalisation: a first path element without `.`, `:` or equal to `localhost` is not a host, so the
/// registry is `docker.io` (spoken to as `registry-1.docker.io`), and a single-element Docker Hub repository gets
/// `library/`. Repository paths are lowercase `[a-z0-9]+` separated by `.`, `_`, `__`, `-`s and `/`, as the
/// distribution spec's grammar; tags are `[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`.
public struct OCIReference: Sendable, Hashable, CustomStringConvertible {
    /// `host[:port]` as written (`docker.io` for Docker Hub).
    public var registry: String
    /// The repository path, such as `stefanprodan/manifests/podinfo`.
    public var repository: String
    /// The tag, if any.
    public var tag: String?
    /// The digest (`sha256:…`), if any.
    public var digest: String?

    /// A reference from its parts.
    public init(registry: String, repository: String, tag: String? = nil, digest: String? = nil) {
        self.registry = registry
        self.repository = repository
        self.tag = tag
        self.digest = digest
    }

    /// Parses `oci://host/repo[:tag][@digest]` (the `oci://` prefix optional).
    ///
    /// - Throws: ``OCIError`` (`.invalidReference`) naming the text and what is wrong.
    public init(parsing text: String) throws(OCIError) {
        func invalid(_ cause: String) -> OCIError { OCIError(.invalidReference, reference: text, cause) }
        var rest = Substring(text)
        if rest.hasPrefix("oci://") { rest = rest.dropFirst(6) }
        guard !rest.isEmpty else { throw invalid("empty reference") }
        guard rest.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { throw invalid("contains spaces or non-ASCII characters") }
        var digest: String?
        if let at = rest.firstIndex(of: "@") {
            digest = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
            guard let digest, OCIDigest(digest) != nil else { throw invalid("invalid digest '\(digest ?? "")'") }
        }
        var elements = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard elements.count >= 1, !elements.contains(where: \.isEmpty) else { throw invalid("empty path element") }
        var registry = "docker.io"
        if elements.count > 1, let first = elements.first, first.contains(".") || first.contains(":") || first == "localhost" {
            registry = first
            elements.removeFirst()
        }
        var tag: String?
        if let last = elements.last, let colon = last.lastIndex(of: ":") {
            tag = String(last[last.index(after: colon)...])
            elements[elements.count - 1] = String(last[..<colon])
            guard let tag, Self.isValidTag(tag) else { throw invalid("invalid tag '\(tag ?? "")'") }
        }
        if registry == "index.docker.io" || registry == "registry-1.docker.io" { registry = "docker.io" }
        if registry == "docker.io", elements.count == 1 { elements.insert("library", at: 0) }
        guard !elements.isEmpty, elements.allSatisfy(Self.isValidPathComponent) else {
            throw invalid("invalid repository name '\(elements.joined(separator: "/"))' (lowercase letters, digits and separators)")
        }
        guard Self.isValidHost(registry) else { throw invalid("invalid registry host '\(registry)'") }
        self.init(registry: registry, repository: elements.joined(separator: "/"), tag: tag, digest: digest)
    }

    /// The host the API is spoken to: `registry-1.docker.io` for Docker Hub, else ``registry``.
    public var apiHost: String { registry == "docker.io" ? "registry-1.docker.io" : registry }

    /// The same repository with `tag` (and no digest).
    public func with(tag: String) -> OCIReference { OCIReference(registry: registry, repository: repository, tag: tag) }

    /// The same repository with `digest` (and no tag).
    public func with(digest: String) -> OCIReference { OCIReference(registry: registry, repository: repository, digest: digest) }

    /// The tag or digest used to fetch the manifest: the digest when present, else the tag, else `latest`.
    public var manifestReference: String { digest ?? tag ?? "latest" }

    /// `host/repo[:tag][@digest]`.
    public var description: String {
        "\(registry)/\(repository)" + (tag.map { ":\($0)" } ?? "") + (digest.map { "@\($0)" } ?? "")
    }

    /// Whether `tag` matches `[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`.
    public static func isValidTag(_ tag: String) -> Bool {
        guard let first = tag.unicodeScalars.first, tag.unicodeScalars.count <= 128,
            first.isASCIIAlphanumeric || first == "_"
        else { return false }
        return tag.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "_" || $0 == "." || $0 == "-" }
    }

    /// Whether `component` matches `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`.
    static func isValidPathComponent(_ component: String) -> Bool {
        let scalars = Array(component.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last, isLowerAlphanumeric(first), isLowerAlphanumeric(last) else { return false }
        var index = 0
        while index < scalars.count {
            if isLowerAlphanumeric(scalars[index]) { index += 1; continue }
            // A separator run: `.`, `_`, `__` or one or more `-`.
            var end = index
            while end < scalars.count, !isLowerAlphanumeric(scalars[end]) { end += 1 }
            let run = String(String.UnicodeScalarView(scalars[index..<end]))
            guard run == "." || run == "_" || run == "__" || run.allSatisfy({ $0 == "-" }) else { return false }
            index = end
        }
        return true
    }

    /// Whether `host` is `name[:port]` with a DNS-ish name (or bracketed IPv6) and a numeric port.
    static func isValidHost(_ host: String) -> Bool {
        var name = Substring(host)
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return false }
            let after = name[name.index(after: close)...]
            guard after.isEmpty || (after.hasPrefix(":") && isPort(after.dropFirst())) else { return false }
            return name.count > 2
        }
        if let colon = name.lastIndex(of: ":") {
            guard isPort(name[name.index(after: colon)...]) else { return false }
            name = name[..<colon]
        }
        return !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || $0 == "." || $0 == "-" }
    }

    private static func isPort(_ text: Substring) -> Bool {
        guard let port = Int(text), (1...65535).contains(port) else { return false }
        return true
    }

    private static func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}

extension Unicode.Scalar {
    /// `[A-Za-z0-9]`.
    var isASCIIAlphanumeric: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self) }
}
