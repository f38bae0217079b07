import SluiceGit
import Testing

/// URL parsing and validation, before anything connects.
@Suite("GitURL")
struct GitURLTests {
    @Test func acceptedForms() throws {
        let https = try GitURL("https://user:pw@git.example.com:8443/org/repo.git")
        #expect(https.scheme == "https")
        #expect(https.host == "git.example.com")
        #expect(https.port == 8443)
        #expect(https.user == "user")
        #expect(https.path == "/org/repo.git")
        #expect(https.redacted == "https://user@git.example.com:8443/org/repo.git")

        let scp = try GitURL("git@github.com:fluxcd/flux2.git")
        #expect(scp.scheme == "ssh")
        #expect(scp.host == "github.com")
        #expect(scp.user == "git")
        #expect(scp.path == "fluxcd/flux2.git")
        #expect(scp.port == nil)
        #expect(scp.isSCPLike)

        let ssh = try GitURL("ssh://git@[::1]:2222/repo.git")
        #expect(ssh.host == "::1")
        #expect(ssh.port == 2222)
        #expect(ssh.redacted == "ssh://git@[::1]:2222/repo.git")

        let file = try GitURL("file:///srv/git/repo.git")
        #expect(file.scheme == "file")
        #expect(file.host == nil)
        #expect(file.path == "/srv/git/repo.git")

        #expect(try GitURL("GIT://example.com/repo").scheme == "git")
        #expect(try GitURL("http://example.com/repo").effectivePort == 80)
    }

    @Test(arguments: ["", " https://example.com/repo", "https://exa mple.com/repo", "https://example.com", "https://:80/repo",
                      "https://example.com:0/repo", "https://example.com:http/repo", "repo.git", "./repo", "file://host/repo",
                      "git@:repo", "git@host:", "1http://example.com/repo"])
    func invalid(_ text: String) {
        #expect(throws: GitError.self) { try GitURL(text) }
        do { _ = try GitURL(text) } catch let error as GitError { #expect(error.kind == .invalidURL, "\(text)") } catch {}
    }

    @Test(arguments: ["ftp://example.com/repo.git", "s3://bucket/repo", "git+ssh://example.com/repo"])
    func unsupported(_ text: String) {
        do {
            _ = try GitURL(text)
            Issue.record("\(text) parsed")
        } catch let error as GitError {
            #expect(error.kind == .unsupportedScheme)
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func passwordsAreNotInMessages() {
        do {
            _ = try GitURL("https://user:topsecret@example.com:99999/repo")
        } catch let error as GitError {
            #expect(!error.message.contains("topsecret"))
        } catch {
            Issue.record("\(error)")
        }
    }
}
