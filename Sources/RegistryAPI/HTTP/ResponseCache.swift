import NIOCore
import Synchronization

/// Encoded response bodies of reads (`GET /v0.1/servers` pages), reused while the store
/// reports no change (`ChangeCountingStore.changeCount` unchanged since the body was
/// built). Bounded: at `capacity` entries it starts over. Holds nothing while the store
/// cannot count its changes (`SQLDatabase.changeCount` nil).
final class ResponseCache: Sendable {
    private struct Entry {
        var changeCount: UInt64
        var body: ByteBuffer
    }

    private let entries = Mutex<[String: Entry]>([:])
    let capacity: Int

    init(capacity: Int = 256) {
        self.capacity = capacity
    }

    /// The body stored for `key` when it was built at `changeCount`.
    func body(for key: String, at changeCount: UInt64) -> ByteBuffer? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.changeCount == changeCount else { return nil }
            return entry.body
        }
    }

    /// Keeps `body`, built from reads that began at `changeCount`.
    func store(_ body: ByteBuffer, for key: String, at changeCount: UInt64) {
        entries.withLock { entries in
            if entries.count >= capacity, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(changeCount: changeCount, body: body)
        }
    }
}

/// A store that can tell whether it changed: `changeCount` moves on every write, and is nil
/// when writes it cannot see are possible.
public protocol ChangeCountingStore: Sendable {
    var changeCount: UInt64? { get }
}

extension SQLRegistryStore: ChangeCountingStore {
    public var changeCount: UInt64? { database.changeCount }
}
