import Foundation

/// A Git repository made with the real `git`: a work tree that commits and tags, and a bare repository it pushes
/// to, which the test servers serve.
///
/// Layout under a fresh temporary directory: `work/` (the work tree, branch `main`), `served/<name>.git` (the bare
/// repository), `home/` (HOME for git, so no user configuration leaks in). `cleanUp()` removes it all.
public final class GitFixture: Sendable {
    /// The temporary directory holding everything.
    public let root: URL
    /// The work tree.
    public let work: URL
    /// The directory the servers serve (`--base-path`, `GIT_PROJECT_ROOT`).
    public let served: URL
    /// The bare repository's directory name under `served`, such as `repo.git`.
    public let repositoryName: String

    /// The bare repository.
    public var bare: URL { served.appendingPathComponent(repositoryName) }
    /// `file://` URL of the bare repository.
    public var fileURL: String { "file://\(bare.path)" }

    /// What a committed path holds.
    public enum Content: Sendable {
        /// A regular file (mode 0644).
        case file(String)
        /// An executable file (mode 0755).
        case executable(String)
        /// A symbolic link to the target.
        case symlink(String)
    }

    /// Creates the work tree (`git init -b main`) and the bare repository.
    public init(name: String = "repo") async throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-git-\(UUID().uuidString)")
        work = root.appendingPathComponent("work")
        served = root.appendingPathComponent("served")
        repositoryName = "\(name).git"
        for directory in [work, served, root.appendingPathComponent("home")] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        try await git(["init", "-q", "-b", "main", work.path], in: root)
        try await git(["init", "-q", "--bare", bare.path], in: root)
        try await git(["config", "user.name", "Sluice Test"])
        try await git(["config", "user.email", "test@sluice.invalid"])
        try await git(["remote", "add", "origin", bare.path])
    }

    /// Writes `files`, deletes `removing`, commits everything with `message` and returns the new commit's sha.
    ///
    /// With `signingKey` (a private SSH key file), the commit is signed (`gpg.format=ssh`).
    @discardableResult
    public func commit(_ files: [String: Content], removing: [String] = [], message: String,
                       author: (name: String, email: String)? = nil, date: Date? = nil, signingKey: URL? = nil) async throws -> String {
        for (path, content) in files {
            let url = work.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: url)
            switch content {
            case .file(let text):
                try Data(text.utf8).write(to: url)
                try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
            case .executable(let text):
                try Data(text.utf8).write(to: url)
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
            case .symlink(let target):
                try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target)
            }
        }
        for path in removing { try FileManager.default.removeItem(at: work.appendingPathComponent(path)) }
        try await git(["add", "-A"])
        var environment: [String: String] = [:]
        if let author {
            environment["GIT_AUTHOR_NAME"] = author.name
            environment["GIT_AUTHOR_EMAIL"] = author.email
        }
        if let date {
            let stamp = "@\(Int(date.timeIntervalSince1970)) +0000"
            environment["GIT_AUTHOR_DATE"] = stamp
            environment["GIT_COMMITTER_DATE"] = stamp
        }
        var arguments = ["commit", "-q", "--allow-empty", "-m", message]
        if let signingKey {
            arguments = ["-c", "gpg.format=ssh", "-c", "user.signingkey=\(signingKey.path)"] + arguments + ["-S"]
        }
        try await git(arguments, environment: environment)
        return try await head()
    }

    /// The sha of `revision` in the work tree.
    public func head(_ revision: String = "HEAD") async throws -> String {
        try await git(["rev-parse", revision]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Tags `revision`: lightweight, or annotated with `message`.
    public func tag(_ name: String, message: String? = nil, at revision: String = "HEAD") async throws {
        if let message {
            try await git(["tag", "-a", name, "-m", message, revision])
        } else {
            try await git(["tag", name, revision])
        }
    }

    /// Creates and switches to `branch` (from the current commit), or switches to it when it exists.
    public func checkout(branch: String) async throws {
        if (try? await git(["rev-parse", "--verify", "-q", "refs/heads/\(branch)"])) != nil {
            try await git(["checkout", "-q", branch])
        } else {
            try await git(["checkout", "-q", "-b", branch])
        }
    }

    /// Pushes all branches and tags to the bare repository (forced, so rewritten history is served too).
    public func push() async throws {
        try await git(["push", "-q", "--force", "origin", "--all"])
        try await git(["push", "-q", "--force", "origin", "--tags"])
    }

    /// Pushes `revision` to the reference `name` in the bare repository, such as `refs/pull/1/head`.
    public func push(_ revision: String, to name: String) async throws {
        try await git(["push", "-q", "--force", "origin", "\(revision):\(name)"])
    }

    /// Runs `git` with `arguments` in the work tree (or `directory`), hermetically configured.
    @discardableResult
    public func git(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) async throws -> String {
        let hermetic = [
            "HOME": root.appendingPathComponent("home").path, "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C",
        ]
        return try await Shell.run("/usr/bin/git", arguments, in: directory ?? work, environment: hermetic.merging(environment) { $1 })
    }

    /// Removes the temporary directory.
    public func cleanUp() {
        try? FileManager.default.removeItem(at: root)
    }
}
