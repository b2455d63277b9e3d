import Foundation

/// Appends fixed-width numbers, arrays of them and strings to a byte buffer, in the host's
/// byte order (a stored index is read back on the machine that wrote it; the header
/// records the byte order and a reader on another one rebuilds).
struct BinaryWriter {
    private(set) var data = Data()

    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value) { data.append(contentsOf: $0) }
    }

    /// A count, then the elements' bytes; padded so the next section starts 8-aligned.
    mutating func write<T: BitwiseCopyable>(array: [T]) {
        write(UInt64(array.count))
        array.withUnsafeBytes { data.append(contentsOf: $0) }
        pad()
    }

    /// Strings as one UTF-8 blob plus offsets.
    mutating func write(strings: [String]) {
        var bytes: [UInt8] = []
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(strings.count + 1)
        for string in strings {
            bytes.append(contentsOf: string.utf8)
            offsets.append(Int32(bytes.count))
        }
        write(array: offsets)
        write(array: bytes)
    }

    /// A count, then the bytes as they are.
    mutating func write(blob: Data) {
        write(UInt64(blob.count))
        data.append(blob)
        pad()
    }

    mutating func pad() {
        while data.count % 8 != 0 { data.append(0) }
    }
}

/// Reads what `BinaryWriter` wrote, checking every length against the bytes that are there.
struct BinaryReader {
    /// The buffer ended before what it claims to hold, or a count was impossible.
    struct Truncated: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "truncated at byte \(offset)" }
    }

    let data: Data
    private(set) var offset = 0

    init(_ data: Data) {
        self.data = data
    }

    var remaining: Int { data.count - offset }

    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw Truncated(offset: offset) }
        let value = data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
        offset += size
        return value
    }

    mutating func read<T: BitwiseCopyable>(arrayOf _: T.Type) throws -> [T] {
        let count = try read(UInt64.self)
        let stride = MemoryLayout<T>.stride
        guard count <= UInt64(remaining / max(stride, 1)) else { throw Truncated(offset: offset) }
        let byteCount = Int(count) * stride
        let start = offset
        let array = [T](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
            data.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<(start + byteCount)]))
            }
            initialized = Int(count)
        }
        offset += byteCount
        skipPadding()
        return array
    }

    /// A byte range of the buffer without copying it (for the stored entries).
    mutating func readBlob() throws -> Data {
        let count = try read(UInt64.self)
        guard count <= UInt64(remaining) else { throw Truncated(offset: offset) }
        let range = (data.startIndex + offset)..<(data.startIndex + offset + Int(count))
        offset += Int(count)
        skipPadding()
        return data[range]
    }

    mutating func readStrings() throws -> [String] {
        let offsets = try read(arrayOf: Int32.self)
        let bytes = try read(arrayOf: UInt8.self)
        guard let first = offsets.first, first == 0, Int(offsets.last ?? 0) == bytes.count else { throw Truncated(offset: offset) }
        var strings: [String] = []
        strings.reserveCapacity(offsets.count - 1)
        try bytes.withUnsafeBufferPointer { buffer in
            for index in 0..<(offsets.count - 1) {
                let (start, end) = (Int(offsets[index]), Int(offsets[index + 1]))
                guard start <= end else { throw Truncated(offset: offset) }
                strings.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self))
            }
        }
        return strings
    }

    private mutating func skipPadding() {
        offset = min(data.count, (offset + 7) / 8 * 8)
    }
}
