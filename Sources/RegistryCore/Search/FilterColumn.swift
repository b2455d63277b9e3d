import Foundation

/// A per-entry list of strings (sources, categories, tags), interned and stored flat, for
/// filters that compare case-insensitively.
struct FilterColumn: Sendable {
    let names: [String: Int32]
    let start: [Int32]
    let values: [Int32]

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

extension FilterColumn {
    /// The column in `BinaryWriter` form: names in id order, row starts, values.
    func write(to writer: inout BinaryWriter) {
        var ordered = [String](repeating: "", count: names.count)
        for (name, id) in names { ordered[Int(id)] = name }
        writer.write(strings: ordered)
        writer.write(array: start)
        writer.write(array: values)
    }

    /// Reads what `write(to:)` wrote, for `rows` rows.
    /// - Throws: `SearchIndex.StorageError` when the parts do not fit together.
    init(reading reader: inout BinaryReader, rows: Int) throws {
        let ordered = try reader.readStrings()
        let start = try reader.read(arrayOf: Int32.self)
        let values = try reader.read(arrayOf: Int32.self)
        guard start.count == rows + 1, start.first == 0, Int(start.last ?? -1) == values.count,
            zip(start, start.dropFirst()).allSatisfy({ $0 <= $1 }),
            values.allSatisfy({ $0 >= 0 && Int($0) < ordered.count })
        else { throw SearchIndex.StorageError.inconsistent("filter column") }
        var names: [String: Int32] = [:]
        names.reserveCapacity(ordered.count)
        for (id, name) in ordered.enumerated() { names[name] = Int32(id) }
        self.names = names
        self.start = start
        self.values = values
    }
}
