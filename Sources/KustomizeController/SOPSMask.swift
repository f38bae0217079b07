import Foundation
import SluiceCore

/// What `flux build kustomization` prints for SOPS-encrypted Secrets, which it never decrypts: the `sops` metadata
/// removed and every value of an encrypted Secret replaced by `**SOPS**` (base64 in `data`; a JSON object for a
/// `kubernetes.io/dockerconfigjson` Secret), and, in other Secrets, each value that is itself a SOPS-encrypted file.
enum SOPSMask {
    /// The mask, as flux's.
    static let mask = "**SOPS**"

    /// Whether ``masked(_:)`` masked any value of the Secret `object`.
    static func isMasked(_ object: KubeObject) -> Bool {
        guard object.kind == "Secret" else { return false }
        let encoded = Data(mask.utf8).base64EncodedString()
        let values = (object["data"]?.objectValue?.members ?? []) + (object["stringData"]?.objectValue?.members ?? [])
        return values.contains { $0.value.stringValue == encoded || $0.value.stringValue == mask }
    }

    /// `object` masked as `flux build kustomization` masks it; anything but a Secret as it is.
    static func masked(_ object: KubeObject) -> KubeObject {
        guard object.kind == "Secret" else { return object }
        var masked = object
        let encoded = Data(mask.utf8).base64EncodedString()
        if KustomizationDecryptor.isEncrypted(object) || object["sops"] != nil {
            masked["sops"] = nil
            let dockerConfig = object["type"]?.stringValue == "kubernetes.io/dockerconfigjson"
            let json = JSONSerializer().string(["mask": .string(mask)])
            masked["data"] = object["data"]?.objectValue.map { data in
                .object(JSONObject(data.keys.map { ($0, .string(dockerConfig ? Data(json.utf8).base64EncodedString() : encoded)) }))
            }
            masked["stringData"] = object["stringData"]?.objectValue.map { data in
                .object(JSONObject(data.keys.map { ($0, .string(dockerConfig ? json : mask)) }))
            }
            return masked
        }
        // flux's test on values: the text `sops` and `ENC[` (in `data` once decoded).
        func isEncryptedFile(_ text: String) -> Bool { text.contains("sops") && text.contains("ENC[") }
        masked["data"] = object["data"]?.objectValue.map { data in
            .object(JSONObject(data.members.map { key, value in
                let decoded = value.stringValue.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) } ?? ""
                return (key, isEncryptedFile(decoded) ? .string(encoded) : value)
            }))
        }
        masked["stringData"] = object["stringData"]?.objectValue.map { data in
            .object(JSONObject(data.members.map { key, value in (key, isEncryptedFile(value.stringValue ?? "") ? .string(encoded) : value) }))
        }
        return masked
    }
}
