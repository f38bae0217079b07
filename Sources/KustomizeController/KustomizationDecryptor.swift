import Foundation
import SluiceAPI
import SluiceApply
import SluiceCore
import SluiceGPG
import SluiceKustomize
import SluiceRuntime
import SluiceSOPS
import Synchronization

/// The SOPS decryption of one reconcile of a Kustomization with `spec.decryption`: its keys (age identities and a
/// GnuPG keyring of its own, closed by ``close()``), what it decrypts — the build's source files in memory before the
/// build, the built objects after it, as Flux's decryptor — and the plaintext values it revealed, for the redactor.
///
/// Nothing decrypted is ever written to disk: source files are laid over the tree in the build's in-memory overlay.
final class KustomizationDecryptor: Sendable {
    /// The annotation that turns decryption off for one object (`Disabled`, any case), as Flux's.
    static let decryptAnnotation = "kustomize.toolkit.fluxcd.io/decrypt"
    /// The largest source file decrypted (Flux's limit).
    static let maxFileSize = 5 << 20
    /// What marks a document of each format as SOPS-encrypted (Flux's marker bytes: the encrypted MAC).
    static let markers: [(SOPSFormat, String)] = [
        (.yaml, "mac: ENC["), (.json, "\"mac\": \"ENC["), (.dotenv, "sops_mac=ENC["), (.ini, "[sops]"), (.binary, "\"mac\": \"ENC["),
    ]

    private let decryptor: SOPSDecryptor
    private let keyring: GPGKeyring?
    private let revealedValues = Mutex<[String]>([])

    /// A decryptor with `keyServices`; `keyring` (if any) is closed by ``close()``.
    init(keyServices: [any SOPSKeyService], keyring: GPGKeyring?) {
        decryptor = SOPSDecryptor(keyServices: keyServices)
        self.keyring = keyring
    }

    /// Stops the keyring's agent and removes its home.
    func close() { keyring?.close() }

    /// The plaintext values decrypted so far (values a person would recognise, for ``SecretRedactor``).
    var revealed: [String] { revealedValues.withLock { $0 } }

    /// Decrypts, in `fileSystem`'s in-memory overlay, every SOPS-encrypted file the build of `path` reads as Flux
    /// decrypts sources (``SOPSSourceWalk``), plus encrypted resource files whose documents are not annotated
    /// `kustomize.toolkit.fluxcd.io/decrypt: Disabled`.
    ///
    /// - Parameter shown: a root-relative path as messages name it.
    /// - Throws: ``ReconcileError`` (BuildFailed) naming the file and the cause.
    func decryptSources(_ fileSystem: inout SourceOverlayFileSystem, path: String, shown: (String) -> String) throws {
        for file in SOPSSourceWalk(fileSystem: fileSystem).files(from: path) {
            guard (try? fileSystem.entry(at: file.path)) == .file else { continue }
            let bytes: [UInt8]
            do {
                bytes = try fileSystem.readFile(file.path, limit: Self.maxFileSize)
            } catch {
                // Flux refuses an oversized generator source or patch; a resource file is left to the build.
                guard file.role != .resource else { continue }
                throw ReconcileError.generic(reason: ConditionReason.buildFailed, message: "error decrypting sources: \(shown(file.path)): \(error.message)")
            }
            guard Self.hasMarker(bytes, file.format) else { continue }
            if file.role == .resource, Self.isDisabled(bytes) { continue }
            let plaintext: [UInt8]
            do {
                plaintext = try decryptor.decrypt(bytes, format: file.format, file: shown(file.path))
            } catch {
                throw ReconcileError.generic(reason: ConditionReason.buildFailed, message: "error decrypting sources: \(error)")
            }
            reveal(Self.values(encrypted: bytes, plaintext: plaintext, format: file.format))
            fileSystem.write(file.path, bytes: plaintext)
        }
    }

    /// The built `objects` with SOPS-encrypted ones decrypted (their `sops` metadata removed) and, in Secrets, `data`
    /// values that are SOPS-encrypted files decrypted in the format the key's name says, as Flux's `DecryptResource`;
    /// objects annotated `kustomize.toolkit.fluxcd.io/decrypt: Disabled` are left alone.
    ///
    /// - Throws: ``ReconcileError`` (BuildFailed) naming the object (and the key) and the cause.
    func decryptResources(_ objects: [KubeObject]) throws -> [KubeObject] {
        try objects.map { object in
            guard !Self.isDisabled(object) else { return object }
            if Self.isEncrypted(object) {
                do {
                    let tree = try decryptor.decrypt(object.value, file: object.displayName)
                    guard let root = tree.objectValue else { throw SOPSError(file: object.displayName, "the decrypted document is not a map") }
                    reveal(Self.values(encrypted: object.value, plaintext: tree))
                    return KubeObject(root)
                } catch {
                    throw ReconcileError.generic(reason: ConditionReason.buildFailed, message: "decryption failed for '\(object.displayName)': \(error)")
                }
            }
            guard object.kind == "Secret", let data = object["data"]?.objectValue else { return object }
            var decrypted = JSONObject()
            for (key, value) in data {
                guard let text = value.stringValue, let bytes = Data(base64Encoded: text).map(Array.init),
                      let format = Self.markers.first(where: { Self.hasMarker(bytes, $0.0) })?.0
                else {
                    decrypted[key] = value
                    continue
                }
                // A JSON document read as a binary file when the key names no format (Flux's output format, by the key).
                let output = SOPSSourceWalk.format(forKey: key)
                let inputFormat = format == .json && output == .binary ? SOPSFormat.binary : format
                do {
                    let plaintext = try decryptor.decrypt(bytes, format: inputFormat, file: "\(object.displayName) data '\(key)'")
                    reveal(Self.values(encrypted: bytes, plaintext: plaintext, format: inputFormat))
                    decrypted[key] = .string(Data(plaintext).base64EncodedString())
                } catch {
                    throw ReconcileError.generic(reason: ConditionReason.buildFailed, message: "decryption failed for '\(object.displayName)' Secret field '\(key)': \(error)")
                }
            }
            var result = object
            result["data"] = .object(decrypted)
            return result
        }
    }

    private func reveal(_ values: [String]) {
        revealedValues.withLock { $0 += values }
    }

    /// Whether `object` carries SOPS metadata with a MAC (Flux's `isSOPSEncryptedResource`).
    static func isEncrypted(_ object: KubeObject) -> Bool {
        guard let sops = object["sops"]?.objectValue, let mac = sops["mac"] else { return false }
        return !(mac.isNull || mac.stringValue == "")
    }

    /// Whether `object` is annotated `kustomize.toolkit.fluxcd.io/decrypt: Disabled` (any case).
    static func isDisabled(_ object: KubeObject) -> Bool {
        object.annotations[decryptAnnotation]?.lowercased() == "disabled"
    }

    /// Whether any document of a YAML or JSON file is annotated as ``isDisabled(_:)``.
    static func isDisabled(_ bytes: [UInt8]) -> Bool {
        guard let documents = try? YAMLReader().documents(String(decoding: bytes, as: UTF8.self)) else { return false }
        return documents.contains { document in
            document.value.objectValue.map { isDisabled(KubeObject($0)) } ?? false
        }
    }

    /// Whether `bytes` hold Flux's marker of an encrypted `format` document.
    static func hasMarker(_ bytes: [UInt8], _ format: SOPSFormat) -> Bool {
        guard let marker = markers.first(where: { $0.0 == format })?.1 else { return false }
        return bytes.firstRange(of: Array(marker.utf8)) != nil
    }

    /// The plaintext values of a decrypted file: the leaves that were `ENC[…]` in a YAML or JSON document, the
    /// values of a dotenv file, the whole of anything else.
    static func values(encrypted: [UInt8], plaintext: [UInt8], format: SOPSFormat) -> [String] {
        switch format {
        case .yaml, .json:
            guard let before = try? YAMLReader().documents(String(decoding: encrypted, as: UTF8.self)),
                  let after = try? YAMLReader().documents(String(decoding: plaintext, as: UTF8.self))
            else { return [] }
            return zip(before, after).flatMap { values(encrypted: $0.value, plaintext: $1.value) }
        case .dotenv:
            return String(decoding: plaintext, as: UTF8.self).split(separator: "\n").compactMap { line in
                line.firstIndex(of: "=").map { String(line[line.index(after: $0)...]) }
            }
        case .ini, .binary:
            let text = String(decoding: plaintext, as: UTF8.self)
            return text.split(separator: "\n").map(String.init) + [text]
        }
    }

    /// The plaintext of every leaf that was an `ENC[…]` string in `encrypted`, pairing the trees by path.
    static func values(encrypted: JSONValue, plaintext: JSONValue) -> [String] {
        switch (encrypted, plaintext) {
        case (.object(let before), .object(let after)):
            return before.flatMap { key, value in after[key].map { values(encrypted: value, plaintext: $0) } ?? [] }
        case (.array(let before), .array(let after)):
            return zip(before, after).flatMap { values(encrypted: $0, plaintext: $1) }
        case (.string(let text), _) where text.hasPrefix("ENC["):
            return [SecretRedactor.text(plaintext)]
        default:
            return []
        }
    }
}
