import Foundation
import Gateway
import MCP
import RegistryCore

/// What the model is told when a server without a network (`--network none`) fails in a
/// way that reads like a missing network (`NetworkNeed.looksLikeNetworkFailure`): that it
/// has none, and how the user gives it one.
enum NetworkHint {
    /// How the user gives an entry the network, and what to do after.
    static func setting(entryID: String) -> String {
        "ask the user to run `mcp-registry config network \(entryID) allow` (it sets "
            + "{\"containers\": {\"network\": {\"\(entryID)\": true}}} in the registry's config.json), "
            + "then registry-remove and registry-add it again."
    }

    /// The sentence added to a failed call of a server that runs without a network.
    static func failedCall(tool name: String, entryID: String) -> String {
        "\(entryID) runs without a network (its container has --network none, as its definition does not say it needs one), "
            + "and the call to \(name) failed the way a missing network fails. If it needs to reach a service, "
            + setting(entryID: entryID)
    }

    /// `result` with the hint appended when it is an error, the server behind `name` runs
    /// without a network, and the result's text reads like a failure to reach the network
    /// (with `stderr`, the server's last stderr lines count too: for a call that failed
    /// without a result of the child's, as when it stopped); otherwise `result` unchanged.
    static func adding(to result: CallTool.Result, gateway: Gateway, name: String, stderr: Bool = false) async -> CallTool.Result {
        guard result.isError == true, let server = await gateway.networkless(exposedName: name, limit: stderr ? 5 : 0) else { return result }
        let said = result.content.compactMap { content -> String? in
            if case .text(let text, _, _) = content { return text }
            return nil
        }
        guard NetworkNeed.looksLikeNetworkFailure((said + server.recentErrorOutput).joined(separator: "\n")) else { return result }
        return CallTool.Result(
            content: result.content + [.text(text: failedCall(tool: name, entryID: server.entryID), annotations: nil, _meta: nil)],
            structuredContent: result.structuredContent, isError: true, _meta: result._meta)
    }

    /// The same for a forwarded result (`CallToolResult` JSON text): only an `isError`
    /// result is looked at, and the hint goes in as one more text item at the end of its
    /// `content`, the rest left as the child wrote it.
    static func adding(toForwarded result: Data, gateway: Gateway, name: String) async -> Data {
        guard let message = JSONRPCLine(result), let isError = message.range(of: "isError"),
              message.text(isError) == Data("true".utf8),
              let content = message.range(of: "content"), content.count >= 2,
              let server = await gateway.networkless(exposedName: name, limit: 0),
              NetworkNeed.looksLikeNetworkFailure(String(decoding: message.text(content), as: UTF8.self))
        else { return result }
        var item = Data(#"{"type":"text","text":"#.utf8)
        item.append(JSONRPCLine.quoted(failedCall(tool: name, entryID: server.entryID)))
        item.append(contentsOf: "}".utf8)
        // `[…]` becomes `[…,{hint}]`; `[]` (or only blanks inside) becomes `[{hint}]`.
        let inner = message.text(content.lowerBound + 1..<content.upperBound - 1)
        let isEmpty = inner.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        var array = Data("[".utf8)
        if !isEmpty {
            array.append(inner)
            array.append(contentsOf: ",".utf8)
        }
        array.append(item)
        array.append(contentsOf: "]".utf8)
        return message.replacing([(content, array)])
    }
}
