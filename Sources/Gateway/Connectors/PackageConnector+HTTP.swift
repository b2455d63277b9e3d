import ContainerRuntime
import Foundation
import MCP
import RegistryCore

extension PackageConnector {
    /// Starts a package whose own transport is HTTP (`streamable-http` or `sse`) and
    /// connects to it:
    /// 1. its `transport.url` gives the port inside the container and the path
    ///    (`PackageEndpoint`);
    /// 2. that port is published on a free loopback port the registry chooses
    ///    (`-p 127.0.0.1:HOST:CONTAINER`), never a host port the catalog names; the rest of
    ///    the hardening is unchanged, and the container keeps a network (a published port
    ///    needs one: `ContainerPlan.requiresNetwork`);
    /// 3. the registry waits, bounded by `containers.startTimeout`, until an HTTP server
    ///    answers there, and fails early when the container exits;
    /// 4. it connects over Streamable HTTP or SSE with `RemoteConnector` (the transport's
    ///    `headers`, with their secrets and settings, are sent as a remote's), allowing only
    ///    this loopback endpoint.
    ///
    /// The container is stopped when the connection closes (remove, idle, shutdown) and the
    /// connection ends when the container exits. Throws `GatewayError.startFailed` with the
    /// container's last output lines; leaves nothing running when it throws.
    func openHTTP(_ request: ChildLaunchRequest, package: PackageLaunch, plan: ContainerPlan, label: String) async throws -> any ChildConnection {
        let id = request.entry.id
        let endpoint = try PackageEndpoint.resolve(
            package.transportURL ?? "", package: package, configuration: request.entry.configuration, config: request.config)
        var plan = plan
        if plan.pullPolicy != .never, try await !containers.engine.imageExists(plan.image) {
            request.progress?("pulling \(plan.image)")
            try await containers.engine.pull(plan.image)
        }
        plan.publishedPorts = [PublishedPort(hostPort: try LoopbackHTTPProbe.freePort(), containerPort: endpoint.containerPort)]
        let hostPort = plan.publishedPorts[0].hostPort
        let container = try await containers.run(plan, secrets: request.secrets)
        let output = StderrTail()
        Self.drain(container.handle, into: output)
        request.progress?("waiting for \(label) to answer HTTP on 127.0.0.1:\(hostPort)")

        let timeout = request.settings.containers.startTimeout
        let deadline = Date().addingTimeInterval(timeout)
        var answered = false
        while !answered {
            if let status = container.handle.exitStatus {
                await container.close()
                throw GatewayError.startFailed(
                    entryID: id, cause: StartFailure(PackageTransportError.exitedBeforeAnswering(status: status)),
                    stderr: container.recentErrorOutput(20) + output.last(10))
            }
            if Date() > deadline || Task.isCancelled {
                await container.close()
                throw GatewayError.startFailed(
                    entryID: id, cause: StartFailure(PackageTransportError.notAnswering(containerPort: endpoint.containerPort, seconds: timeout)),
                    stderr: container.recentErrorOutput(20) + output.last(10))
            }
            answered = await Self.probe(port: hostPort, path: endpoint.pathAndQuery)
            if !answered { try? await Task.sleep(nanoseconds: 250_000_000) }
        }

        var remote = request
        remote.entry.launch = .remote(RemoteLaunch(
            url: endpoint.url(hostPort: hostPort),
            transport: package.transport.lowercased() == "sse" ? "sse" : "streamable-http",
            headers: package.transportHeaders))
        remote.settings.remotes.allowInsecureHTTP = true
        remote.settings.remotes.allowPrivateAddresses = true
        do {
            let connection = try await RemoteConnector().open(remote)
            return HTTPPackageConnection(container: container, remote: connection, output: output, package: label)
        } catch {
            await container.close()
            throw error
        }
    }

    /// Whether HTTP answers on the port, off the cooperative pool (the probe blocks).
    static func probe(port: Int, path: String) async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: LoopbackHTTPProbe.answersHTTP(port: port, path: path))
            }
        }
    }

    /// Reads the container's stdout (unused by an HTTP server, but a full pipe would block
    /// it) into `tail` until it closes.
    static func drain(_ handle: ContainerHandle, into tail: StderrTail) {
        let stdout = handle.stdout
        let thread = Thread {
            while true {
                let data = stdout.availableData
                if data.isEmpty { break }
                tail.append(data)
            }
            tail.finish()
        }
        thread.name = "stdout \(handle.name)"
        thread.start()
    }
}

/// A package serving HTTP: its container, and the HTTP connection to it.
public final class HTTPPackageConnection: ChildConnection, @unchecked Sendable {
    public let container: ContainerConnection
    public let remote: any ChildConnection
    /// `pypi:name==1.2.3`, `oci:image`.
    public let package: String
    private let output: StderrTail
    private let signal = TerminationSignal()

    init(container: ContainerConnection, remote: any ChildConnection, output: StderrTail, package: String) {
        self.container = container
        self.remote = remote
        self.output = output
        self.package = package
        let signal = self.signal
        container.onTermination { signal.fire($0) }
        remote.onTermination { signal.fire($0) }
    }

    public var transport: any Transport { remote.transport }

    public var summary: ChildSummary {
        var summary = container.summary
        summary.kind = "package"
        summary.url = remote.summary.url
        summary.secretNames = Array(Set(summary.secretNames + remote.summary.secretNames)).sorted()
        return summary
    }

    /// The container's stderr, then its stdout.
    public func recentErrorOutput(_ limit: Int) -> [String] {
        Array((container.recentErrorOutput(limit) + output.last(limit)).suffix(limit))
    }

    public func onTermination(_ handler: @escaping @Sendable (String) -> Void) { signal.add(handler) }

    /// Disconnects, then stops the container.
    public func close() async {
        signal.close()
        await remote.close()
        await container.close()
    }
}
