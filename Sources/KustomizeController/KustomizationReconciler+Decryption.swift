import Foundation
import Logging
import SluiceAPI
import SluiceCore
import SluiceGPG
import SluiceKube
import SluiceRuntime
import SluiceSOPS

extension KustomizationReconciler {
    /// The entries of a decryption Secret naming cloud KMS or Vault credentials, by Flux's fixed names, and what they are for.
    static let unsupportedDecryptionEntries = [
        "sops.vault-token": "OpenBao/Vault", "sops.aws-kms": "AWS KMS", "sops.azure-kv": "Azure Key Vault", "sops.gcp-kms": "GCP KMS",
    ]

    /// The decryptor of one reconcile of `object`, or nil without `spec.decryption`: the `*.agekey` and `*.asc` entries
    /// of `spec.decryption.secretRef` (read with the controller's own rights, as Flux reads it), else the `*.agekey`
    /// entries of the controller's `--sops-age-secret`; `SOPS_AGE_KEY`/`SOPS_AGE_KEY_FILE` when no age key came from a
    /// Secret (SOPS's fallback, which Flux inherits). The caller closes it.
    ///
    /// - Throws: ``ReconcileError``: stalling on a provider other than `sops`, on `serviceAccountName` and on cloud KMS
    ///   or Vault entries (Sluice reaches none of them), each named; BuildFailed when a Secret is missing or a key
    ///   cannot be read, naming the Secret and the entry.
    func decryptor(for object: Kustomization, _ context: ReconcileContext) async throws -> KustomizationDecryptor? {
        guard let decryption = object.spec.decryption else { return nil }
        func stall(_ message: String) -> ReconcileError { .stalling(reason: ConditionReason.buildFailed, message: message) }
        func failure(_ message: String) -> ReconcileError { .generic(reason: ConditionReason.buildFailed, message: message) }
        guard decryption.provider == "sops" else {
            throw stall("spec.decryption.provider '\(decryption.provider)' is not supported: the only provider is 'sops'")
        }
        if let account = decryption.serviceAccountName, !account.isEmpty {
            throw stall("spec.decryption.serviceAccountName is not supported by Sluice's kustomize-controller: it authenticates to cloud KMS services, which Sluice does not reach")
        }
        var ageKeys: [(entry: String, text: String)] = []
        var pgpKeys: [(entry: String, bytes: [UInt8])] = []
        let namespace = object.metadata.namespace ?? "default"
        let secret: (namespace: String, name: String, ageOnly: Bool)? =
            if let reference = decryption.secretRef { (namespace, reference.name, false) } else {
                decryptionSettings.ageSecret.map { ($0.namespace, $0.name, true) }
            }
        if let secret {
            let name = "\(secret.namespace)/\(secret.name)"
            let description = secret.ageOnly ? "SOPS age decryption Secret '\(name)'" : "sops decryption Secret '\(name)'"
            guard let found = try await context.api.get(GroupVersionKind(group: "", version: "v1", kind: "Secret"),
                                                        namespace: secret.namespace, name: secret.name)
            else { throw failure("cannot get \(description): Secret '\(name)' not found") }
            for (entry, value) in found["data"]?.objectValue ?? JSONObject() {
                let isAge = entry.hasSuffix(".agekey"), isPGP = entry.hasSuffix(".asc") && !secret.ageOnly
                if !secret.ageOnly, let service = Self.unsupportedDecryptionEntries[entry] {
                    throw stall("'\(entry)' in \(description): \(service) is not supported by Sluice's kustomize-controller; use age or OpenPGP keys")
                }
                guard isAge || isPGP else { continue }
                guard let text = value.stringValue, let data = Data(base64Encoded: text) else {
                    throw failure("failed to import '\(entry)' data from \(description): not base64")
                }
                if isAge { ageKeys.append((entry, String(decoding: data, as: UTF8.self))) } else { pgpKeys.append((entry, Array(data))) }
            }
        }
        if ageKeys.isEmpty {
            let environment = decryptionSettings.environment
            if let text = environment["SOPS_AGE_KEY"], !text.isEmpty { ageKeys.append(("SOPS_AGE_KEY", text)) }
            if let file = environment["SOPS_AGE_KEY_FILE"], !file.isEmpty {
                guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                    throw failure("failed to read SOPS_AGE_KEY_FILE '\(file)'")
                }
                ageKeys.append(("SOPS_AGE_KEY_FILE", text))
            }
        }
        var services: [any SOPSKeyService] = []
        for (entry, text) in ageKeys {
            do { services.append(try AgeIdentities(text: text)) } catch {
                throw failure("failed to import '\(entry)' age keys for \(object.metadata.namespace ?? "default")/\(object.metadata.name): \(error)")
            }
        }
        var keyring: GPGKeyring?
        if !pgpKeys.isEmpty {
            let secretName = "\(namespace)/\(decryption.secretRef?.name ?? "")"
            let (keys, logger) = (pgpKeys, context.logger)
            // gpgme waits for gpg and a starting gpg-agent: never on the cooperative pool.
            let opened = try await DedicatedThread.run(name: "gpg-import") { try Self.openKeyring(keys, secret: secretName, logger: logger) }
            keyring = opened
            services.append(PGPKeyService(keyring: opened))
        }
        return KustomizationDecryptor(keyServices: services, keyring: keyring)
    }

    /// A throwaway keyring holding `keys` (the `*.asc` entries of the Secret `secret`), closed again when one fails.
    ///
    /// - Throws: ``ReconcileError`` (BuildFailed) naming the entry and the cause.
    static func openKeyring(_ keys: [(entry: String, bytes: [UInt8])], secret: String, logger: Logger) throws -> GPGKeyring {
        func failure(_ message: String) -> ReconcileError { .generic(reason: ConditionReason.buildFailed, message: message) }
        let keyring: GPGKeyring
        do { keyring = try GPGKeyring(logger: logger) } catch {
            throw failure("cannot open a GnuPG keyring for the OpenPGP keys: \(error)")
        }
        for (entry, bytes) in keys {
            do { _ = try keyring.importKeys(armored: bytes) } catch {
                keyring.close()
                throw failure("failed to import '\(entry)' OpenPGP keys from sops decryption Secret '\(secret)': \(error)")
            }
        }
        return keyring
    }

    /// Flux's refusal before any apply: a Secret still carrying SOPS metadata (no `spec.decryption`, or decryption
    /// turned off by nothing but the annotation) is never applied encrypted.
    ///
    /// - Throws: ``ReconcileError`` (ReconciliationFailed) naming the first such Secret.
    static func refuseEncryptedSecrets(_ objects: [KubeObject]) throws {
        for object in objects where object.kind == "Secret" && object.apiVersion == "v1" && object["sops"] != nil
            && !KustomizationDecryptor.isDisabled(object)
        {
            throw ReconcileError.generic(reason: ConditionReason.reconciliationFailed,
                                         message: "\(object.displayName) is SOPS encrypted, configuring decryption is required for this secret to be reconciled")
        }
    }
}
