import Crypto

/// A Receiver's webhook path, as Flux derives it: `/hook/<sha256(token + name + namespace)>`.
public enum WebhookPath {
    /// The path for a Receiver `namespace/name` with `token`.
    public static func make(token: String, name: String, namespace: String) -> String {
        "/hook/" + Hex.encode(SHA256.hash(data: Array((token + name + namespace).utf8)))
    }
}
