import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Loopback TCP helpers for packages that serve HTTP: a free port to publish, and whether
/// an HTTP server answers on one.
public enum LoopbackHTTPProbe {
    #if os(Linux)
        private static let streamSocket = Int32(SOCK_STREAM.rawValue)
        private static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
        private static let streamSocket = SOCK_STREAM
        private static let sendFlags: Int32 = 0
    #endif

    /// A port on 127.0.0.1 that is free now (bound to port 0, read back, released). Another
    /// process could take it before podman binds it; `podman run` then fails at once and
    /// the start is retried by the caller.
    /// - Throws: `PackageTransportError.noFreePort`.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, streamSocket, 0)
        guard fd >= 0 else { throw PackageTransportError.noFreePort(errno: errno) }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw PackageTransportError.noFreePort(errno: errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw PackageTransportError.noFreePort(errno: errno) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether an HTTP server answers on `127.0.0.1:port`: connects, sends
    /// `HEAD <path> HTTP/1.1` and reads until the first bytes of a status line (`HTTP/`).
    /// A connection that is accepted and then closed without a reply (podman's rootless
    /// port forwarder accepts before the server listens) is not an answer. Blocks for at
    /// most about `timeout` seconds.
    public static func answersHTTP(port: Int, path: String, timeout: Double = 2) -> Bool {
        let fd = socket(AF_INET, streamSocket, 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var limit = timeval()
        limit.tv_sec = Int(timeout)
        limit.tv_usec = .init((timeout - Double(Int(timeout))) * 1_000_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return false }
        let request = Array("HEAD \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, sendFlags) }
        guard sent == request.count else { return false }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while reply.count < 5 {
            let read = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if read <= 0 { return false }
            reply += buffer[0..<read]
        }
        return reply.starts(with: Array("HTTP/".utf8))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
