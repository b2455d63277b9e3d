"""End-to-end test: a hosted package, published to a real `mcp-registry registry serve`,
run through the aggregator and installed for a client.

Usage: e2e_hosted.py <mcp-registry binary>

The test writes a tiny Python MCP server package (a few lines on PyPI's `mcp` FastMCP,
requirements.txt `mcp`), publishes it with `mcp-registry publish --package` to a registry
on loopback, and starts the aggregator (`mcp-registry serve`) with that registry as an
`official` source. registry-add downloads the package, checks its SHA-256, unpacks it and
builds an image with pip installing `mcp` from PyPI (the same builder and Debian base
image as PyPI packages); its tool answers through the registry. A second entry whose
published digest is wrong is an isError and builds nothing. Then `mcp-registry install`
prepares the same server (cached image) and writes a client's config entry that runs it
in podman, and that entry, run as the client would, answers over MCP.
Prints one line per check, the timings, and "N passed, N failed"; exits non-zero on failure.
"""
import asyncio
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

import registry_service  # beside this script

BINARY = sys.argv[1]
NAMESPACE = "io.github.e2e-hosted"
NAME = f"{NAMESPACE}/team-notes"
MISMATCH = f"{NAMESPACE}/tampered-notes"
SERVER_PY = '''try:
    from mcp.server.fastmcp import FastMCP as Server  # mcp 1.x
except ImportError:
    from mcp.server.mcpserver import MCPServer as Server  # mcp 2.x renamed it

mcp = Server("team-notes")


@mcp.tool()
def shout(text: str) -> str:
    """Returns the text in capitals, with an exclamation mark."""
    return text.upper() + "!"


if __name__ == "__main__":
    mcp.run()
'''
passed, failed = 0, 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {name}", flush=True)
    else:
        failed += 1
        print(f"FAIL {name} {detail}", flush=True)


def text_of(result):
    return "\n".join(c.text for c in result.content if getattr(c, "type", "") == "text")


def run(args, env, timeout=900):
    return subprocess.run([BINARY, *args], env=env, capture_output=True, text=True, timeout=timeout)


def podman(*args):
    return subprocess.run(["podman", *args], capture_output=True, text=True)


def hosted_images():
    out = podman("images", "--format", "{{.Repository}}:{{.Tag}}",
                 "--filter", "reference=localhost/mcp-registry-package/hosted-*").stdout
    return [line for line in out.splitlines() if line.strip()]


def write_package(path):
    """server.py + requirements.txt in a top-level folder, as `tar czf` of a project gives."""
    with tarfile.open(path, "w:gz") as archive:
        for name, text in [("team-notes/server.py", SERVER_PY), ("team-notes/requirements.txt", "mcp\n")]:
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            info.mtime = int(time.time())
            archive.addfile(info, io.BytesIO(data))


async def add(session, entry_id, prefix):
    updates = []

    async def on_progress(progress, total, message):
        updates.append(message or "")

    started = time.monotonic()
    result = await session.call_tool("registry-add", {"id": entry_id, "prefix": prefix}, progress_callback=on_progress)
    return result, updates, time.monotonic() - started


async def find(session, query, suffix):
    for attempt in range(150):
        found = await session.call_tool("registry-find", {"query": query, "limit": 20})
        for result in (found.structured_content or {}).get("results", []):
            if result["id"].endswith(suffix):
                return result["id"]
        if attempt % 30 == 29:
            await session.call_tool("registry-refresh", {"source": "team", "force": True})
        await asyncio.sleep(0.2)
    return None


async def aggregator_checks(home, env, base, digest, figures):
    data = os.path.join(home, "agg")
    for source in ["docker", "awesome", "official", "mcpservers"]:
        run(["sources", "disable", source, "--data-dir", data], env)
    added = run(["sources", "add", base, "--format", "official", "--name", "team", "--data-dir", data], env)
    check("the team registry is added as an official source", added.returncode == 0, added.stderr)
    params = StdioServerParameters(command=BINARY, args=["serve", "--data-dir", data], env=env)
    with open(os.path.join(home, "aggregator-stderr.log"), "w") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                entry_id = await find(session, "team notes", NAME)
                check("registry-find finds the hosted package", entry_id == f"team/{NAME}", entry_id)
                if not entry_id:
                    return
                info = await session.call_tool("registry-info", {"id": entry_id})
                check("registry-info calls it launchable", not info.is_error and '"launchable": true' in json.dumps(info.structured_content or {}),
                      text_of(info)[:400])

                added, updates, cold = await add(session, entry_id, "notes")
                figures["registry-add → tools listed, hosted package, cold (download, verify, pip install mcp, build)"] = cold
                check("registry-add downloads, verifies, builds and starts the hosted package",
                      not added.is_error and (added.structured_content or {}).get("kind") == "package", text_of(added))
                check("the download and the SHA-256 check reach the client as progress",
                      any("downloading " + base in m for m in updates) and any("SHA-256 verified" in m for m in updates), updates)
                check("the build reaches the client as progress (pip installing requirements.txt)",
                      any("building the image for hosted package " + NAME in m for m in updates)
                      and any("pip" in m and "install" in m and "-r" in m for m in updates), updates)
                tools = {t.name for t in (await session.list_tools()).tools}
                check("its tool is listed", "notes__shout" in tools, sorted(tools))
                answer = await session.call_tool("notes__shout", {"text": "hosted and verified"})
                check("its tool answers", not answer.is_error and "HOSTED AND VERIFIED!" in text_of(answer), text_of(answer))

                active = await session.call_tool("registry-active", {})
                server = next((s for s in (active.structured_content or {}).get("servers", []) if s.get("prefix") == "notes"), {})
                image = server.get("image") or ""
                check("it runs from an image tagged by the package's digest",
                      image.startswith("localhost/mcp-registry-package/hosted-") and digest[:12] in image, (image, digest))
                label = podman("image", "inspect", "--format", '{{index .Labels "io.mcp-registry.package-sha256"}}', image).stdout.strip()
                check("the image is labelled with the package's SHA-256", label == digest, label)
                user = podman("image", "inspect", "--format", "{{.Config.User}}", image).stdout.strip()
                check("the image runs as a non-root user", user == "65534:65534", user)
                container = server.get("containerName") or server.get("containerID") or ""
                inspect = podman("inspect", "--format",
                                 "{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.NetworkMode}} {{.HostConfig.SecurityOpt}} {{.HostConfig.CapDrop}}",
                                 container).stdout.strip()
                check("the container runs hardened (read-only, no network, no-new-privileges, capabilities dropped)",
                      inspect.startswith("true none") and "no-new-privileges" in inspect and ("ALL" in inspect or "CAP_" in inspect),
                      (container, inspect))

                removed = await session.call_tool("registry-remove", {"id": entry_id})
                check("registry-remove stops it", not removed.is_error, text_of(removed))
                again, updates, warm = await add(session, entry_id, "notes")
                figures["registry-add → tools listed, hosted package, warm (image cached by digest)"] = warm
                check("a second add reuses the image cached by digest (no download, no build)",
                      not again.is_error and not any("downloading" in m or "building the image" in m for m in updates),
                      (text_of(again), updates))

                mismatch_id = await find(session, "tampered notes", MISMATCH)
                check("the entry with a wrong digest is in the catalog", mismatch_id is not None, mismatch_id)
                before = hosted_images()
                refused, _, _ = await add(session, mismatch_id, "tampered")
                text = text_of(refused)
                check("a digest mismatch is an isError that says so", refused.is_error and "SHA-256" in text and digest in text
                      and "nothing was built" in text, text)
                check("a digest mismatch builds no image", hosted_images() == before, (before, hosted_images()))
                active = await session.call_tool("registry-active", {})
                prefixes = sorted(s.get("prefix") for s in (active.structured_content or {}).get("servers", []))
                check("only the verified server runs", prefixes == ["notes"], prefixes)
                await session.call_tool("registry-remove", {"id": entry_id})


async def client_entry_answers(entry):
    """Runs a client config entry as the client would (command, args, env) and calls shout."""
    params = StdioServerParameters(command=entry["command"], args=entry["args"], env=dict(os.environ, **entry.get("env", {})))
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            answer = await session.call_tool("shout", {"text": "installed"})
            return text_of(answer)


def install_checks(home, env, base, version):
    """`mcp-registry install`: prints or writes the entry; the written entry runs in podman."""
    printed = run(["install", NAME, "--registry", base], env)
    check("install without --client prints the config entry", printed.returncode == 0 and '"podman"' in printed.stdout
          and "localhost/mcp-registry-package/hosted-" in printed.stdout, printed.stdout + printed.stderr)
    config = os.path.join(home, "claude", "claude_desktop_config.json")
    os.makedirs(os.path.dirname(config))
    with open(config, "w") as f:
        json.dump({"mcpServers": {"other": {"command": "echo"}}}, f)
    written = run(["install", f"{NAME}@{version}", "--registry", base, "--client", "claude-desktop", "--config-path", config], env)
    check("install --client writes the client's config", written.returncode == 0, written.stdout + written.stderr)
    with open(config) as f:
        servers = json.load(f).get("mcpServers", {})
    entry = servers.get("team-notes", {})
    check("the entry runs the image in podman, hardened", entry.get("command") == "podman" and "--read-only" in entry.get("args", [])
          and "--cap-drop" in " ".join(entry.get("args", [])), entry)
    check("the rest of the config is kept", "other" in servers, servers)
    if entry:
        try:
            answer = asyncio.run(client_entry_answers(entry))
        except Exception as error:  # noqa: BLE001 - reported as a failed check
            answer = repr(error)
        check("the written entry, run as the client runs it, answers over MCP", "INSTALLED!" in answer, answer)

    unknown = run(["install", f"{NAMESPACE}/no-such-server", "--registry", base], env)
    check("install of an unknown name is a clear error", unknown.returncode != 0
          and f"no server named {NAMESPACE}/no-such-server" in unknown.stderr, unknown.stderr)
    no_version = run(["install", f"{NAME}@9.9.9", "--registry", base], env)
    check("install of an unknown version is a clear error naming the versions there are",
          no_version.returncode != 0 and "9.9.9" in no_version.stderr and version in no_version.stderr, no_version.stderr)
    mismatch = run(["install", MISMATCH, "--registry", base], env)
    check("install of a package whose digest does not match is a clear error", mismatch.returncode != 0
          and "SHA-256" in mismatch.stderr and "nothing was built" in mismatch.stderr, mismatch.stderr)
    closed = run(["install", NAME, "--registry", f"http://127.0.0.1:{registry_service.free_port()}"], env)
    check("install from an unreachable registry is a clear error", closed.returncode != 0 and "reach" in closed.stderr, closed.stderr)


def main():
    figures = {}
    with tempfile.TemporaryDirectory(prefix="hosted-e2e-") as home:
        env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(home, "config"), HOME=home, MCP_REGISTRY_LOG="warning")
        env.pop("MCP_REGISTRY_TOKEN", None)
        database = os.path.join(home, "registry.db")
        port = registry_service.free_port()
        base = f"http://127.0.0.1:{port}"
        created = run(["registry", "token", "create", "--namespace", f"{NAMESPACE}/*", "--permission", "publish",
                       "--expires", "1h", "--database", database, "--data-dir", os.path.join(home, "reg")], env)
        token = created.stdout.strip()
        check("a publish token is created", created.returncode == 0 and token.startswith("mcpr_"), created.stderr)
        server = registry_service.start(BINARY, port, ["--database", database, "--data-dir", os.path.join(home, "reg")], env)
        built_before = set(hosted_images())
        try:
            version = f"1.0.{int(time.time())}"
            package = os.path.join(home, f"team-notes-{version}.tgz")
            write_package(package)
            published = run(["publish", "--package", package, "--name", NAME, "--version", version,
                             "--description", "Team notes: shouts what it is given.", "--registry", base],
                            dict(env, MCP_REGISTRY_TOKEN=token))
            check("publish --package publishes the hosted package", published.returncode == 0, published.stderr)
            answer = json.loads(published.stdout or "{}")
            document = answer.get("server", {}).get("server", {})
            hosted = next((p for p in document.get("packages", []) if p.get("registryType") == "mcpb"), {})
            digest = hosted.get("fileSha256", "")
            check("its server.json has an mcpb package with the download URL and digest",
                  hosted.get("identifier") == answer.get("download_url") and hosted.get("identifier", "").startswith(base)
                  and digest == answer.get("sha256") and len(digest) == 64, answer)

            # The same download published under another name with a digest that is not its own.
            tampered = {
                "$schema": "https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json",
                "name": MISMATCH, "version": "1.0.0", "description": "Tampered notes: a digest that does not match its file.",
                "packages": [{"registryType": "mcpb", "identifier": hosted.get("identifier", ""), "version": "1.0.0",
                              "fileSha256": "0" * 64, "transport": {"type": "stdio"}}],
            }
            path = os.path.join(home, "tampered.json")
            with open(path, "w") as f:
                json.dump(tampered, f)
            published = run(["publish", path, "--registry", base], dict(env, MCP_REGISTRY_TOKEN=token))
            check("a server.json whose mcpb digest is wrong is published", published.returncode == 0, published.stderr)

            asyncio.run(aggregator_checks(home, env, base, digest, figures))
            if os.environ.get("MCP_REGISTRY_E2E_SKIP_INSTALL") != "1":
                install_checks(home, env, base, version)
        finally:
            registry_service.stop(server)
            for image in set(hosted_images()) - built_before:
                podman("rmi", "-f", image)
    for name, seconds in figures.items():
        print(f"figure {name}: {seconds:.2f} s (debug build)", flush=True)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
