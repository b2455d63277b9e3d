import Foundation
import MCP

/// Children's resources and prompts, proxied: prompts as `<prefix>__<name>`, resources
/// under their own URIs (see `ResourceTable`) with `<prefix>__<name>` names.
extension Gateway {
    /// Runs `handler` whenever the proxied resources or prompts change (a server with some
    /// added or removed, or a child's own `resources/list_changed` / `prompts/list_changed`).
    public func onListsChanged(_ handler: @escaping @Sendable () async -> Void) {
        listsChangedHandlers.append(handler)
    }

    func notifyListsChanged() {
        let handlers = listsChangedHandlers
        guard !handlers.isEmpty else { return }
        Task { for handler in handlers { await handler() } }
    }

    /// Every proxied resource: the child's URI (or its collision-free form), the name as
    /// `<prefix>__<name>`, everything else verbatim.
    public func resources() -> [Resource] {
        servers.keys.sorted().flatMap { id -> [Resource] in
            let server = servers[id]!
            let uris = resourceTable.uris(for: id)
            return server.resources.compactMap { resource in
                guard let exposed = uris[resource.uri] else { return nil }
                var copy = resource
                copy.uri = exposed
                copy.name = "\(server.prefix)__\(resource.name)"
                return copy
            }
        }
    }

    /// Every proxied resource template, names as `<prefix>__<name>`, templates verbatim.
    public func resourceTemplates() -> [Resource.Template] {
        servers.keys.sorted().flatMap { id -> [Resource.Template] in
            let server = servers[id]!
            return server.resourceTemplates.map { template in
                var copy = template
                copy.name = "\(server.prefix)__\(template.name)"
                return copy
            }
        }
    }

    /// Reads a proxied resource by its exposed URI (or a URI one of the templates makes).
    public func readResource(uri: String) async throws -> [Resource.Content] {
        let (id, original) = try resourceRoute(uri)
        guard let session = try await liveSession(id) else { throw GatewayError.notActive(id) }
        let contents = try await session.readResource(uri: original, timeout: settings.containers.callTimeout)
        guard original != uri else { return contents }
        return contents.map { content in
            guard content.uri == original else { return content }
            if let text = content.text { return .text(text, uri: uri, mimeType: content.mimeType, _meta: content._meta) }
            let data = content.blob.flatMap { Data(base64Encoded: $0) } ?? Data()
            return .binary(data, uri: uri, mimeType: content.mimeType, _meta: content._meta)
        }
    }

    /// Every proxied prompt under its exposed name, arguments verbatim.
    public func prompts() -> [Prompt] {
        servers.keys.sorted().flatMap { id -> [Prompt] in
            let names = promptNames.names(for: id)
            return servers[id]!.prompts.compactMap { prompt in
                guard let exposed = names[prompt.name] else { return nil }
                return Prompt(name: exposed, title: prompt.title, description: prompt.description, arguments: prompt.arguments, icons: prompt.icons, meta: prompt._meta)
            }
        }
    }

    /// Gets a proxied prompt by its exposed name.
    public func getPrompt(exposedName: String, arguments: [String: String]?) async throws -> (description: String?, messages: [Prompt.Message]) {
        guard let route = promptNames.route(for: exposedName) else {
            throw GatewayError.unknownPrompt(exposedName, known: promptNames.exposedNames)
        }
        guard let session = try await liveSession(route.serverID) else { throw GatewayError.notActive(route.serverID) }
        return try await session.getPrompt(name: route.toolName, arguments: arguments, timeout: settings.containers.callTimeout)
    }

    // MARK: - Tables

    func installLists(_ id: String) {
        guard let server = servers[id] else { return }
        promptNames.register(serverID: id, prefix: server.prefix, tools: server.prompts.map(\.name))
        resourceTable.register(serverID: id, prefix: server.prefix, uris: server.resources.map(\.uri))
    }

    func removeLists(_ id: String) {
        promptNames.removeServer(id)
        resourceTable.removeServer(id)
    }

    func childListsChanged(_ id: String, generation: Int) async {
        guard let server = servers[id], server.lifecycle.generation == generation, let session = server.session else { return }
        let resources = await session.resources
        let templates = await session.resourceTemplates
        let prompts = await session.prompts
        guard servers[id]?.lifecycle.generation == generation else { return }
        servers[id]?.resources = resources
        servers[id]?.resourceTemplates = templates
        servers[id]?.prompts = prompts
        installLists(id)
        notifyListsChanged()
    }

    private func resourceRoute(_ uri: String) throws -> (String, String) {
        if let route = resourceTable.route(for: uri) { return (route.serverID, route.uri) }
        // A URI made from a template: the server whose template's fixed start matches best.
        var best: (id: String, length: Int)?
        for (id, server) in servers {
            for template in server.resourceTemplates {
                let fixed = String(template.uriTemplate.prefix { $0 != "{" })
                if !fixed.isEmpty, uri.hasPrefix(fixed), fixed.count > (best?.length ?? 0) { best = (id, fixed.count) }
            }
        }
        if let best { return (best.id, uri) }
        throw GatewayError.unknownResource(uri)
    }

    /// The session of a server that can take requests now (an idle one is woken by `call`
    /// only; here it is reported as not active).
    private func liveSession(_ id: String) async throws -> ChildSession? {
        guard let server = servers[id] else { return nil }
        guard server.lifecycle.isReady, let session = server.session else {
            throw GatewayError.serverUnavailable(entryID: id, reason: .notReady(status: server.lifecycle.statusName))
        }
        return session
    }
}
