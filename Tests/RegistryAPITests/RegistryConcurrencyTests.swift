import Foundation
import Logging
import RegistryAPI
import RegistryCore
import XCTest

/// Two replicas (two stores on one database) publishing the same name and version at once:
/// exactly one wins, and exactly one version is latest.
final class RegistryConcurrencyTests: XCTestCase {
    func testConcurrentPublishersOneWins_sqlite() async throws { try await concurrentPublishers(.sqlite) }
    func testConcurrentPublishersOneWins_postgres() async throws { try await concurrentPublishers(.postgres) }

    func concurrentPublishers(_ kind: StoreKind) async throws {
        try await kind.withStore { first, location in
            let second = try await RegistryStoreFactory.open(location, logger: Logger(label: "replica"))
            let validator = try ServerDocumentValidator.bundled()
            for round in 0..<10 {
                let accepted = try validator.validate(RegistryFixtures.server("com.example/race", "1.0.\(round)"))
                let now = RegistryTime.now()
                let record = ServerRecord(
                    name: accepted.name, version: accepted.version, document: accepted.json, description: accepted.description,
                    statusChangedAt: now, publishedAt: now, updatedAt: now, isLatest: false
                )
                let outcomes = await withTaskGroup(of: Bool.self) { group in
                    for store in [first, second, first, second] {
                        group.addTask {
                            do {
                                _ = try await store.publish(record)
                                return true
                            } catch RegistryStoreError.versionExists {
                                return false
                            } catch {
                                XCTFail("unexpected \(error)")
                                return false
                            }
                        }
                    }
                    return await group.reduce(into: [Bool]()) { $0.append($1) }
                }
                XCTAssertEqual(outcomes.filter { $0 }.count, 1, "round \(round): \(outcomes)")
            }
            let versions = try await first.versions(of: "com.example/race", includeDeleted: true)
            XCTAssertEqual(versions.count, 10)
            XCTAssertEqual(versions.filter(\.isLatest).map(\.version), ["1.0.9"])
            try await second.close()
        }
    }
}
