"""Round trip through the registry service, as a test: publish a server.json for the
fixture image to `mcp-registry registry serve`, then an aggregator (`mcp-registry serve`)
with that registry as an `official` source finds it with registry-find, registry-add starts
it in podman, and its tool answers.

Usage: e2e_registry_roundtrip.py <mcp-registry binary> <fixture image>
Prints one line per check and "N passed, N failed"; exits non-zero on failure.
"""
import asyncio
import json
import os
import subprocess
import sys
import tempfile

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

import registry_service  # beside this script

BINARY, IMAGE = sys.argv[1], sys.argv[2]
NAME = "io.github.mcp-registry/roundtrip-fixture"
passed, failed = 0, 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def text_of(result):
    return "\n".join(c.text for c in result.content if getattr(c, "type", "") == "text")


def run(args, env, **kw):
    return subprocess.run([BINARY, *args], env=env, capture_output=True, text=True, timeout=120, **kw)


async def aggregator_checks(home, env, base):
    for source in ["docker", "awesome", "official", "mcpservers"]:
        run(["sources", "disable", source, "--data-dir", os.path.join(home, "agg")], env)
    added = run(["sources", "add", base, "--format", "official", "--name", "company", "--data-dir", os.path.join(home, "agg")], env)
    check("the registry is added as an official source", added.returncode == 0, added.stderr)

    params = StdioServerParameters(command=BINARY, args=["serve", "--data-dir", os.path.join(home, "agg")], env=env)
    with open(os.path.join(home, "aggregator-stderr.log"), "w") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                results = []
                for attempt in range(150):
                    found = await session.call_tool("registry-find", {"query": "roundtrip fixture"})
                    results = found.structured_content["results"]
                    if results:
                        break
                    if attempt % 30 == 29:
                        await session.call_tool("registry-refresh", {"source": "company", "force": True})
                    await asyncio.sleep(0.2)
                check("registry-find finds the published server", results and results[0]["id"] == f"company/{NAME}", results[:1])
                if not results:
                    return
                added = await session.call_tool("registry-add", {"id": results[0]["id"]})
                check("registry-add starts it in podman", not added.is_error, text_of(added))
                tools = [t["name"] for t in (added.structured_content or {}).get("tools", [])]
                echo = next((t for t in tools if t.endswith("__echo")), None)
                check("its tools are proxied", echo is not None, tools)
                if echo:
                    answer = await session.call_tool(echo, {"text": "published, found, started"})
                    check("its tool answers", not answer.is_error and "published, found, started" in text_of(answer), text_of(answer))
                removed = await session.call_tool("registry-remove", {"id": results[0]["id"]})
                check("registry-remove stops it", not removed.is_error, text_of(removed))


def main():
    with tempfile.TemporaryDirectory(prefix="service-roundtrip-") as home:
        env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(home, "config"), HOME=home, MCP_REGISTRY_LOG="warning")
        env.pop("MCP_REGISTRY_TOKEN", None)
        database = os.path.join(home, "registry.db")
        port = registry_service.free_port()
        base = f"http://127.0.0.1:{port}"
        created = run(["registry", "token", "create", "--namespace", "io.github.mcp-registry/*", "--permission", "publish",
                       "--expires", "1h", "--database", database, "--data-dir", os.path.join(home, "reg")], env)
        token = created.stdout.strip()
        check("registry token create prints one token on stdout", created.returncode == 0 and token.startswith("mcpr_"), created.stderr)
        check("the token's details go to stderr, not the token", token not in created.stderr and "publish" in created.stderr, created.stderr)

        server = registry_service.start(BINARY, port, ["--database", database, "--data-dir", os.path.join(home, "reg")], env)
        try:
            document = {
                "$schema": "https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json",
                "name": NAME, "title": "Roundtrip fixture", "version": "1.0.0",
                "description": "The roundtrip fixture MCP server of mcp-registry's tests.",
                "packages": [{"registryType": "oci", "identifier": IMAGE, "transport": {"type": "stdio"}}],
            }
            path = os.path.join(home, "server.json")
            with open(path, "w") as f:
                json.dump(document, f)
            bad_path = os.path.join(home, "bad.json")
            with open(bad_path, "w") as f:
                json.dump(dict(document, version="latest"), f)
            refused = run(["publish", bad_path, "--registry", base], dict(env, MCP_REGISTRY_TOKEN=token))
            check("publish validates locally first and names the field", refused.returncode != 0 and "version" in refused.stderr, refused.stderr)
            published = run(["publish", path, "--registry", base], dict(env, MCP_REGISTRY_TOKEN=token))
            check("mcp-registry publish publishes and prints the entry",
                  published.returncode == 0 and '"isLatest" : true' in published.stdout.replace('": ', '" : '), published.stdout + published.stderr)
            again = run(["publish", path, "--registry", base], dict(env, MCP_REGISTRY_TOKEN=token))
            check("publishing it again prints the registry's error verbatim", again.returncode != 0 and "duplicate version" in again.stderr, again.stderr)
            status = run(["registry", "status", "--database", database, "--data-dir", os.path.join(home, "reg")], env)
            check("registry status counts it", "servers: 1 (1 versions" in status.stdout, status.stdout + status.stderr)
            remote = run(["registry", "status", "--registry", base], env)
            check("registry status --registry asks the running registry", remote.returncode == 0
                  and "servers: 1 (1 versions" in remote.stdout and f"registry: {base}" in remote.stdout, remote.stdout + remote.stderr)

            asyncio.run(aggregator_checks(home, env, base))
        finally:
            stderr = registry_service.stop(server)
            check("registry serve ends cleanly on SIGTERM", server.returncode == 0, f"exit {server.returncode}")
            check("no token value in the service's log", token not in stderr)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
