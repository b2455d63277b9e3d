import Foundation

extension CatalogIndexFile {
    /// Writes `catalog` atomically, keyed by `stamps` (taken *before* the cache files were
    /// read or right after they were written, so a file changed since never matches).
    /// - Throws: what encoding an entry or `AtomicFile.write` throws.
    public func save(_ catalog: Catalog, stamps: [SourceStamp]) throws {
        var payload = BinaryWriter()
        payload.write(strings: stamps.map(\.sourceID))
        payload.write(strings: stamps.map(\.kind))
        payload.write(array: stamps.flatMap { [$0.device, $0.inode, $0.size, $0.modifiedNanoseconds] })
        let kinds = catalog.kinds.sorted { $0.key < $1.key }
        payload.write(strings: kinds.map(\.key))
        payload.write(strings: kinds.map(\.value))
        let counts = catalog.countsBySource.sorted { $0.key < $1.key }
        payload.write(strings: counts.map(\.key))
        payload.write(array: counts.map { Int64($0.value) })
        let lookup = catalog.byID.sorted { $0.key < $1.key }
        payload.write(strings: lookup.map(\.key))
        payload.write(array: lookup.map { Int32($0.value) })

        var entries = Data()
        var offsets: [Int64] = [0]
        offsets.reserveCapacity(catalog.entries.count + 1)
        switch catalog.entries.storage {
        case .stored(let stored):
            entries = Data(stored.bytes)
            offsets = stored.offsets.map(Int64.init)
        case .values(let values):
            let encoder = JSONEncoder()
            for entry in values {
                entries.append(try encoder.encode(entry))
                offsets.append(Int64(entries.count))
            }
        }
        payload.write(array: offsets)
        payload.write(blob: entries)
        catalog.index.write(to: &payload)

        var header = BinaryWriter()
        header.write(Self.magic)
        header.write(Self.formatVersion)
        header.write(UInt32(CatalogCache.formatVersion))
        header.write(Self.byteOrderMark)
        header.write(UInt32(0))
        header.write(UInt64(payload.data.count))
        header.write(payload.data.withUnsafeBytes { Self.checksum($0) })
        var file = header.data
        file.append(payload.data)
        try AtomicFile.write(file, to: url)
    }

    /// Reads the stored catalog if it was built from exactly the cache files `stamps` describe.
    /// Its entries are decoded when first read; it has no snapshots (`Catalog.attaching`).
    /// - Throws: `LoadError`: `missing`, `otherFormat`, `stale` or `damaged`.
    public func load(stamps: [SourceStamp]) throws(LoadError) -> Catalog {
        guard FileManager.default.fileExists(atPath: url.path) else { throw .missing }
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw .damaged("unreadable: \(error)")
        }
        do {
            return try decode(data, stamps: stamps)
        } catch let error as LoadError {
            throw error
        } catch {
            throw .damaged("\(error)")
        }
    }

    private func decode(_ data: Data, stamps: [SourceStamp]) throws -> Catalog {
        var header = BinaryReader(data)
        guard try header.read(UInt64.self) == Self.magic else { throw LoadError.damaged("not a catalog index") }
        let version = try header.read(UInt32.self)
        guard version == Self.formatVersion else { throw LoadError.otherFormat(found: version, expected: Self.formatVersion) }
        let entryFormat = try header.read(UInt32.self)
        guard entryFormat == UInt32(CatalogCache.formatVersion) else {
            throw LoadError.otherFormat(found: entryFormat, expected: UInt32(CatalogCache.formatVersion))
        }
        guard try header.read(UInt32.self) == Self.byteOrderMark else { throw LoadError.otherFormat(found: 0, expected: Self.formatVersion) }
        _ = try header.read(UInt32.self)
        let length = try header.read(UInt64.self)
        let checksum = try header.read(UInt64.self)
        guard length == UInt64(header.remaining) else { throw LoadError.damaged("payload is \(header.remaining) bytes, not \(length)") }
        let payloadData = data[(data.startIndex + header.offset)...]
        guard payloadData.withUnsafeBytes({ Self.checksum($0) }) == checksum else { throw LoadError.damaged("checksum mismatch") }

        var reader = BinaryReader(payloadData)
        let ids = try reader.readStrings()
        let stampKinds = try reader.readStrings()
        let numbers = try reader.read(arrayOf: UInt64.self)
        guard stampKinds.count == ids.count, numbers.count == ids.count * 4 else { throw LoadError.damaged("source stamps") }
        let stored = ids.indices.map { index in
            SourceStamp(
                sourceID: ids[index], kind: stampKinds[index], device: numbers[index * 4], inode: numbers[index * 4 + 1],
                size: numbers[index * 4 + 2], modifiedNanoseconds: numbers[index * 4 + 3])
        }
        guard stored == stamps else { throw LoadError.stale }

        let kindIDs = try reader.readStrings()
        let kindNames = try reader.readStrings()
        let countIDs = try reader.readStrings()
        let countValues = try reader.read(arrayOf: Int64.self)
        let lookupKeys = try reader.readStrings()
        let lookupPositions = try reader.read(arrayOf: Int32.self)
        let offsets = try reader.read(arrayOf: Int64.self).map(Int.init)
        let blob = try reader.readBlob()
        let count = offsets.count - 1
        guard kindIDs.count == kindNames.count, countIDs.count == countValues.count, lookupKeys.count == lookupPositions.count,
            count >= 0, offsets.first == 0, offsets.last == blob.count, zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }),
            lookupPositions.allSatisfy({ $0 >= 0 && Int($0) < count })
        else { throw LoadError.damaged("catalog tables") }

        let entries = StoredEntries(bytes: blob, offsets: offsets)
        // A format change the version numbers missed shows here, not in a search.
        for position in Set([0, count - 1]) where position >= 0 {
            let slice = blob[(blob.startIndex + offsets[position])..<(blob.startIndex + offsets[position + 1])]
            guard (try? JSONDecoder().decode(CatalogEntry.self, from: slice)) != nil else { throw LoadError.damaged("entry \(position) does not decode") }
        }
        let index = try SearchIndex(reading: &reader, entries: EntryList(stored: entries))
        return Catalog(
            index: index,
            kinds: Dictionary(zip(kindIDs, kindNames), uniquingKeysWith: { first, _ in first }),
            byID: Dictionary(zip(lookupKeys, lookupPositions.map(Int.init)), uniquingKeysWith: { first, _ in first }),
            countsBySource: Dictionary(zip(countIDs, countValues.map(Int.init)), uniquingKeysWith: { first, _ in first }))
    }
}
