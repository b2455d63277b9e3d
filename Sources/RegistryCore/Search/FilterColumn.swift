import Foundation

/// A per-entry list of strings (sources, categories, tags), interned and stored flat, for
/// filters that compare case-insensitively.
struct FilterColumn: Sendable {
    private let names: [String: Int32]
    private let start: [Int32]
    private let values: [Int32]

    init(_ rows: [[String]]) {
        var names: [String: Int32] = [:]
        var start: [Int32] = [0]
        var values: [Int32] = []
        start.reserveCapacity(rows.count + 1)
        for row in rows {
            for item in row {
                let key = item.lowercased()
                let id = names[key] ?? {
                    let next = Int32(names.count)
                    names[key] = next
                    return next
                }()
                values.append(id)
            }
            start.append(Int32(values.count))
        }
        self.names = names
        self.start = start
        self.values = values
    }

    /// The ids of the wanted names; `nil` when nothing is asked (no filter), an empty set
    /// when none of them exists (nothing passes).
    func ids(of wanted: [String]) -> Set<Int32>? {
        guard !wanted.isEmpty else { return nil }
        return Set(wanted.compactMap { names[$0.lowercased()] })
    }

    func row(_ index: Int, containsAnyOf ids: Set<Int32>) -> Bool {
        for position in Int(start[index])..<Int(start[index + 1]) where ids.contains(values[position]) {
            return true
        }
        return false
    }
}
