/// The `instructions` sent in the `initialize` result: how a model that has never heard of
/// this registry should use it.
enum RegistryInstructions {
    static let text = """
        mcp-registry finds MCP servers in many catalogs (the Docker MCP registry, the official MCP \
        registry, awesome lists, mcpservers.org and the user's own catalogs), starts the one you need \
        in an isolated Podman container (or connects to it, if it is remote), and lets you call its \
        tools in this conversation.

        Workflow:
        1. registry-find {"query": "what you need"} — e.g. "postgres", "github issues". Typos are fine.
        2. registry-info {"id": "<id>"} — what it does, how it runs, and the secrets/settings it needs.
        3. If it needs secrets or settings, ask the user for the values, then \
        registry-config-set {"id": "<id>", "values": {...}}. Never invent secret values.
        4. registry-add {"id": "<id>"} — starts it; its tools appear as <prefix>__<tool>. If your client \
        does not refresh its tool list, call them with registry-exec {"tool": "<prefix>__<tool>", "arguments": {...}}.
        5. registry-remove {"id": "<id>"} when done. registry-active lists what is running.

        registry-status shows the catalogs' health; registry-refresh re-reads them in the background.
        """
}
