import Foundation
import SluiceCore

/// The processes `sluice up` runs: `sluice cluster serve` and the four controllers, sharing one store.
final class LocalControlPlane: @unchecked Sendable {
    /// The controller executables, in the order they start (and the reverse of the order they stop).
    static let controllers = ["source-controller", "kustomize-controller", "helm-controller", "notification-controller"]

    /// Where the executables are: beside the running `sluice`.
    let binDirectory: URL
    let data: UpDataDirectory
    /// Every child started, the API server first.
    private(set) var children: [SpawnedProcess] = []

    /// A control plane whose executables are in `binDirectory`.
    init(binDirectory: URL, data: UpDataDirectory) {
        self.binDirectory = binDirectory
        self.data = data
    }

    /// The directory of the running executable.
    static var executableDirectory: URL {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: path).deletingLastPathComponent()
    }

    /// Starts `sluice cluster serve` on `listen` and waits for its "serving" line.
    ///
    /// - Returns: The API server's URL.
    func startAPIServer(listen: String, timeout: Duration) async throws -> String {
        let log = data.log("apiserver")
        try? FileManager.default.removeItem(at: log)
        let server = try start("apiserver", executable: "sluice", ["cluster", "serve", "--listen", listen, "--data", data.cluster.path])
        let line = try await awaitLine(of: server, timeout: timeout) { $0.hasPrefix("serving Kubernetes API on ") }
        guard let url = line.split(separator: " ").first(where: { $0.hasPrefix("http") }) else {
            throw CLIError("the API server printed an unexpected line: \(line)")
        }
        return String(url)
    }

    /// Starts the four controllers against the API server's kubeconfig and the shared store.
    ///
    /// `receiverAddress` is where the notification-controller serves webhooks; everything else listens on
    /// kernel-chosen loopback ports, so two `sluice up` on different data directories never collide. `lockDown` adds
    /// the multi-tenancy flags each controller takes. Every controller keeps the admin kubeconfig: the appliers must be
    /// able to impersonate the accounts Kustomizations and HelmReleases name.
    func startControllers(receiverAddress: String, lockDown: ControllerLockDown = .init()) throws {
        let common = ["run", "--kubeconfig", data.kubeconfig.path, "--store", data.store.path,
                      "--metrics-addr", "127.0.0.1:0", "--health-addr", "127.0.0.1:0", "--log-encoding", "json",
                      // One replica each, and the data-directory lock already keeps a second `sluice up` out; a Lease
                      // left by a hard-killed run would only delay the start by its duration.
                      "--disable-leader-election"]
        let extra = [
            "source-controller": ["--storage-addr", "127.0.0.1:0", "--allow-local-git-urls"],
            "notification-controller": ["--receiver-addr", receiverAddress],
        ]
        for name in Self.controllers {
            try? FileManager.default.removeItem(at: data.log(name))
            try start(name, executable: name, common + extra[name, default: []] + lockDown.arguments(for: name))
        }
    }

    /// Waits for the notification-controller to log where it serves webhooks; returns `host:port`.
    func receiverAddress(timeout: Duration) async throws -> String {
        guard let notification = children.first(where: { $0.name == "notification-controller" }) else {
            throw CLIError("the notification-controller is not running")
        }
        let line = try await awaitLine(of: notification, timeout: timeout) { $0.contains("\"serving webhook receivers\"") }
        guard case .object(let entry)? = try? JSONParser().parse(line), let address = entry["address"]?.stringValue else {
            throw CLIError("the notification-controller logged an unexpected line: \(line)")
        }
        return address
    }

    /// The first child that has exited, with its status.
    func exited() -> (SpawnedProcess, Int32)? {
        for child in children { if let status = child.poll() { return (child, status) } }
        return nil
    }

    /// Stops the controllers (in reverse order, so none outlives the API server it talks to), then the API server.
    func stop() async {
        for child in children.reversed() { await child.stop() }
        data.recordChildren([])
    }

    /// Starts `executable` from the bin directory as the child `name`, logging to `logs/NAME.log`.
    @discardableResult
    private func start(_ name: String, executable: String, _ arguments: [String]) throws -> SpawnedProcess {
        let url = binDirectory.appendingPathComponent(executable)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw CLIError("\(url.path) is missing", hint: "sluice up runs the controllers beside it; build them all: swift build")
        }
        let child = try SpawnedProcess(name: name, executable: url, arguments: arguments, logFile: data.log(name))
        children.append(child)
        data.recordChildren(children)
        return child
    }

    /// Polls `child`'s log for a line matching `matches`; fails when the child exits or `timeout` passes first.
    private func awaitLine(of child: SpawnedProcess, timeout: Duration, _ matches: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let text = (try? String(contentsOf: child.logFile, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { matches(String($0)) }) { return String(line) }
            if let status = child.poll() {
                throw CLIError("\(child.name) exited with status \(status) while starting:\n\(child.logTail())",
                               hint: "its log is \(child.logFile.path)")
            }
            if ContinuousClock.now >= deadline {
                throw CLIError("\(child.name) did not start within \(timeout)", hint: "its log is \(child.logFile.path)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
