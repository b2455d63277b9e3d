/// A stable, non-cryptographic hash (two FNV-1a 64-bit lanes) for file names and checksums.
/// Unlike `Hasher`, the value is the same in every process.
enum StableHash {
    /// 32 hex digits for `bytes`.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x6c62_272e_07bb_0142
        for byte in bytes {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = (second ^ UInt64(byte ^ 0x5a)) &* 0x0000_0100_0000_01b3
        }
        return hex64(first) + hex64(second)
    }

    /// 32 hex digits for the UTF-8 of `text`.
    static func hex(_ text: String) -> String { hex(Array(text.utf8)) }

    private static func hex64(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
