import Foundation

extension SQLRegistryStore: HostedPackageStore {
    static let packageColumns = "h.name, h.version, h.sha256, h.size, h.format, h.file_name, h.author, h.repository, h.tags, h.published_at"

    public func publish(_ record: ServerRecord, hosting package: HostedPackage) async throws -> ServerRecord {
        let dialect = self.dialect
        do {
            return try await database.transaction(lockKey: record.name) { sql in
                let stored = try await Self.insert(record, sql, dialect)
                try await sql.execute(
                    dialect.sql("INSERT INTO hosted_packages (name, version, sha256, size, format, file_name, author, repository, tags, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                    [
                        .text(package.name), .text(package.version), .text(package.sha256), .integer(package.size),
                        .text(package.format.rawValue), .text(package.fileName), package.author.map(SQLValue.text) ?? .null,
                        package.repository.map(SQLValue.text) ?? .null, .text(Self.tagsText(package.tags)), .integer(package.publishedAt),
                    ]
                )
                return stored
            }
        } catch let error where database.isUniqueViolation(error) {
            throw RegistryStoreError.versionExists(name: record.name, version: record.version)
        }
    }

    public func hostedPackage(name: String, version: String) async throws -> HostedPackage? {
        try await database.reader.rows(
            dialect.sql("SELECT \(Self.packageColumns) FROM hosted_packages h WHERE h.name = ? AND h.version = ?"), [.text(name), .text(version)]
        ).first.flatMap(Self.package)
    }

    public func hostedPackages(limit: Int, offset: Int) async throws -> [HostedPackage] {
        let text = """
            SELECT \(Self.packageColumns) FROM hosted_packages h JOIN servers s ON s.name = h.name AND s.version = h.version
            WHERE s.is_latest = 1 AND s.status <> 'deleted'
            ORDER BY h.published_at DESC, h.name LIMIT \(max(1, min(limit, 100))) OFFSET \(max(0, offset))
            """
        return try await database.reader.rows(dialect.sql(text), []).compactMap(Self.package)
    }

    public func latestHostedPackages(names: [String]) async throws -> [String: HostedPackage] {
        var found: [String: HostedPackage] = [:]
        var start = names.startIndex
        while start < names.endIndex {
            let batch = names[start..<min(start + 500, names.endIndex)]
            start = batch.endIndex
            let marks = Array(repeating: "?", count: batch.count).joined(separator: ", ")
            let text = """
                SELECT \(Self.packageColumns) FROM hosted_packages h JOIN servers s ON s.name = h.name AND s.version = h.version
                WHERE s.is_latest = 1 AND s.status <> 'deleted' AND h.name IN (\(marks))
                """
            for package in try await database.reader.rows(dialect.sql(text), batch.map(SQLValue.text)).compactMap(Self.package) {
                found[package.name] = package
            }
        }
        return found
    }

    public func removeHosted(name: String, version: String) async throws -> HostedPackage? {
        let dialect = self.dialect
        return try await database.transaction(lockKey: name) { sql in
            let package = try await sql.rows(
                dialect.sql("SELECT \(Self.packageColumns) FROM hosted_packages h WHERE h.name = ? AND h.version = ?"), [.text(name), .text(version)]
            ).first.flatMap(Self.package)
            _ = try await Self.remove(version: version, of: name, sql, dialect)
            let key: [SQLValue] = [.text(name), .text(version)]
            try await sql.execute(dialect.sql("DELETE FROM hosted_packages WHERE name = ? AND version = ?"), key)
            try await sql.execute(dialect.sql("DELETE FROM package_downloads WHERE name = ? AND version = ?"), key)
            return package
        }
    }

    public func isReferenced(sha256: String) async throws -> Bool {
        let rows = try await database.reader.rows(dialect.sql("SELECT 1 FROM hosted_packages WHERE sha256 = ? LIMIT 1"), [.text(sha256)])
        return !rows.isEmpty
    }

    public func recordDownload(name: String, version: String, day: String) async throws {
        let statement = dialect.sql(
            "INSERT INTO package_downloads (name, version, day, count) VALUES (?, ?, ?, 1) ON CONFLICT (name, version, day) DO UPDATE SET count = package_downloads.count + 1"
        )
        try await database.transaction(lockKey: nil, changesServers: false) { sql in
            try await sql.execute(statement, [.text(name), .text(version), .text(day)])
        }
    }

    public func downloadCounts(name: String) async throws -> DownloadCounts {
        let rows = try await database.reader.rows(
            dialect.sql("SELECT version, day, count FROM package_downloads WHERE name = ? ORDER BY day, version"), [.text(name)]
        )
        var counts = DownloadCounts(name: name, byVersion: [:], byDay: [])
        for row in rows {
            guard row.count == 3, let version = row[0].text, let day = row[1].text, let count = row[2].integer else { continue }
            counts.byVersion[version, default: 0] += count
            counts.byDay.append(DownloadCounts.Day(version: version, day: day, count: count))
        }
        return counts
    }

    public func hostedStatistics(limit: Int) async throws -> HostedPackageStatistics {
        let reader = database.reader
        let totals = try await reader.rows(
            "SELECT COUNT(DISTINCT name), COUNT(*), CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM hosted_packages", []
        ).first ?? []
        let downloads = try await reader.rows("SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) FROM package_downloads", []).first?.first?.integer ?? 0
        let ranked = """
            SELECT h.name, h.version, COALESCE(t.total, 0), h.published_at
            FROM hosted_packages h JOIN servers s ON s.name = h.name AND s.version = h.version
            LEFT JOIN (SELECT name, CAST(SUM(count) AS BIGINT) AS total FROM package_downloads GROUP BY name) t ON t.name = h.name
            WHERE s.is_latest = 1 AND s.status <> 'deleted'
            """
        let count = max(1, min(limit, 100))
        let popular = try await reader.rows("\(ranked) ORDER BY 3 DESC, h.name LIMIT \(count)", []).compactMap(Self.ranked)
        let recent = try await reader.rows("\(ranked) ORDER BY h.published_at DESC, h.name LIMIT \(count)", []).compactMap(Self.ranked)
        func integer(_ index: Int) -> Int64 { index < totals.count ? totals[index].integer ?? 0 : 0 }
        return HostedPackageStatistics(
            totalServers: Int(integer(0)), totalVersions: Int(integer(1)), totalDownloads: downloads, totalBytes: integer(2),
            mostDownloaded: popular, mostRecent: recent
        )
    }

    // MARK: rows

    static func package(_ row: [SQLValue]) -> HostedPackage? {
        guard row.count == 10, let name = row[0].text, let version = row[1].text, let sha256 = row[2].text, let size = row[3].integer,
            let format = row[4].text.flatMap(PackageArchiveFormat.init(rawValue:)), let fileName = row[5].text, let published = row[9].integer
        else { return nil }
        let tags = row[8].text.flatMap { try? JSONDecoder().decode([String].self, from: Data($0.utf8)) } ?? []
        return HostedPackage(
            name: name, version: version, sha256: sha256, size: size, format: format, fileName: fileName,
            author: row[6].text, repository: row[7].text, tags: tags, publishedAt: published
        )
    }

    static func ranked(_ row: [SQLValue]) -> HostedPackageStatistics.Ranked? {
        guard row.count == 4, let name = row[0].text, let version = row[1].text, let published = row[3].integer else { return nil }
        return .init(name: name, latestVersion: version, downloads: row[2].integer ?? 0, publishedAt: RegistryTime.text(published))
    }

    static func tagsText(_ tags: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(tags)) ?? Data("[]".utf8), as: UTF8.self)
    }
}
