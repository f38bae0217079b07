/// Whom a client's requests act as through Kubernetes' impersonation headers (`Impersonate-User`, `Impersonate-Group`).
public struct ImpersonatedUser: Sendable, Hashable {
    /// The user name (`system:serviceaccount:apps:dev-team`).
    public var user: String
    /// The groups, in order; empty to let the server derive them (a ServiceAccount's groups).
    public var groups: [String]
    /// The user's UID (`Impersonate-Uid`), if any.
    public var uid: String?
    /// Extra attributes (`Impersonate-Extra-KEY`), if any.
    public var extra: [String: [String]]

    /// Impersonation of `user` in `groups`.
    public init(user: String, groups: [String] = [], uid: String? = nil, extra: [String: [String]] = [:]) {
        self.user = user
        self.groups = groups
        self.uid = uid
        self.extra = extra
    }

    /// The `Impersonate-*` headers, in a stable order. Extra keys are percent-encoded as client-go encodes them, since a
    /// header name cannot hold every character a key may.
    public var headers: [(name: String, value: String)] {
        var result: [(name: String, value: String)] = [("Impersonate-User", user)]
        result += groups.map { ("Impersonate-Group", $0) }
        if let uid { result.append(("Impersonate-Uid", uid)) }
        for key in extra.keys.sorted() {
            let name = "Impersonate-Extra-" + Self.headerKeyEscape(key)
            result += (extra[key] ?? []).map { (name, $0) }
        }
        return result
    }

    /// client-go's `headerKeyEscape`: bytes legal in a header token stay, everything else becomes `%XX`.
    static func headerKeyEscape(_ key: String) -> String {
        let legal = Set("!#$&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        var result = ""
        for byte in key.utf8 {
            if legal.contains(byte), byte != UInt8(ascii: "%") {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                let hex = Array("0123456789ABCDEF")
                result += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }

    /// The user name Kubernetes gives the ServiceAccount `name` in `namespace`.
    public static func serviceAccountUser(namespace: String, name: String) -> String {
        "system:serviceaccount:\(namespace):\(name)"
    }
}
