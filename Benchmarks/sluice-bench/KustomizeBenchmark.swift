import Foundation

/// `sluice-bench kustomize`: the kustomize engine (`kustomize-controller build`) against `kubectl kustomize` on generated trees.
///
/// Each tree is a base of 50 objects of mixed kinds, N overlays of it (each
/// with a name prefix, a namespace, labels, an image override, a patch and a
/// generated ConfigMap) and a top kustomization including every overlay, so
/// it builds 51 × N documents. The default sizes are 1,275, 5,100 and 19,992
/// documents, to show how time grows with the number of documents. Both tools
/// run as child processes on the same tree, so each figure is a whole process:
/// wall time and peak resident memory (from `wait4`'s rusage).
enum KustomizeBenchmark {
    static let usage = """
        usage: sluice-bench kustomize [--overlays 25,100,392] [--runs 3] [--kubectl-runs 1] [--kubectl-up-to N] [--kubectl PATH]

          --overlays N,...  overlays of the 50-object base, one tree per number (default 25,100,392:
                            1,275, 5,100 and 19,992 output documents)
          --runs N          runs of the engine per tree; the best time is reported (default 3)
          --kubectl-runs N  runs of kubectl per tree, 0 to skip it (default 1: kubectl takes minutes on the largest tree)
          --kubectl-up-to N run kubectl only on trees of at most N overlays (default: every tree)
          --kubectl PATH    the kubectl to compare with (default: kubectl on the PATH)
        """

    /// One child process's wall time, processor time and peak memory.
    struct Measurement {
        var seconds: Double
        /// User and system time: steadier than wall time on a machine shared with other work.
        var cpuSeconds: Double
        var peakBytes: Int
        var outputBytes: Int
        var output: Data
    }

    /// Both tools' best runs on one tree.
    struct Row {
        var overlays: Int
        var documents: Int
        var ours: Measurement
        var theirs: Measurement?
    }

    @Sendable
    static func run(_ arguments: [String]) throws {
        let options = try BenchArguments(arguments, known: ["overlays", "runs", "kubectl-runs", "kubectl-up-to", "kubectl"])
        let sizeText = options.string("overlays") ?? "25,100,392"
        let sizes = sizeText.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.count == sizeText.split(separator: ",").count, sizes.allSatisfy({ $0 >= 1 }) else {
            throw BenchArguments.UsageError(message: "--overlays must be positive integers separated by commas, not '\(sizeText)'")
        }
        let runs = try options.int("runs", default: 3)
        let kubectlRuns = try options.int("kubectl-runs", default: 1, minimum: 0)
        let kubectlUpTo = try options.int("kubectl-up-to", default: Int.max)
        let here = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
        let controller = here.deletingLastPathComponent().appending(component: "kustomize-controller")
        guard FileManager.default.isExecutableFile(atPath: controller.path) else {
            throw BenchError("kustomize-controller not found at \(controller.path); build it with `swift build --product kustomize-controller` (same configuration)")
        }
        let kubectl = kubectlRuns > 0 ? options.string("kubectl") ?? findOnPath("kubectl") : nil

        print("Sluice kustomize benchmark")
        print("  trees     base of 50 objects, \(sizes.map(String.init).joined(separator: ", ")) overlays, one top kustomization")
        print("  engine    \(controller.path)")
        #if DEBUG
        print("  build     this benchmark is a debug build: the figures are of the kustomize-controller beside it, which should be a release build")
        #else
        print("  build     release")
        #endif
        print("  runs      engine best of \(runs), kubectl best of \(kubectlRuns)\(kubectl == nil && kubectlRuns > 0 ? " (kubectl not found; skipped)" : "")")
        print("")

        var rows: [Row] = []
        for overlays in sizes {
            let directory = FileManager.default.temporaryDirectory.appending(component: "sluice-bench-kustomize-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            try generateTree(at: directory, overlays: overlays)
            let top = directory.appending(component: "top").path
            var ours: Measurement?
            for _ in 0..<runs {
                let engine = try measure(controller.path, ["build", "--root", directory.path, top])
                if ours == nil || engine.seconds < ours!.seconds { ours = engine }
            }
            var theirs: Measurement?
            if let kubectl, overlays <= kubectlUpTo {
                for _ in 0..<kubectlRuns {
                    let reference = try measure(kubectl, ["kustomize", top])
                    if theirs == nil || reference.seconds < theirs!.seconds { theirs = reference }
                }
            }
            guard let ours else { continue }
            let documents = ours.output.split(separator: UInt8(ascii: "\n")).filter { $0 == Data("---".utf8) }.count + 1
            if let theirs, theirs.output != ours.output {
                print("  \(documents) documents: the outputs are DIFFERENT")
            }
            rows.append(Row(overlays: overlays, documents: documents, ours: ours, theirs: theirs))
        }
        print(table(rows))
    }

    /// The results as a table: both tools' time and peak memory per tree, the ratios, and the engine's time per document
    /// and its growth from one tree to the next.
    static func table(_ rows: [Row]) -> String {
        func cell(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }
        func mebibytes(_ bytes: Int) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }
        func grouped(_ number: Int) -> String {
            var digits = String(number)
            var index = digits.count - 3
            while index > 0 { digits.insert(",", at: digits.index(digits.startIndex, offsetBy: index)); index -= 3 }
            return digits
        }
        var lines = ["  " + [cell("documents", 9), cell("engine", 9), cell("kubectl", 9), cell("speed-up", 8), cell("engine", 9), cell("kubectl", 9),
                             cell("engine", 10), cell("kubectl", 10), cell("memory", 6), cell("engine/doc", 10), cell("growth", 15)].joined(separator: "  "),
                     "  " + [cell("", 9), cell("time", 9), cell("time", 9), cell("", 8), cell("cpu", 9), cell("cpu", 9), cell("peak", 10), cell("peak", 10),
                             cell("ratio", 6), cell("", 10), cell("docs → time", 15)].joined(separator: "  ")]
        var previous: Row?
        for row in rows {
            let perDocument = row.ours.seconds / Double(row.documents) * 1e6
            var growth = ""
            if let previous {
                growth = String(format: "×%.2f → ×%.2f", Double(row.documents) / Double(previous.documents), row.ours.seconds / previous.ours.seconds)
            }
            lines.append("  " + [
                cell(grouped(row.documents), 9), cell(seconds(row.ours.seconds), 9), cell(row.theirs.map { seconds($0.seconds) } ?? "-", 9),
                cell(row.theirs.map { String(format: "%.1fx", $0.seconds / row.ours.seconds) } ?? "-", 8),
                cell(seconds(row.ours.cpuSeconds), 9), cell(row.theirs.map { seconds($0.cpuSeconds) } ?? "-", 9),
                cell(mebibytes(row.ours.peakBytes), 10), cell(row.theirs.map { mebibytes($0.peakBytes) } ?? "-", 10),
                cell(row.theirs.map { String(format: "%.2f", Double(row.ours.peakBytes) / Double($0.peakBytes)) } ?? "-", 6),
                cell(String(format: "%.1f µs", perDocument), 10), cell(growth, 15),
            ].joined(separator: "  "))
            previous = row
        }
        lines.append("")
        lines.append("  time = best wall time; cpu = user + system time of that run; speed-up = kubectl time / engine time;")
        lines.append("  memory ratio = engine peak / kubectl peak; engine/doc = engine time per output document;")
        lines.append("  growth = documents ×a → engine time ×b from the row above (linear: b ≈ a)")
        return lines.joined(separator: "\n")
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
        let cpuSeconds = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return Measurement(seconds: seconds, cpuSeconds: cpuSeconds, peakBytes: Int(usage.ru_maxrss) * 1024, outputBytes: output.count, output: output)
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
