import Foundation
import SluiceAPI
import SluiceCore
import SluiceKube
import SluiceTestSupport

/// `sluice-bench kustomization`: the flux-benchmark scenario — N Kustomizations, each applying one app of four objects
/// from one GitRepository, through the real `source-controller` and `kustomize-controller` processes.
enum KustomizationBenchmark {
    static let usage = """
        usage: sluice-bench kustomization [--counts 100,500,1000] [--concurrent 10] [--kube-api-qps 50]

          --counts N,N,...  Kustomizations per run (default 100,500,1000), each run on a fresh cluster
          --concurrent N    the kustomize-controller's --concurrent (default 10)
          --kube-api-qps N  the controllers' client rate limit (default 50; burst 300)

        Each Kustomization applies a Deployment scaled to 0, a ServiceAccount, a Service and an Ingress (with its own
        name prefix). Prints the time from creation until every Kustomization is Ready and the kustomize-controller's
        peak resident memory. Flux v2.9: 4m13s and 223 MiB for 1,000; aim here: under 60 s and under 100 MiB.
        """

    static let app: [String: GitFixture.Content] = [
        "app/deployment.yaml": .file("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: podinfo
            spec:
              replicas: 0
              selector:
                matchLabels: {app: podinfo}
              template:
                metadata:
                  labels: {app: podinfo}
                spec:
                  serviceAccountName: podinfo
                  containers:
                  - name: podinfo
                    image: ghcr.io/stefanprodan/podinfo:6.7.0
                    ports:
                    - containerPort: 9898

            """),
        "app/serviceaccount.yaml": .file("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: podinfo\n"),
        "app/service.yaml": .file("""
            apiVersion: v1
            kind: Service
            metadata:
              name: podinfo
            spec:
              selector: {app: podinfo}
              ports:
              - port: 9898
                targetPort: 9898

            """),
        "app/ingress.yaml": .file("""
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: podinfo
            spec:
              rules:
              - host: podinfo.example.com
                http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: podinfo
                        port:
                          number: 9898

            """),
    ]

    @Sendable
    static func run(_ arguments: [String]) async throws {
        let options = try BenchArguments(arguments, known: ["counts", "concurrent", "kube-api-qps"])
        let counts = (options.string("counts") ?? "100,500,1000").split(separator: ",").compactMap { Int($0) }
        let concurrent = try options.int("concurrent", default: 10)
        let qps = try options.int("kube-api-qps", default: 50)
        for count in counts {
            try await scenario(count, concurrent: concurrent, qps: qps)
        }
    }

    static func scenario(_ count: Int, concurrent: Int, qps: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appending(component: "sluice-bench-ks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let fixture = try await GitFixture()
        defer { fixture.cleanUp() }
        try await fixture.commit(app, message: "podinfo")
        try await fixture.push()
        let cluster = try await LocalCluster(directory: directory.appending(component: "cluster"))
        defer { cluster.stopNow() }
        try await cluster.installCRDs()
        let api = try KubernetesClient(configuration: ClientConfiguration.load(kubeconfig: cluster.kubeconfig, environment: .init(variables: [:])))
        while (try? await api.list(Kustomization.gvk, namespace: "default")) == nil { try await Task.sleep(for: .milliseconds(50)) }
        let store = directory.appending(component: "store.db").path
        func start(_ name: String, _ extra: [String]) throws -> Process {
            try BenchControllerProcess.start(name, cluster: cluster, store: store, qps: qps, extra)
        }
        let source = try start("source-controller", ["--storage-addr", "127.0.0.1:0", "--allow-local-git-urls"])
        defer { source.terminate(); source.waitUntilExit() }
        let kustomize = try start("kustomize-controller", ["--concurrent", "\(concurrent)"])
        defer { kustomize.terminate(); kustomize.waitUntilExit() }
        var repository = KubeObject(apiVersion: GitRepository.apiVersion, kind: GitRepository.kind, name: "podinfo", namespace: "default")
        repository["spec"] = ["url": .string(fixture.fileURL), "interval": "1h", "ref": ["branch": "main"]]
        _ = try await api.create(repository)

        let started = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for batch in stride(from: 0, to: count, by: 50) {
                group.addTask {
                    for index in batch..<min(count, batch + 50) {
                        var object = KubeObject(apiVersion: Kustomization.apiVersion, kind: Kustomization.kind, name: "app-\(index)", namespace: "default")
                        object["spec"] = ["interval": "1h", "path": "./app", "prune": true, "namePrefix": .string("app-\(index)-"),
                                          "sourceRef": ["kind": "GitRepository", "name": "podinfo"]]
                        _ = try await api.create(object)
                    }
                }
            }
            try await group.waitForAll()
        }
        var ready = 0
        while ready < count {
            try await Task.sleep(for: .milliseconds(500))
            guard kustomize.isRunning else { throw BenchError("kustomize-controller exited with \(kustomize.terminationStatus)") }
            ready = try await api.list(Kustomization.gvk, namespace: "default").items.filter { object in
                (try? object.decode(as: Kustomization.self))?.conditions.contains { $0.type == ConditionType.ready && $0.status == .true } == true
            }.count
            if ContinuousClock.now - started > .seconds(900) { throw BenchError("only \(ready) of \(count) Ready after 900 s") }
        }
        let elapsed = GitBenchmark.seconds(ContinuousClock.now - started)
        let peak = GitBenchmark.memoryKiB("VmHWM", in: "/proc/\(kustomize.processIdentifier)/status")
        print("\(count) Kustomizations (4 objects each), one kustomize-controller process (--concurrent \(concurrent), --kube-api-qps \(qps))")
        print(String(format: "  all Ready in %.1f s (aim < 60 s for 1,000)   peak resident %.1f MiB (aim < 100 MiB)", elapsed, Double(peak) / 1024))
    }
}
