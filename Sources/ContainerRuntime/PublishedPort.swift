/// A container port published on a host port bound to the loopback address only
/// (`-p 127.0.0.1:HOST:CONTAINER`): how the registry reaches a package that serves MCP over
/// HTTP. The host port is one the registry chose (a free one), never one a catalog names;
/// the address is always `127.0.0.1`, so nothing outside this machine can connect.
public struct PublishedPort: Sendable, Hashable, Codable {
    /// The host's loopback port (1–65535).
    public var hostPort: Int
    /// The port the server listens on inside the container (1–65535).
    public var containerPort: Int

    public init(hostPort: Int, containerPort: Int) {
        self.hostPort = hostPort
        self.containerPort = containerPort
    }

    /// The host address every published port binds to.
    public static let hostAddress = "127.0.0.1"

    /// `127.0.0.1:HOST:CONTAINER/tcp`, the value of `podman run -p`.
    public var option: String { "\(Self.hostAddress):\(hostPort):\(containerPort)/tcp" }
}
