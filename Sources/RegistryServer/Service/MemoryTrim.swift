#if canImport(Glibc)
import Glibc
#endif

/// Hands memory freed after a catalog (re)build back to the system.
///
/// Decoding the cache and merging allocate far more, briefly, than the catalog keeps;
/// glibc keeps those pages otherwise, and the registry's resident size would stay at its
/// start-up peak for the rest of the session. (`malloc_trim` is glibc's; it is looked up
/// at run time because Swift's Glibc module does not import `malloc.h`.)
enum MemoryTrim {
    static func releaseFreePages() {
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}
