import Foundation
import Logging
import SluiceCore
import SluiceKustomize
import Testing

/// A generator's errors name the file and the place, never a Secret's value: an env line without `=` may be the
/// secret itself, and a literal's value is the secret.
@Suite struct GeneratorSecrecyTests {
    let logger = Logger(label: "kustomize-generator-secrecy")
    static let secret = "s3cr3t hunter2"

    func error(_ files: [String: String]) -> KustomizeError? {
        do {
            _ = try KustomizeBuilder(fileSystem: InMemoryFileSystem(files: files), logger: logger).build(path: "")
            return nil
        } catch {
            return error
        }
    }

    @Test func aMalformedEnvLineIsNotEchoed() throws {
        let failure = try #require(error([
            "kustomization.yaml": "secretGenerator:\n- name: creds\n  envs:\n  - creds.env\n",
            "creds.env": "USER=ops\n\(Self.secret)\n",
        ]))
        #expect(failure.file == "creds.env", "\(failure)")
        #expect(failure.description.contains("line 2"), "\(failure)")
        #expect(!failure.description.contains("hunter2"), "\(failure)")
    }

    @Test func anExportLineSaysWhy() throws {
        let failure = try #require(error([
            "kustomization.yaml": "configMapGenerator:\n- name: vars\n  envs:\n  - vars.env\n",
            "vars.env": "export MODE=fast\n",
        ]))
        #expect(failure.description.contains("'export' is not part of the env file syntax"), "\(failure)")
    }

    @Test func aSecretKeyIsNotEchoed() throws {
        let failure = try #require(error([
            "kustomization.yaml": "secretGenerator:\n- name: creds\n  literals:\n  - \"\(Self.secret)#=x\"\n",
        ]))
        #expect(failure.description.contains("not a valid key name for a Secret"), "\(failure)")
        #expect(!failure.description.contains("hunter2"), "\(failure)")
    }

    @Test func aSecretLiteralWithoutEqualsIsNotEchoed() throws {
        let failure = try #require(error([
            "kustomization.yaml": "secretGenerator:\n- name: creds\n  literals:\n  - \"\(Self.secret)\"\n",
        ]))
        #expect(failure.description.contains("expected key=value"), "\(failure)")
        #expect(!failure.description.contains("hunter2"), "\(failure)")
    }

    @Test func aLiteralWithAControlCharacterNamesOnlyItsKey() throws {
        let failure = try #require(error([
            "kustomization.yaml": "secretGenerator:\n- name: creds\n  literals:\n  - \"token=\(Self.secret)\\x7f\"\n",
        ]))
        #expect(failure.description.contains("literal 'token'"), "\(failure)")
        #expect(failure.description.contains("control characters are not allowed"), "\(failure)")
        #expect(!failure.description.contains("hunter2"), "\(failure)")
    }
}
