import Foundation
import HummingbirdTesting
import Logging
import RegistryAPI
import RegistryWeb
import XCTest

/// A registry service with its web page mounted (as `registry serve` mounts it), live on
/// 127.0.0.1, over a fresh store of `kind`.
enum WebRegistry {
    static func run(_ kind: StoreKind, _ body: @Sendable (LiveRegistry) async throws -> Void) async throws {
        try await kind.withStore { store, _ in
            let logger = Logger(label: "test")
            let service = RegistryHTTPService(
                store: store, configuration: .init(host: "127.0.0.1", port: 0, metrics: false), logger: logger,
                extra: [RegistryWebPage.routes(store: store, logger: logger)]
            )
            let app = try service.application()
            try await app.test(.live) { client in
                try await body(LiveRegistry(client: client, store: store))
            }
        }
    }
}
