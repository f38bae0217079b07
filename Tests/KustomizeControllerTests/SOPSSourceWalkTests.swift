import Foundation
import SluiceCore
import SluiceKustomize
import SluiceSOPS
import Testing
@testable import KustomizeController

/// Which files are decrypted (Flux's `DecryptSources` walk, plus resource files), how the flux CLI's mask shows
/// encrypted Secrets, and Secret values that are themselves SOPS files (Flux's `DecryptResource`).
@Suite struct SOPSSourceWalkTests {
    @Test func theWalkFollowsBasesAndComponentsAndFindsWhatFluxDecrypts() {
        let fileSystem = InMemoryFileSystem(files: [
            "app/kustomization.yaml": """
                resources: [../base, secret.yaml, https://example.com/remote.yaml, ../../outside.yaml]
                components: [../component]
                secretGenerator:
                - name: s
                  files: [token=token.enc, config.json, registry.dockerconfigjson=docker.txt]
                  envs: [app.env, plain.txt]
                configMapGenerator:
                - name: c
                  files: [secret.yaml]
                patches:
                - path: patch.yaml
                - patch: "inline"
                """,
            "app/secret.yaml": "", "app/token.enc": "", "app/config.json": "", "app/docker.txt": "", "app/app.env": "", "app/plain.txt": "",
            "app/patch.yaml": "",
            "base/kustomization.yaml": "resources: [db.yaml, ../app]\nsecretGenerator:\n- name: b\n  env: base.env\n",
            "base/db.yaml": "", "base/base.env": "",
            "component/kustomization.yaml": "kind: Component\npatches:\n- path: extra.json\n",
            "component/extra.json": "",
        ])
        let found = SOPSSourceWalk(fileSystem: fileSystem).files(from: "app").map { "\($0.path) \($0.format) \($0.role)" }
        #expect(found == [
            "app/token.enc binary generatorSource", "app/config.json json generatorSource", "app/docker.txt json generatorSource",
            "app/app.env dotenv generatorSource", "app/plain.txt dotenv generatorSource", "app/patch.yaml yaml patch",
            "base/base.env dotenv generatorSource", "base/db.yaml yaml resource", "component/extra.json json patch",
        ])
    }

    @Test func encryptedSecretsAreMaskedAsTheFluxCLIMasksThem() {
        var secret = KubeObject(apiVersion: "v1", kind: "Secret", name: "db", namespace: "default")
        secret["data"] = ["password": "RU5DW...", "user": "RU5DW..."]
        secret["stringData"] = ["note": "ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]"]
        secret["sops"] = ["mac": "ENC[AES256_GCM,data:m]", "version": "3.9.0"]
        let masked = SOPSMask.masked(secret)
        let mask = Data("**SOPS**".utf8).base64EncodedString()
        #expect(masked["sops"] == nil)
        #expect(masked["data"] == ["password": .string(mask), "user": .string(mask)])
        #expect(masked["stringData"] == ["note": "**SOPS**"])
        #expect(SOPSMask.isMasked(masked))

        var docker = secret
        docker["type"] = "kubernetes.io/dockerconfigjson"
        docker["stringData"] = nil
        #expect(SOPSMask.masked(docker)["data", "password"] == .string(Data(#"{"mask":"**SOPS**"}"#.utf8).base64EncodedString()))

        // In a Secret without SOPS metadata, only values that are encrypted files are masked.
        var plain = KubeObject(apiVersion: "v1", kind: "Secret", name: "mixed", namespace: "default")
        let file = Data("sops_mac=ENC[AES256_GCM,data:q]\nsops_version=3.9.0\n".utf8).base64EncodedString()
        plain["data"] = ["app.env": .string(file), "user": "YWRtaW4="]
        #expect(SOPSMask.masked(plain)["data"] == ["app.env": .string(mask), "user": "YWRtaW4="])
        #expect(!SOPSMask.isMasked(SOPSMask.masked(KubeObject(apiVersion: "v1", kind: "ConfigMap", name: "c"))))
    }

    @Test func secretValuesThatAreEncryptedFilesAreDecryptedByTheirKeysFormat() throws {
        let text = AgeIdentities.generate()
        let identities = try AgeIdentities(text: text)
        let encryptor = SOPSEncryptor(recipients: [try AgeRecipient(publicKey: identities.recipients[0])])
        let env = try encryptor.encrypt(Array("TOKEN=env-plain-7a1b\n".utf8), format: .dotenv)
        let binary = try encryptor.encrypt(Array("raw-plain-3c9d".utf8), format: .binary)
        var secret = KubeObject(apiVersion: "v1", kind: "Secret", name: "files", namespace: "default")
        secret["data"] = ["app.env": .string(Data(env).base64EncodedString()), "token": .string(Data(binary).base64EncodedString()),
                          "user": "YWRtaW4="]
        let decryptor = KustomizationDecryptor(keyServices: [identities], keyring: nil)
        let result = try #require(try decryptor.decryptResources([secret]).first)
        #expect(result["data", "app.env"] == .string(Data("TOKEN=env-plain-7a1b\n".utf8).base64EncodedString()))
        #expect(result["data", "token"] == .string(Data("raw-plain-3c9d".utf8).base64EncodedString()))
        #expect(result["data", "user"] == "YWRtaW4=")
        #expect(decryptor.revealed.contains("env-plain-7a1b") && decryptor.revealed.contains("raw-plain-3c9d"))

        // Annotated Disabled: left alone. A wrong key: the Secret and the field named.
        var disabled = secret
        disabled["metadata", "annotations"] = ["kustomize.toolkit.fluxcd.io/decrypt": "disabled"]
        #expect(try decryptor.decryptResources([disabled]) == [disabled])
        let stranger = KustomizationDecryptor(keyServices: [try AgeIdentities(text: AgeIdentities.generate())], keyring: nil)
        #expect {
            try stranger.decryptResources([secret])
        } throws: { error in
            "\(error)".contains("Secret/default/files") && "\(error)".contains("app.env")
        }
    }
}
