import Foundation
import RegistryCore

/// A real MCP server in Python (JSON-RPC by hand, so it can break the rules) whose tools
/// misbehave on demand, for the hostile-child tests and the benchmark. Run by
/// `ProcessChildConnector` as `python3 -c script`.
///
/// Tools: `echo` {text}; `flood` {count} (that many `notifications/message`, then the
/// answer); `garbage` (lines that are not JSON-RPC, then the answer); `unsolicited`
/// (responses to requests never made, then the answer); `hang` (never answers; writes
/// `cancelled <id>` on stderr when the registry cancels it); `oversize` {megabytes} (one
/// line that long); `close_output` (closes stdout and keeps running). It exits at stdin EOF.
public enum HostileChildServer {
    /// The image name that marks an entry as run by `ProcessChildConnector`.
    public static let image = "robust-hostile-child"

    /// A catalog entry for the server (`id` like `local/hostile`).
    public static func entry(id: String, name: String) -> CatalogEntry {
        CatalogEntry(id: id, name: name, launch: .container(ContainerLaunch(image: image)))
    }

    public static let script = #"""
import json, os, sys, time
out = sys.stdout.buffer
def write(raw):
    try:
        out.write(raw if isinstance(raw, bytes) else raw.encode())
        out.flush()
    except Exception:
        pass
def send(msg):
    write(json.dumps(msg) + "\n")
def answer(mid, text):
    send({"jsonrpc": "2.0", "id": mid, "result": {"content": [{"type": "text", "text": text}]}})
def tool(name, props=None):
    return {"name": name, "description": name, "inputSchema": {"type": "object", "properties": props or {}}}
TOOLS = [tool("echo", {"text": {"type": "string"}}), tool("flood", {"count": {"type": "integer"}}), tool("garbage"),
         tool("unsolicited"), tool("hang"), tool("oversize", {"megabytes": {"type": "integer"}}), tool("close_output")]
for line in sys.stdin:
    try:
        msg = json.loads(line)
    except Exception:
        continue
    method, mid = msg.get("method"), msg.get("id")
    if method == "initialize":
        send({"jsonrpc": "2.0", "id": mid, "result": {"protocolVersion": msg["params"].get("protocolVersion", "2025-06-18"),
              "capabilities": {"tools": {}}, "serverInfo": {"name": "hostile-child", "version": "1.0"}}})
    elif method == "tools/list":
        send({"jsonrpc": "2.0", "id": mid, "result": {"tools": TOOLS}})
    elif method == "ping":
        send({"jsonrpc": "2.0", "id": mid, "result": {}})
    elif method == "notifications/cancelled":
        sys.stderr.write("cancelled %s\n" % json.dumps(msg.get("params", {}).get("requestId")))
        sys.stderr.flush()
    elif method == "tools/call":
        name = msg["params"]["name"]
        args = msg["params"].get("arguments") or {}
        if name == "echo":
            answer(mid, args.get("text", ""))
        elif name == "flood":
            note = json.dumps({"jsonrpc": "2.0", "method": "notifications/message", "params": {"level": "info", "data": "x" * 64}}) + "\n"
            count = int(args.get("count", 100000))
            while count > 0:
                n = min(count, 5000)
                write(note * n)
                count -= n
            answer(mid, "flooded")
        elif name == "garbage":
            write(b'{not json\nhello\n{"jsonrpc":"2.0"}\n\xff\xfe\x00\nnull\n42\n')
            answer(mid, "garbage sent")
        elif name == "unsolicited":
            send({"jsonrpc": "2.0", "id": 987654321, "result": {"content": []}})
            send({"jsonrpc": "2.0", "id": "nobody-asked", "error": {"code": -32000, "message": "surprise"}})
            answer(mid, "unsolicited sent")
        elif name == "hang":
            pass
        elif name == "oversize":
            chunk = b"x" * (1 << 20)
            for _ in range(int(args.get("megabytes", 20))):
                write(chunk)
            write(b"\n")
        elif name == "close_output":
            try:
                out.flush()
                os.close(1)
            except Exception:
                pass
        else:
            send({"jsonrpc": "2.0", "id": mid, "error": {"code": -32602, "message": "unknown tool"}})
"""#
}
