import CGit2
import Dispatch
import Foundation

/// libgit2's plain TCP stream (under http, https and ssh alike), replaced by one whose every
/// wait ends at the transfer's deadline: connecting, and each read and write, `poll(2)`s for
/// at most the time left. libgit2 1.5 has no time-out of its own (its socket reads block
/// for ever), and its progress callback only runs while pack data arrives, so without this a
/// remote that accepts and then says nothing would hold a refresh, and its clone folder's
/// lock, for ever.
///
/// The deadline is the one set by `withDeadline` on the calling thread: libgit2 runs a clone
/// or fetch on the thread that called it, so the streams it opens there belong to that
/// transfer. A stream opened outside `withDeadline` has no limit.
enum GitSocketStream {
    /// The error message libgit2 reports when a wait ran out (checked by `GitError`).
    static let timedOutMessage = "the remote sent nothing before the transfer's time limit"

    private static let deadlineKey = "mcp-registry.git.transfer-deadline"

    /// Registers the stream with libgit2 (once, from `GitLibrary.initialize`).
    static func register() {
        var registration = git_stream_registration()
        registration.version = GIT_STREAM_VERSION
        registration.`init` = { out, host, port in
            guard let out, let host, let port else { return -1 }
            return GitSocketStream.create(out, host: host, port: port)
        }
        registration.wrap = nil
        _ = git_stream_register(GIT_STREAM_STANDARD, &registration)
    }

    /// Runs `body` (a libgit2 clone or fetch) with every stream it opens on this thread
    /// ending its waits at `deadline` (DispatchTime uptime, ns).
    static func withDeadline<T>(_ deadline: UInt64, _ body: () throws -> T) rethrows -> T {
        let dictionary = Thread.current.threadDictionary
        let previous = dictionary[deadlineKey]
        dictionary[deadlineKey] = NSNumber(value: deadline)
        defer { dictionary[deadlineKey] = previous }
        return try body()
    }

    private static var currentDeadline: UInt64 {
        (Thread.current.threadDictionary[deadlineKey] as? NSNumber)?.uint64Value ?? 0
    }

    private typealias Stream = UnsafeMutablePointer<mcp_registry_git_socket_stream>

    private static func stream(_ parent: UnsafeMutablePointer<git_stream>?) -> Stream? {
        parent.map { Stream(OpaquePointer($0)) }
    }

    private static func create(_ out: UnsafeMutablePointer<UnsafeMutablePointer<git_stream>?>, host: UnsafePointer<CChar>, port: UnsafePointer<CChar>) -> Int32 {
        let stream = Stream.allocate(capacity: 1)
        stream.initialize(to: mcp_registry_git_socket_stream())
        stream.pointee.parent.version = GIT_STREAM_VERSION
        stream.pointee.parent.encrypted = 0
        stream.pointee.parent.proxy_support = 0
        stream.pointee.parent.connect = { GitSocketStream.stream($0).map(GitSocketStream.connect) ?? -1 }
        stream.pointee.parent.read = { parent, buffer, length in
            guard let stream = GitSocketStream.stream(parent), let buffer else { return -1 }
            return GitSocketStream.read(stream, buffer, length)
        }
        stream.pointee.parent.write = { parent, data, length, _ in
            guard let stream = GitSocketStream.stream(parent), let data else { return -1 }
            return GitSocketStream.write(stream, data, length)
        }
        stream.pointee.parent.close = { parent in
            guard let stream = GitSocketStream.stream(parent) else { return -1 }
            GitSocketStream.closeSocket(stream)
            return 0
        }
        stream.pointee.parent.free = { parent in
            guard let stream = GitSocketStream.stream(parent) else { return }
            GitSocketStream.closeSocket(stream)
            free(stream.pointee.host)
            free(stream.pointee.port)
            stream.deinitialize(count: 1)
            stream.deallocate()
        }
        stream.pointee.host = strdup(host)
        stream.pointee.port = strdup(port)
        stream.pointee.socket = -1
        stream.pointee.deadline = currentDeadline
        out.pointee = UnsafeMutablePointer<git_stream>(OpaquePointer(stream))
        return 0
    }

    private static func closeSocket(_ stream: Stream) {
        if stream.pointee.socket >= 0 {
            Glibc.close(stream.pointee.socket)
            stream.pointee.socket = -1
        }
    }

    /// Milliseconds left before the deadline for `poll` (-1: no deadline; 0: none left).
    private static func remaining(_ stream: Stream) -> Int32 {
        let deadline = stream.pointee.deadline
        guard deadline > 0 else { return -1 }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now < deadline else { return 0 }
        return Int32(clamping: (deadline - now + 999_999) / 1_000_000)
    }

    /// Waits until the socket is ready for `events`; `false` (with libgit2's error set) when
    /// the deadline came first or the wait failed.
    private static func wait(_ stream: Stream, for events: Int32) -> Bool {
        while true {
            let left = remaining(stream)
            if left == 0 {
                git_error_set_str(Int32(GIT_ERROR_NET.rawValue), timedOutMessage)
                return false
            }
            var poller = pollfd(fd: stream.pointee.socket, events: Int16(events), revents: 0)
            let ready = poll(&poller, 1, left)
            if ready > 0 { return true }
            if ready < 0, errno != EINTR {
                git_error_set_str(Int32(GIT_ERROR_OS.rawValue), "waiting on the socket failed: \(String(cString: strerror(errno)))")
                return false
            }
        }
    }

    private static func connect(_ stream: Stream) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var addresses: UnsafeMutablePointer<addrinfo>?
        let host = stream.pointee.host.map { String(cString: $0) } ?? ""
        let resolved = getaddrinfo(stream.pointee.host, stream.pointee.port, &hints, &addresses)
        guard resolved == 0, let addresses else {
            git_error_set_str(Int32(GIT_ERROR_NET.rawValue), "cannot resolve host \(host) (offline, or no DNS)")
            return -1
        }
        defer { freeaddrinfo(addresses) }
        var lastError = "no address for \(host)"
        var candidate: UnsafeMutablePointer<addrinfo>? = addresses
        while let address = candidate {
            candidate = address.pointee.ai_next
            let socket = Glibc.socket(address.pointee.ai_family, address.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), address.pointee.ai_protocol)
            guard socket >= 0 else {
                lastError = String(cString: strerror(errno))
                continue
            }
            // Non-blocking from here on: every wait is a `poll` bounded by the deadline.
            _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
            stream.pointee.socket = socket
            if Glibc.connect(socket, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return 0 }
            guard errno == EINPROGRESS else {
                lastError = String(cString: strerror(errno))
                closeSocket(stream)
                continue
            }
            guard wait(stream, for: Int32(POLLOUT)) else {
                closeSocket(stream)
                return -1
            }
            var failure: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            if getsockopt(socket, SOL_SOCKET, SO_ERROR, &failure, &size) == 0, failure == 0 { return 0 }
            lastError = String(cString: strerror(failure))
            closeSocket(stream)
        }
        git_error_set_str(Int32(GIT_ERROR_NET.rawValue), "cannot connect to \(host): \(lastError)")
        return -1
    }

    private static func read(_ stream: Stream, _ buffer: UnsafeMutableRawPointer, _ length: Int) -> Int {
        while true {
            let count = recv(stream.pointee.socket, buffer, length, 0)
            if count >= 0 { return count }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                guard wait(stream, for: Int32(POLLIN)) else { return -1 }
            default:
                git_error_set_str(Int32(GIT_ERROR_NET.rawValue), "reading from the remote failed: \(String(cString: strerror(errno)))")
                return -1
            }
        }
    }

    /// Writes all of `data` (libgit2 expects the whole length or an error).
    private static func write(_ stream: Stream, _ data: UnsafePointer<CChar>, _ length: Int) -> Int {
        var written = 0
        while written < length {
            let count = send(stream.pointee.socket, data + written, length - written, Int32(MSG_NOSIGNAL))
            if count >= 0 {
                written += count
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                guard wait(stream, for: Int32(POLLOUT)) else { return -1 }
            default:
                git_error_set_str(Int32(GIT_ERROR_NET.rawValue), "writing to the remote failed: \(String(cString: strerror(errno)))")
                return -1
            }
        }
        return written
    }
}
