import Foundation

// sluice-bench: Sluice's benchmarks, one subcommand each, chosen by the first argument.
//
//     sluice-bench store [--store PATH] [--writers 4] [--events 20000] [--artifacts 50]
//     sluice-bench apiserver [--objects 10000] [--concurrency 16] [--watchers 4] [--watch-events 1000]
//     sluice-bench git [--files 10000] [--noop-runs 50] [--repositories 500] [--concurrent 8]
//     sluice-bench kustomize [--overlays 25,100,392] [--runs 3] [--kubectl-runs 1] [--kubectl-up-to N]
//     sluice-bench notification [--requests 5000] [--concurrency 32] [--events 5000] [--alerts 100]
//     sluice-bench kustomization [--counts 100,500,1000] [--concurrent 10]
//     sluice-bench push [--pushes 20]
//     sluice-bench up [--runs 5]
//     sluice-bench helm [--iterations 20] [--templates 200] [--chart PATH]
//     sluice-bench sources [--charts 500] [--oci 200] [--concurrent 10] [--kube-api-qps 50]
//     sluice-bench helmrelease [--counts 100,500,1000] [--concurrent 10] [--kube-api-qps 50]
//
// Benchmarks measure and print; they assert nothing. Build with `-c release` for representative figures.

/// The benchmarks, by subcommand name. Add new ones here.
let benchmarks: [Benchmark] = [
    Benchmark(
        name: "store",
        summary: "events and artifacts through the shared store, one writer process against several",
        usage: StoreBenchmark.usage,
        run: StoreBenchmark.run),
    Benchmark(
        name: "apiserver",
        summary: "writes, reads and watch delivery of `sluice cluster serve` over loopback",
        usage: APIServerBenchmark.usage,
        run: APIServerBenchmark.run),
    Benchmark(
        name: "git",
        summary: "source-controller: packaging a large tree, a no-op reconcile, many GitRepositories in one process",
        usage: GitBenchmark.usage,
        run: GitBenchmark.run),
    Benchmark(
        name: "kustomize",
        summary: "the kustomize engine (`kustomize-controller build`) against `kubectl kustomize` on a generated tree",
        usage: KustomizeBenchmark.usage,
        run: KustomizeBenchmark.run),
    Benchmark(
        name: "notification",
        summary: "notification-controller: signed webhooks through the receiver, events through 100 alerts to a provider",
        usage: NotificationBenchmark.usage,
        run: NotificationBenchmark.run),
    Benchmark(
        name: "kustomization",
        summary: "kustomize-controller: N Kustomizations of four objects each from one GitRepository until all are Ready",
        usage: KustomizationBenchmark.usage,
        run: KustomizationBenchmark.run),
    Benchmark(
        name: "push",
        summary: "seconds from git push to applied: webhook, source-controller, kustomize-controller, all real processes",
        usage: PushBenchmark.usage,
        run: PushBenchmark.run),
    Benchmark(
        name: "up",
        summary: "`sluice up --once` on the bundled example, cold and warm: every process started, applied, stopped",
        usage: UpBenchmark.usage,
        run: UpBenchmark.run),
    Benchmark(
        name: "helm",
        summary: "the chart engine in process: a generated chart of 10 subcharts and 200 templates, podinfo, linearity",
        usage: HelmBenchmark.usage,
        run: HelmBenchmark.run),
    Benchmark(
        name: "sources",
        summary: "source-controller: 500 HelmCharts from one HelmRepository and 200 OCIRepositories until Ready, a no-op round",
        usage: SourcesBenchmark.usage,
        run: SourcesBenchmark.run),
    Benchmark(
        name: "helmrelease",
        summary: "helm-controller: N HelmReleases of a small chart installed until Ready; memory, requests per release",
        usage: HelmReleaseBenchmark.usage,
        run: HelmReleaseBenchmark.run),
]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, !["-h", "--help", "help"].contains(name) else {
    print(Benchmark.overview(benchmarks))
    exit(arguments.isEmpty ? 2 : 0)
}
guard let benchmark = benchmarks.first(where: { $0.name == name }) else {
    FileHandle.standardError.write(Data("sluice-bench: unknown benchmark '\(name)'\n\n\(Benchmark.overview(benchmarks))\n".utf8))
    exit(2)
}
do {
    let rest = Array(arguments.dropFirst())
    if rest.contains("-h") || rest.contains("--help") {
        print(benchmark.usage)
    } else {
        try await benchmark.run(rest)
    }
} catch let error as BenchArguments.UsageError {
    FileHandle.standardError.write(Data("sluice-bench \(name): \(error.message)\n\n\(benchmark.usage)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("sluice-bench \(name): \(error)\n".utf8))
    exit(1)
}
