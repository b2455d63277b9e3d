/// A plain text table for people: columns padded to their widest cell, long cells clipped.
struct TextTable {
    var headers: [String]
    var rows: [[String]] = []
    var maxWidth = 60

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let clipped = rows.map { $0.map { $0.count > maxWidth ? String($0.prefix(maxWidth - 1)) + "…" : $0 } }
        var widths = headers.map(\.count)
        for row in clipped {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index == cells.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        return ([line(headers), line(widths.map { String(repeating: "-", count: $0) })] + clipped.map(line)).joined(separator: "\n")
    }
}

import Foundation
