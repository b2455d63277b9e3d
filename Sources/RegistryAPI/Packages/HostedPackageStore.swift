/// The hosted-packages half of a store, beside `RegistryStore` (not a change to it):
/// package rows published together with their `server.json` version in one transaction,
/// and download counts kept per version and per UTC day.
///
/// Errors: `RegistryStoreError.versionExists` / `.notFound` as in `RegistryStore`; anything
/// else is the driver's error.
public protocol HostedPackageStore: Sendable {
    /// Stores `record` (as `RegistryStore.publish`) and `package` in one transaction.
    /// Throws `versionExists` when that name and version exist (of two concurrent publishers
    /// exactly one succeeds).
    func publish(_ record: ServerRecord, hosting package: HostedPackage) async throws -> ServerRecord

    /// The package of one version, or nil when that version hosts none.
    func hostedPackage(name: String, version: String) async throws -> HostedPackage?

    /// Latest hosted versions, newest publication first.
    func hostedPackages(limit: Int, offset: Int) async throws -> [HostedPackage]

    /// The hosted package of each named server's latest version, by name (servers whose
    /// latest version hosts none, or is deleted, are absent). Any number of names.
    func latestHostedPackages(names: [String]) async throws -> [String: HostedPackage]

    /// Removes a version, its package row and its download counts in one transaction.
    /// Returns the removed package (nil when the version hosted none); throws `notFound`.
    func removeHosted(name: String, version: String) async throws -> HostedPackage?

    /// Whether any version still references the file `sha256` (a file shared by two
    /// versions is kept until the last goes).
    func isReferenced(sha256: String) async throws -> Bool

    /// Adds one download of `version` on `day` (`YYYY-MM-DD`, UTC) with an atomic
    /// `INSERT … ON CONFLICT DO UPDATE SET count = count + 1`, so concurrent downloads,
    /// from any number of replicas, are all counted.
    func recordDownload(name: String, version: String, day: String) async throws

    /// A server's downloads per version and per day (what its page shows).
    func downloadCounts(name: String) async throws -> DownloadCounts

    /// Totals, the `limit` most downloaded servers and the `limit` most recently published.
    func hostedStatistics(limit: Int) async throws -> HostedPackageStatistics
}
