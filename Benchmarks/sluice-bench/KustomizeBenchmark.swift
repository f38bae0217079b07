import Foundation

/// `sluice-bench kustomize`: the kustomize engine (`kustomize-controller build`) against `kubectl kustomize` on a generated tree.
///
/// The tree is a base of 50 objects of mixed kinds, `--overlays` overlays of it
/// (each with a name prefix, labels, an image override, a patch and a
/// generated ConfigMap) and a top kustomization including every overlay.
/// Both tools run as child processes on the same tree, so each figure is a
/// whole process: wall time and peak resident memory (from `wait4`'s rusage).
enum KustomizeBenchmark {
    static let usage = """
        usage: sluice-bench kustomize [--overlays 100] [--runs 3] [--kubectl PATH]

          --overlays N   overlays of the 50-object base (default 100, about 5,100 output documents)
          --runs N       runs of each tool; the best time is reported (default 3)
          --kubectl PATH the kubectl to compare with (default: kubectl on the PATH)
        """

    /// One child process's wall time and peak memory.
    struct Measurement {
        var seconds: Double
        var peakBytes: Int
        var outputBytes: Int
        var output: Data
    }

    @Sendable
    static func run(_ arguments: [String]) throws {
        let options = try BenchArguments(arguments, known: ["overlays", "runs", "kubectl"])
        let overlays = try options.int("overlays", default: 100)
        let runs = try options.int("runs", default: 3)
        let here = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
        let controller = here.deletingLastPathComponent().appending(component: "kustomize-controller")
        guard FileManager.default.isExecutableFile(atPath: controller.path) else {
            throw BenchError("kustomize-controller not found at \(controller.path); build it with `swift build --product kustomize-controller` (same configuration)")
        }
        let kubectl = options.string("kubectl") ?? findOnPath("kubectl")

        let directory = FileManager.default.temporaryDirectory.appending(component: "sluice-bench-kustomize-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try generateTree(at: directory, overlays: overlays)
        let top = directory.appending(component: "top").path

        print("Sluice kustomize benchmark")
        print("  tree      base of 50 objects, \(overlays) overlays, one top kustomization (\(directory.path))")
        #if DEBUG
        print("  build     debug — build with `swift build -c release` for representative figures")
        #else
        print("  build     release")
        #endif
        print("")

        var ours: Measurement?
        var theirs: Measurement?
        for _ in 0..<runs {
            let engine = try measure(controller.path, ["build", "--root", directory.path, top])
            if ours == nil || engine.seconds < ours!.seconds { ours = engine }
            if let kubectl {
                let reference = try measure(kubectl, ["kustomize", top])
                if theirs == nil || reference.seconds < theirs!.seconds { theirs = reference }
            }
        }
        func row(_ name: String, _ m: Measurement) -> String {
            "  \(name.padding(toLength: 26, withPad: " ", startingAt: 0)) \(String(format: "%8.3f s", m.seconds))  \(String(format: "%8.1f MiB", Double(m.peakBytes) / 1_048_576))  \(m.outputBytes) bytes out"
        }
        print("  tool                        best time     peak memory")
        if let ours { print(row("kustomize-controller build", ours)) }
        if let theirs { print(row("kubectl kustomize", theirs)) } else { print("  kubectl kustomize          (kubectl not found; skipped)") }
        if let ours, let theirs {
            print("")
            print("  outputs   \(ours.output == theirs.output ? "identical" : "DIFFERENT") (\(ours.output.split(separator: UInt8(ascii: "\n")).filter { $0 == Data("---".utf8) }.count + 1) documents)")
            print(String(format: "  speed-up %.2fx (kubectl time / engine time); memory %.2fx (engine peak / kubectl peak)",
                         theirs.seconds / ours.seconds, Double(ours.peakBytes) / Double(theirs.peakBytes)))
        }
    }

    /// Runs a child to completion with its output counted, returning wall time and its own peak RSS.
    static func measure(_ executable: String, _ arguments: [String]) throws -> Measurement {
        let outputPath = FileManager.default.temporaryDirectory.appending(component: "sluice-bench-out-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let start = DispatchTime.now()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchError("cannot start \(executable): error \(spawned)") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        guard status == 0 else { throw BenchError("\(executable) \(arguments.joined(separator: " ")) failed with status \(status)") }
        let output = FileManager.default.contents(atPath: outputPath) ?? Data()
        return Measurement(seconds: seconds, peakBytes: Int(usage.ru_maxrss) * 1024, outputBytes: output.count, output: output)
    }

    static func findOnPath(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Writes the base, the overlays and the top kustomization.
    static func generateTree(at root: URL, overlays: Int) throws {
        func write(_ relative: String, _ text: String) throws {
            let url = root.appending(path: relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: false, encoding: .utf8)
        }
        var base = "resources:\n"
        for index in 0..<50 {
            let file = "r\(index).yaml"
            base += "- \(file)\n"
            let object: String
            switch index % 5 {
            case 0:
                object = """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: app\(index)
                      labels:
                        app: app\(index)
                    spec:
                      replicas: 2
                      selector:
                        matchLabels:
                          app: app\(index)
                      template:
                        metadata:
                          labels:
                            app: app\(index)
                        spec:
                          serviceAccountName: sa\(index + 3)
                          containers:
                          - name: main
                            image: nginx:1.25
                            ports:
                            - containerPort: 8080
                            envFrom:
                            - configMapRef:
                                name: cm\(index + 2)
                            resources:
                              limits:
                                memory: 128Mi

                    """
            case 1:
                object = "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\(index)\nspec:\n  selector:\n    app: app\(index - 1)\n  ports:\n  - port: 80\n    targetPort: 8080\n"
            case 2:
                object = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\(index)\ndata:\n  key: value-\(index)\n  other: \"yes\"\n"
            case 3:
                object = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa\(index)\n"
            default:
                object = "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: rb\(index)\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects:\n- kind: ServiceAccount\n  name: sa\(index - 1)\n"
            }
            try write("base/\(file)", object)
        }
        try write("base/kustomization.yaml", base)
        var top = "resources:\n"
        for overlay in 0..<overlays {
            top += "- ../o\(overlay)\n"
            try write("o\(overlay)/kustomization.yaml", """
                resources:
                - ../base
                namePrefix: o\(overlay)-
                namespace: ns\(overlay)
                labels:
                - pairs:
                    overlay: o\(overlay)
                  includeSelectors: true
                images:
                - name: nginx
                  newTag: "1.\(overlay)"
                configMapGenerator:
                - name: generated
                  literals:
                  - overlay=\(overlay)
                patches:
                - target:
                    kind: Deployment
                  patch: |-
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata:
                      name: any
                    spec:
                      replicas: \(overlay % 5 + 1)

                """)
        }
        try write("top/kustomization.yaml", top)
    }
}
