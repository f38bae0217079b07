// swift-tools-version:6.0
import PackageDescription

/// Strict settings every target shares (see ARCHITECTURE.md).
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Sluice",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sluice", targets: ["sluice"]),
        .executable(name: "source-controller", targets: ["source-controller"]),
        .executable(name: "kustomize-controller", targets: ["kustomize-controller"]),
        .executable(name: "helm-controller", targets: ["helm-controller"]),
        .executable(name: "notification-controller", targets: ["notification-controller"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.0.0"),
    ],
    targets: [
        // Bottom layer: data and pure code.
        .target(
            name: "SluiceCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strict),
        .target(
            name: "SluiceAPI",
            dependencies: ["SluiceCore"],
            swiftSettings: strict),
        // Kubernetes' built-in kinds and schemas (generated from ../shared/schemas), object validation, OpenAPI documents.
        .target(
            name: "SluiceSchema",
            dependencies: ["SluiceCore"],
            resources: [.copy("Resources/kubernetes-definitions.json")],
            swiftSettings: strict),
        .target(
            name: "SluiceStore",
            dependencies: [
                "SluiceCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .target(
            name: "SluiceMerge",
            dependencies: ["SluiceCore"],
            resources: [.copy("Resources/kubernetes-schema.json")],
            swiftSettings: strict),
        .target(
            name: "SluiceKube",
            dependencies: [
                "SluiceCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // The OCI distribution client (registries: pull, push, tags, auth), for OCIRepository and the CLI's artifact verbs.
        .target(
            name: "SluiceOCI",
            dependencies: [
                "SluiceCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .target(
            name: "SluiceAPIServer",
            dependencies: [
                "SluiceCore", "SluiceMerge", "SluiceSchema",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strict),
        // zlib from the system, for SluiceArchive's gzip.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "SluiceArchive",
            dependencies: [
                "CZlib",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // Git over libgit2 (system libraries from Debian's libgit2-dev and libmbedtls-dev).
        .systemLibrary(name: "CLibGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CMbedTLS", providers: [.apt(["libmbedtls-dev"])]),
        .target(
            name: "SluiceGit",
            dependencies: [
                "CLibGit2", "CMbedTLS", "SluiceCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // OpenPGP through GnuPG's gpgme (system library from Debian's libgpgme-dev; runs gpg and gpg-agent from gnupg).
        .systemLibrary(name: "CGPGME", pkgConfig: "gpgme", providers: [.apt(["libgpgme-dev"])]),
        .target(
            name: "SluiceGPG",
            dependencies: ["CGPGME", "SluiceCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(
            name: "SluiceKustomize",
            dependencies: [
                "SluiceCore", "SluiceMerge",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // SOPS documents (YAML, JSON, dotenv, INI, binary): AES-256-GCM values, the MAC, key groups, age X25519.
        .target(
            name: "SluiceSOPS",
            dependencies: [
                "SluiceCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // The Go text/template engine with Sprig's and Helm's functions, for the helm-controller.
        .target(
            name: "SluiceGoTemplate",
            dependencies: [
                "SluiceCore", .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"), .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict),
        // The Helm chart engine (`helm template` in pure Swift), on the Go template engine.
        .target(
            name: "SluiceHelm",
            dependencies: ["SluiceCore", "SluiceGoTemplate", "SluiceArchive"],
            swiftSettings: strict),
        // Runtime layer: what every controller shares.
        .target(
            name: "SluiceRuntime",
            dependencies: [
                "SluiceCore", "SluiceAPI", "SluiceStore", "SluiceKube",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict),
        // Controller layer: one library per controller; none imports another.
        .target(
            name: "SourceController",
            dependencies: [
                "SluiceRuntime", "SluiceGit", "SluiceArchive", "SluiceOCI", "SluiceHelm", "SluiceGoTemplate",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // Server-side apply, drift and kstatus health, shared by the kustomize- and helm-controller.
        .target(name: "SluiceApply", dependencies: ["SluiceRuntime"], swiftSettings: strict),
        .target(
            name: "KustomizeController",
            dependencies: [
                "SluiceRuntime", "SluiceApply", "SluiceKustomize", "SluiceArchive", "SluiceGit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strict),
        .target(
            name: "HelmController",
            dependencies: [
                "SluiceRuntime", "SluiceApply", "SluiceHelm", "SluiceKustomize", "SluiceArchive",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .target(
            name: "NotificationController",
            dependencies: [
                "SluiceRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        // Executables on top.
        .executableTarget(name: "source-controller", dependencies: ["SourceController", .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: strict),
        .executableTarget(name: "kustomize-controller", dependencies: ["KustomizeController", .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: strict),
        .executableTarget(name: "helm-controller", dependencies: ["HelmController", .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: strict),
        .executableTarget(name: "notification-controller", dependencies: ["NotificationController", .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: strict),
        .executableTarget(name: "sluice", dependencies: ["KustomizeController", "HelmController", "SluiceApply", "SluiceRuntime", "SluiceKube", "SluiceAPIServer", "SluiceAPI", "SluiceCore", "SluiceStore", "SluiceOCI", "SluiceArchive", "SluiceSchema", "SluiceGit", "SluiceGoTemplate", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                                        .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto")], swiftSettings: strict),
        // Tools: CRD generation and benchmarks.
        .executableTarget(
            name: "sluice-crdgen",
            dependencies: ["SluiceAPI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),
        .executableTarget(
            name: "sluice-bench",
            dependencies: [
                "SluiceCore", "SluiceStore", "SluiceRuntime", "SourceController", "NotificationController", "SluiceTestSupport",
                "SluiceHelm",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Benchmarks/sluice-bench",
            swiftSettings: strict),
        // A child process for the store's multi-process tests and benchmark.
        .executableTarget(
            name: "store-worker",
            dependencies: ["SluiceStore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Tests/Support/store-worker",
            swiftSettings: strict),
        // What tests that start real processes share: built executables, kubectl, a local cluster.
        .target(
            name: "SluiceTestSupport",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/Support/SluiceTestSupport",
            swiftSettings: strict),
        // Tests.
        .testTarget(name: "SluiceCoreTests", dependencies: ["SluiceCore", "SluiceTestSupport"], swiftSettings: strict),
        .testTarget(name: "SluiceAPITests", dependencies: ["SluiceAPI", "SluiceTestSupport"], swiftSettings: strict),
        .testTarget(name: "SluiceStoreTests", dependencies: ["SluiceStore", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: strict),
        .testTarget(name: "SluiceMergeTests", dependencies: ["SluiceMerge"], swiftSettings: strict),
        .testTarget(name: "SluiceSchemaTests", dependencies: ["SluiceSchema", "SluiceTestSupport"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "SluiceArchiveTests",
            dependencies: ["SluiceArchive", "SluiceTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .testTarget(
            name: "SluiceKubeTests",
            dependencies: ["SluiceTestSupport", 
                "SluiceKube",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "SluiceAPIServerTests",
            dependencies: ["SluiceTestSupport", "SluiceAPIServer", "SluiceKube", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: strict),
        .testTarget(name: "SluiceRuntimeTests", dependencies: ["SluiceTestSupport", "SluiceRuntime"], swiftSettings: strict),
        .testTarget(
            name: "SluiceGPGTests",
            dependencies: ["SluiceGPG", "SluiceTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .testTarget(name: "SluiceGitTests", dependencies: ["SluiceGit", "SluiceTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "SluiceOCITests",
            dependencies: ["SluiceOCI", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .testTarget(name: "SourceControllerTests", dependencies: ["SluiceTestSupport", "SourceController", "SluiceOCI"], swiftSettings: strict),
        .testTarget(name: "SluiceApplyTests", dependencies: ["SluiceApply", "SluiceTestSupport"], swiftSettings: strict),
        .testTarget(name: "HelmControllerTests", dependencies: ["SluiceTestSupport", "HelmController"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "KustomizeControllerTests", dependencies: ["SluiceTestSupport", "KustomizeController", "SluiceApply", "SourceController"], swiftSettings: strict),
        .testTarget(
            name: "SluiceKustomizeTests",
            dependencies: ["SluiceTestSupport", "SluiceKustomize", "SluiceCore", .product(name: "Logging", package: "swift-log")],
            exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "NotificationControllerTests",
            dependencies: [
                "SluiceTestSupport", "NotificationController",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .testTarget(name: "SluiceGoTemplateTests", dependencies: ["SluiceGoTemplate", "SluiceCore", "SluiceTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "SluiceHelmTests",
            dependencies: ["SluiceTestSupport", "SluiceHelm", "SluiceCore"],
            exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(name: "SluiceSOPSTests", dependencies: ["SluiceSOPS", "SluiceCore", "SluiceTestSupport"], swiftSettings: strict),
        .testTarget(name: "SluiceCLITests", dependencies: ["SluiceTestSupport", "SluiceStore"], swiftSettings: strict),
        .testTarget(
            name: "ExecutableTests",
            dependencies: ["SluiceTestSupport", "SluiceCore", "SluiceOCI", .product(name: "Crypto", package: "swift-crypto"),
                           .product(name: "Logging", package: "swift-log")],
            exclude: ["Fixtures"],
            swiftSettings: strict),
    ]
)
