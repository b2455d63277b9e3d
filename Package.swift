// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "mcp-registry",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mcp-registry", targets: ["mcp-registry"]),
        .library(name: "RegistryCore", targets: ["RegistryCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sqlite-nio", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/multipart-kit", exact: "4.7.1"),
    ],
    targets: [
        // System libraries.
        .systemLibrary(
            name: "CGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"]), .brew(["libgit2"])]
        ),
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"]), .brew(["libarchive"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
        ),

        // The domain: entries, merge, search, cache. Foundation only.
        .target(name: "RegistryCore"),

        // One adapter per catalog source.
        .target(
            name: "CatalogSources",
            dependencies: [
                "RegistryCore", "CGit2", "CLibXML2",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Podman through spawned processes.
        .target(
            name: "ContainerRuntime",
            dependencies: ["RegistryCore", .product(name: "Logging", package: "swift-log")]
        ),

        // The MCP stdio transport over a pair of descriptors (children's pipes, the
        // registry's own stdin/stdout), for the gateway, `serve` and the fixture server.
        .target(
            name: "MCPStdio",
            dependencies: [
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Safe unpacking of hosted packages (.tar.gz, zip/.mcpb) through libarchive, for the
        // registry service (checking uploads) and for running them (install, registry-add).
        .target(name: "PackageArchive", dependencies: ["CArchive"]),

        // Running children: MCP client sessions, tool namespace, secrets; hosted packages
        // downloaded, verified (SHA-256) and unpacked for their image build.
        .target(
            name: "Gateway",
            dependencies: [
                "RegistryCore", "ContainerRuntime", "MCPStdio", "PackageArchive",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The MCP server the AI client talks to.
        .target(
            name: "RegistryServer",
            dependencies: [
                "RegistryCore", "CatalogSources", "ContainerRuntime", "Gateway", "PackageArchive",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // The registry service: the MCP registry REST API, publishing, tokens; SQLite and PostgreSQL stores.
        .target(
            name: "RegistryAPI",
            dependencies: [
                "RegistryCore", "CatalogSources", "PackageArchive",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Resources/README.md"],
            resources: [.copy("Resources/openapi.yaml"), .copy("Resources/server.schema.json")]
        ),

        // The registry service's web page (browse, search, server pages with client config
        // entries, publish form): a module of its own because it needs ClientSetup and
        // ContainerRuntime (the `export` planner and writer), which the API does not.
        .target(
            name: "RegistryWeb",
            dependencies: [
                "RegistryAPI", "RegistryCore", "CatalogSources", "ClientSetup", "ContainerRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Writing the registry into AI clients' config files (Claude, Cursor, VS Code, Zed…).
        .target(name: "ClientSetup", dependencies: ["RegistryCore", .product(name: "Yams", package: "Yams")]),

        // The executable: `serve` (default) and the commands for people.
        .executableTarget(
            name: "mcp-registry",
            dependencies: [
                "RegistryServer", "ClientSetup", "Gateway", "ContainerRuntime", "MCPStdio", "RegistryAPI", "RegistryWeb",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // A tiny MCP server used as the child in container and end-to-end tests.
        .executableTarget(
            name: "mcp-fixture-server",
            dependencies: ["MCPStdio", .product(name: "MCP", package: "swift-sdk")]
        ),

        // The benchmark: cold start, find latency, memory (run from scripts/bench).
        .executableTarget(
            name: "registry-benchmark",
            dependencies: [
                "RegistryCore", "CatalogSources", "RegistryServer", "Gateway", "ContainerRuntime", "MCPStdio", "HostileCatalog", "HostileChild",
                .product(name: "MCP", package: "swift-sdk"),
            ]
        ),

        // Fuzz harnesses, one per parser (scripts/fuzz); `registry-fuzz` is the libFuzzer
        // binary when built with -DREGISTRY_FUZZING -sanitize=fuzzer, a replayer otherwise.
        .target(
            name: "RegistryFuzzing",
            dependencies: ["RegistryCore", "CatalogSources", "ClientSetup", "ContainerRuntime", "Gateway"]
        ),
        .executableTarget(name: "registry-fuzz", dependencies: ["RegistryFuzzing"]),

        .testTarget(name: "RegistryFuzzingTests", dependencies: ["RegistryFuzzing"]),
        .testTarget(name: "RegistryCoreTests", dependencies: ["RegistryCore", "TestSupport"]),
        // Test helpers shared by test targets (real git repositories built from the fixtures).
        .target(name: "TestSupport", dependencies: ["ContainerRuntime", "RegistryCore"], path: "Tests/TestSupport"),
        // A generator of hostile catalogs (Foundation only), for the tests and the benchmark.
        .target(name: "HostileCatalog", path: "Tests/HostileCatalog"),
        // A real MCP server (Python) that breaks the rules on demand, run as a plain local
        // process by its own connector: for the hostile-child tests and the benchmark.
        .target(
            name: "HostileChild",
            dependencies: [
                "Gateway", "MCPStdio", "RegistryCore", .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/HostileChild"
        ),
        .testTarget(name: "CatalogSourcesTests", dependencies: ["CatalogSources", "RegistryCore", "TestSupport", "HostileCatalog"]),
        .testTarget(
            name: "RegistryAPITests",
            dependencies: [
                "RegistryAPI", "RegistryWeb", "RegistryCore", "CatalogSources", "RegistryServer", "TestSupport",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "PackageArchiveTests", dependencies: ["PackageArchive"]),
        .testTarget(name: "ClientSetupTests", dependencies: ["ClientSetup", "RegistryCore", "TestSupport"]),
        .testTarget(name: "ContainerRuntimeTests", dependencies: ["ContainerRuntime", "RegistryCore", "TestSupport"]),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "MCPStdio", "ContainerRuntime", "RegistryCore", "CatalogSources", "TestSupport", "HostileChild",
                .product(name: "MCP", package: "swift-sdk"),
            ],
            // The census table is read from the source tree by LaunchCensusTests.
            exclude: ["Census"]
        ),
        .testTarget(
            name: "RegistryServerTests",
            dependencies: ["RegistryServer", "RegistryCore", "CatalogSources", "TestSupport", .product(name: "MCP", package: "swift-sdk")]
        ),
    ]
)
