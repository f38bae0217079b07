import Foundation
import SluiceCore

/// A kubeconfig's `users[].user.exec` credential plugin (client-go's `ExecConfig`): a program printing an
/// `ExecCredential` whose `status.token` authenticates the client.
///
/// Only kubeconfigs a person chose run plugins: one from a Secret does only under `--insecure-kubeconfig-exec`.
/// The description names the command, never its arguments or environment (they may carry secrets).
public struct ExecCredentialCommand: Sendable, Equatable, CustomStringConvertible {
    /// The program (a path, or a name looked up on `PATH`).
    public var command: String
    /// Its arguments.
    public var arguments: [String]
    /// Variables added to the controller's environment for it.
    public var environment: [String: String]
    /// The `ExecCredential` API version exchanged (`client.authentication.k8s.io/v1` or `v1beta1`).
    public var apiVersion: String

    /// The API versions of `ExecCredential` understood.
    public static let apiVersions: Set<String> = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"]

    /// A plugin.
    public init(command: String, arguments: [String] = [], environment: [String: String] = [:],
                apiVersion: String = "client.authentication.k8s.io/v1")
    {
        self.command = command
        self.arguments = arguments
        self.environment = environment
        self.apiVersion = apiVersion
    }

    /// The plugin a kubeconfig's `exec` mapping describes; `entry` and `source` name it in errors.
    init(_ exec: JSONValue, entry: String, source: String) throws(KubeConfigError) {
        func failure(_ message: String) -> KubeConfigError { KubeConfigError(file: source, "\(entry): exec: \(message)") }
        guard exec.objectValue != nil else { throw failure("must be a mapping") }
        guard let command = exec["command"]?.stringValue, !command.isEmpty else { throw failure("command is required") }
        guard let apiVersion = exec["apiVersion"]?.stringValue, Self.apiVersions.contains(apiVersion) else {
            throw failure("apiVersion must be one of \(Self.apiVersions.sorted().joined(separator: ", "))")
        }
        var arguments: [String] = []
        if let args = exec["args"], !args.isNull {
            guard let list = args.arrayValue else { throw failure("args must be a list of strings") }
            for item in list {
                guard let text = item.stringValue else { throw failure("args must be a list of strings") }
                arguments.append(text)
            }
        }
        var environment: [String: String] = [:]
        if let env = exec["env"], !env.isNull {
            guard let list = env.arrayValue else { throw failure("env must be a list of name/value pairs") }
            for (index, item) in list.enumerated() {
                guard let name = item["name"]?.stringValue, !name.isEmpty, let value = item["value"]?.stringValue else {
                    throw failure("env[\(index)] needs a name and a value")
                }
                environment[name] = value
            }
        }
        if exec["interactiveMode"]?.stringValue == "Always" {
            throw failure("interactiveMode Always needs a terminal, which a controller has not")
        }
        self.init(command: command, arguments: arguments, environment: environment, apiVersion: apiVersion)
    }

    /// The command's name only.
    public var description: String { "exec plugin \((command as NSString).lastPathComponent)" }

    /// A token the plugin printed, and until when it is good.
    struct Token: Sendable {
        var token: String
        var expires: Date?
    }

    /// The most output read from a plugin.
    static let maxOutputBytes = 1 << 20

    /// Runs the plugin (off Swift's cooperative threads, stdin closed, killed after `timeout`) and reads its token.
    ///
    /// - Throws: ``KubernetesError/unauthorized(_:)`` naming the command and the cause; never its output.
    func run(timeout: Duration = .seconds(60)) async throws -> Token {
        let description = description
        let process = Process()
        if command.contains("/") {
            process.executableURL = URL(fileURLWithPath: command)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [command] + arguments
        }
        var variables = ProcessInfo.processInfo.environment
        variables.merge(environment) { _, new in new }
        variables["KUBERNETES_EXEC_INFO"] = #"{"apiVersion":"\#(apiVersion)","kind":"ExecCredential","spec":{"interactive":false}}"#
        process.environment = variables
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        // The exit is reported by Foundation's termination handler (never `waitUntilExit`, which spins a run loop on
        // whatever thread calls it); the pipe is drained on a Dispatch thread, not one of Swift's cooperative ones.
        let (exits, exited) = AsyncStream.makeStream(of: (status: Int32, killed: Bool).self, bufferingPolicy: .bufferingNewest(1))
        process.terminationHandler = { process in
            exited.yield((process.terminationStatus, process.terminationReason == .uncaughtSignal))
            exited.finish()
        }
        do {
            try process.run()
        } catch {
            throw KubernetesError.unauthorized("\(description) cannot be started: \(error.localizedDescription)")
        }
        let deadline = DispatchWorkItem { process.terminate() }
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: deadline)
        let data: Data = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var data = Data()
                while true {
                    let chunk = stdout.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    // Keep draining past the limit so the plugin never blocks on a full pipe.
                    if data.count < Self.maxOutputBytes { data.append(chunk) }
                }
                continuation.resume(returning: data)
            }
        }
        var exit: (status: Int32, killed: Bool) = (-1, false)
        for await value in exits { exit = value }
        deadline.cancel()
        let output = (status: exit.status, stdout: data, killed: exit.killed)
        if output.killed {
            throw KubernetesError.unauthorized("\(description) was stopped by signal \(output.status) (it is given \(timeout) to finish)")
        }
        guard output.status == 0 else { throw KubernetesError.unauthorized("\(description) exited with status \(output.status)") }
        guard output.stdout.count < Self.maxOutputBytes else {
            throw KubernetesError.unauthorized("\(description) printed more than \(Self.maxOutputBytes) bytes")
        }
        let credential: JSONValue
        do {
            credential = try JSONParser().parse(Array(output.stdout))
        } catch {
            throw KubernetesError.unauthorized("\(description) did not print an ExecCredential (invalid JSON)")
        }
        guard credential["kind"]?.stringValue == "ExecCredential", credential["apiVersion"]?.stringValue == apiVersion else {
            throw KubernetesError.unauthorized("\(description) did not print an ExecCredential of \(apiVersion)")
        }
        guard let token = credential["status"]?["token"]?.stringValue, !token.isEmpty else {
            throw KubernetesError.unauthorized("\(description) printed no status.token (client certificates from plugins are not supported)")
        }
        let expires = credential["status"]?["expirationTimestamp"]?.stringValue.flatMap(Timestamp.parse)
        return Token(token: token, expires: expires)
    }
}
