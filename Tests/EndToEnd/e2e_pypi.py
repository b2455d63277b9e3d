"""End-to-end test: real PyPI servers through the registry, driven by Python's `mcp` client.

Usage: e2e_pypi.py <mcp-registry binary>

Official-registry server.json entries with `pypi` packages, pinned to versions PyPI
serves, are added with `registry-add`: the registry builds an image (a venv with exactly
that version pip-installed, non-root user) from its Python base image (here the one built
from Debian packages, as `python:3.12-slim` cannot be pulled) and runs it hardened.
Checks: mcp-server-time answers for Europe/Paris, a second add reuses the cached image,
mcp-server-git works on an allowed volume, mcp-server-fetch (which declares a proxy URL) starts
with network while mcp-server-time has none, and each
failure (no such version, no such package, wrong console script, a build killed halfway)
is an isError with the build's last lines and no image tagged.
Prints one line per check, the timings, and "N passed, N failed"; exits non-zero on failure.
"""
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

BINARY = sys.argv[1]
TIME_VERSION = "2026.10.19"      # `pip index versions mcp-server-time` when this was written
GIT_VERSION = "2026.10.19"
FETCH_VERSION = "2026.10.24"
INTERRUPTED_VERSION = "2025.9.25"  # an older real version, built and killed halfway
EXCEL_VERSION = "2.2.2"          # excel-mcp-server: serves Streamable HTTP (`excel-mcp-server streamable-http`)
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


def podman(*args):
    return subprocess.run(["podman", *args], capture_output=True, text=True)


def package_images(name, version):
    out = podman("images", "--format", "{{.Repository}}:{{.Tag}}",
                 "--filter", f"reference=localhost/mcp-registry-package/pypi-{name}:{version}-*").stdout
    return [line for line in out.splitlines() if line.strip()]


def server_json(name, identifier, version, **package):
    return {
        "name": f"io.github.pypi-e2e/{name}",
        "description": f"{identifier} from PyPI, for the end-to-end test.",
        "version": version,
        "packages": [dict({"registryType": "pypi", "identifier": identifier, "version": version,
                           "runtimeHint": "uvx", "transport": {"type": "stdio"}}, **package)],
    }


ENTRIES = {
    "time": server_json("time", "mcp-server-time", TIME_VERSION),
    "git": server_json("git", "mcp-server-git", GIT_VERSION,
                       runtimeArguments=[{"type": "named", "name": "-v", "value": "{repository}:/repository",
                                          "variables": {"repository": {"description": "The git repository to work on",
                                                                       "isRequired": True, "format": "filepath"}}}],
                       packageArguments=[{"type": "named", "name": "--repository", "value": "/repository"}]),
    # It declares the proxy variable it reads, an optional URL: what says it reaches the
    # network (the official format has no network field; see NetworkNeed). The others say
    # nothing and run with --network none.
    "fetch": server_json("fetch", "mcp-server-fetch", FETCH_VERSION,
                         environmentVariables=[{"name": "HTTPS_PROXY", "description": "Proxy URL for the pages it fetches",
                                                "isRequired": False}]),
    "nosuchversion": server_json("nosuchversion", "mcp-server-time", "1999.1.1"),
    "nosuchpackage": server_json("nosuchpackage", "mcp-registry-pypi-e2e-no-such-package", "1.0.0"),
    "wrongscript": server_json("wrongscript", "six", "1.17.0"),
    "interrupted": server_json("interrupted", "mcp-server-time", INTERRUPTED_VERSION),
    # A package whose own transport is Streamable HTTP: it listens on {--port} inside its
    # container and wants a bearer token, sent as the transport's Authorization header.
    "excel": server_json(
        "excel", "excel-mcp-server", EXCEL_VERSION,
        transport={"type": "streamable-http", "url": "http://localhost:{--port}/mcp",
                   "headers": [{"name": "Authorization", "value": "Bearer {EXCEL_MCP_AUTH_TOKEN}", "isRequired": True,
                                "variables": {"EXCEL_MCP_AUTH_TOKEN": {"isSecret": True, "isRequired": True}}}]},
        environmentVariables=[{"name": "EXCEL_MCP_AUTH_TOKEN", "isSecret": True, "isRequired": True,
                               "description": "The bearer token the server requires"}],
        packageArguments=[{"type": "positional", "value": "streamable-http"},
                          {"type": "named", "name": "--host", "value": "0.0.0.0"},
                          {"type": "named", "name": "--port", "default": "8017", "description": "Port inside the container"},
                          {"type": "named", "name": "--allow-dir", "value": "/tmp/workbooks"}]),
}


def children(pid):
    """Process ids whose parent is `pid`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(entry))
        except (OSError, IndexError, ValueError):
            pass
    return found


def cmdline(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().split(b"\0")
    except OSError:
        return []


def registry_pid():
    """The registry process this script started (a child of this process)."""
    for pid in children(os.getpid()):
        if cmdline(pid)[:1] == [BINARY.encode()]:
            return pid
    return None


async def find_id(session, name):
    for _ in range(100):
        found = await session.call_tool("registry-find", {"query": f"pypi-e2e {name}", "limit": 20})
        for result in (found.structured_content or {}).get("results", []):
            if result["id"].endswith(f"pypi-e2e/{name}"):
                return result["id"]
        await asyncio.sleep(0.1)
    return None


async def add(session, entry_id, prefix, config=None):
    updates = []

    async def on_progress(progress, total, message):
        updates.append(message or "")

    args = {"id": entry_id, "prefix": prefix}
    if config:
        args["config"] = config
    started = time.monotonic()
    result = await session.call_tool("registry-add", args, progress_callback=on_progress)
    return result, updates, time.monotonic() - started


async def main_checks(home):
    catalog = os.path.join(home, "catalog")
    os.makedirs(catalog)
    for name, entry in ENTRIES.items():
        with open(os.path.join(catalog, f"{name}.json"), "w") as f:
            json.dump(entry, f)
    work = os.path.join(home, "work")
    repo = os.path.join(work, "repo")
    os.makedirs(repo)
    subprocess.run(["git", "init", "-q", "-b", "main", repo], check=True)
    with open(os.path.join(repo, "hello.txt"), "w") as f:
        f.write("hello\n")
    settings_path = os.path.join(home, "config", "mcp-registry", "config.json")
    os.makedirs(os.path.dirname(settings_path))
    with open(settings_path, "w") as f:
        json.dump({"containers": {"allowedVolumeRoots": [work], "startTimeout": 60, "callTimeout": 60}}, f)

    # The time image is made cold for this run (only our own package images are removed).
    for image in package_images("mcp-server-time", TIME_VERSION) + package_images("mcp-server-time", INTERRUPTED_VERSION):
        podman("rmi", "-f", image)

    env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(home, "config"), HOME=home, MCP_REGISTRY_LOG="warning")
    params = StdioServerParameters(
        command=BINARY, args=["serve", "--data-dir", os.path.join(home, "data"), "--catalog", catalog, "--no-refresh"], env=env)
    figures = {}
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            ids = {name: await find_id(session, name) for name in ENTRIES}
            check("every pypi entry is in the catalog", all(ids.values()), ids)
            if os.environ.get("MCP_REGISTRY_E2E_ONLY") == "http":
                # Only the HTTP package (while working on it; the suite runs everything).
                await http_package_checks(session, ids["excel"], figures)
                for name, seconds in figures.items():
                    print(f"figure {name}: {seconds:.2f} s", flush=True)
                return

            # mcp-server-time, cold: the image is built, progress reaches the client.
            added, updates, cold = await add(session, ids["time"], "time")
            figures["add → tools listed, mcp-server-time, cold (image build)"] = cold
            check("registry-add builds mcp-server-time from PyPI and starts it",
                  not added.is_error and (added.structured_content or {}).get("kind") == "package", text_of(added))
            check("the build reaches the client as progress notifications",
                  any("building the image for pypi mcp-server-time==" + TIME_VERSION in m for m in updates), updates)
            check("pip's install step is among the progress", any("pip" in m and "install" in m for m in updates), updates)
            tools = {t.name for t in (await session.list_tools()).tools}
            check("the time tools are listed", {"time__get_current_time", "time__convert_time"} <= tools, sorted(tools))
            now = await session.call_tool("time__get_current_time", {"timezone": "Europe/Paris"})
            check("get_current_time answers for Europe/Paris",
                  not now.is_error and "Europe/Paris" in text_of(now) and "datetime" in text_of(now), text_of(now))
            active = await session.call_tool("registry-active", {})
            servers = (active.structured_content or {}).get("servers", [])
            time_server = next((s for s in servers if s.get("prefix") == "time"), {})
            image = time_server.get("image") or ""
            check("it runs from its own package image",
                  image.startswith(f"localhost/mcp-registry-package/pypi-mcp-server-time:{TIME_VERSION}-"), servers)
            user = podman("image", "inspect", "--format", "{{.Config.User}}", image).stdout.strip()
            check("the image runs as a non-root user", user == "65534:65534", user)
            pinned = podman("run", "--rm", "--pull=never", "--network=none", image,
                            "python", "-c", "import importlib.metadata as m; print(m.version('mcp-server-time'))").stdout.strip()
            check("exactly the pinned version is installed in the image's venv", pinned == TIME_VERSION, pinned)
            container = time_server.get("containerID") or time_server.get("containerName") or ""
            inspect = podman("inspect", "--format",
                             "{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.CapDrop}} {{.HostConfig.SecurityOpt}} {{.Config.User}}",
                             container).stdout.strip()
            network = podman("inspect", "--format", "{{.HostConfig.NetworkMode}}", container).stdout.strip()
            check("mcp-server-time, which declares no network, runs with --network none", network == "none", (container, network))
            check("the container runs hardened (read-only, no capabilities, no-new-privileges, non-root)",
                  inspect.startswith("true") and "no-new-privileges" in inspect and inspect.endswith("65534:65534")
                  and ("ALL" in inspect or "CAP_" in inspect), (container, inspect))

            # Warm: removed and added again, the cached image is reused.
            removed = await session.call_tool("registry-remove", {"id": ids["time"]})
            check("registry-remove stops it", not removed.is_error, text_of(removed))
            again, updates, warm = await add(session, ids["time"], "time")
            figures["add → tools listed, mcp-server-time, warm (cached image)"] = warm
            check("a second add reuses the cached image (no build)",
                  not again.is_error and not any("building the image" in m for m in updates), (text_of(again), updates))
            check("the warm add is faster than the cold one", warm < cold, (warm, cold))

            # mcp-server-git on a folder the user allowed (and not on one they did not).
            outside = await add(session, ids["git"], "git", {"repository": "/etc"})
            check("a folder outside the allowed roots is refused", outside[0].is_error, text_of(outside[0]))
            added, updates, seconds = await add(session, ids["git"], "git", {"repository": repo})
            figures["add → tools listed, mcp-server-git (first add)"] = seconds
            check("mcp-server-git starts with the repository mounted", not added.is_error, text_of(added))
            status = await session.call_tool("git__git_status", {"repo_path": "/repository"})
            check("git_status reads the repository the test made",
                  not status.is_error and "hello.txt" in text_of(status), text_of(status))

            # mcp-server-fetch: network allowed for it, declared but not called (no internet).
            added, updates, seconds = await add(session, ids["fetch"], "fetch")
            figures["add → tools listed, mcp-server-fetch (first add)"] = seconds
            tools = {t.name for t in (await session.list_tools()).tools}
            check("mcp-server-fetch starts and declares fetch", not added.is_error and "fetch__fetch" in tools, (text_of(added), sorted(tools)))
            active = await session.call_tool("registry-active", {})
            fetch_server = next((s for s in (active.structured_content or {}).get("servers", []) if s.get("prefix") == "fetch"), {})
            network = podman("inspect", "--format", "{{.HostConfig.NetworkMode}}",
                             fetch_server.get("containerID") or fetch_server.get("containerName") or "").stdout.strip()
            check("mcp-server-fetch's container has a network", network not in ("", "none"), (network, fetch_server))

            # Failures: isError with the build's last lines, nothing tagged.
            for name, identifier, version, needle in [
                ("nosuchversion", "mcp-server-time", "1999.1.1", "1999.1.1"),
                ("nosuchpackage", "mcp-registry-pypi-e2e-no-such-package", "1.0.0", "No matching distribution"),
                ("wrongscript", "six", "1.17.0", "no console script named 'six'"),
            ]:
                failed_add, _, _ = await add(session, ids[name], name)
                text = text_of(failed_add)
                check(f"{name}: registry-add is an error with the build's last lines",
                      failed_add.is_error and "Last lines of the build" in text and needle in text, text)
                check(f"{name}: no image is tagged", package_images(identifier, version) == [],
                      package_images(identifier, version))

            # A build killed halfway (podman build gets SIGTERM during pip install).
            pid = registry_pid()
            killed = []

            async def kill_build(progress, total, message):
                if killed or not message or "pip" not in message:
                    return
                for child in children(pid or -1):
                    words = cmdline(child)
                    if b"build" in words and any(w.endswith(b"podman") for w in words[:1]):
                        os.kill(child, signal.SIGTERM)
                        killed.append(child)

            result = await session.call_tool("registry-add", {"id": ids["interrupted"], "prefix": "halfway"},
                                             progress_callback=kill_build)
            check("a build killed halfway is an error with the build's last lines",
                  killed and result.is_error and "Last lines of the build" in text_of(result), (killed, text_of(result)))
            check("a build killed halfway tags no image", package_images("mcp-server-time", INTERRUPTED_VERSION) == [],
                  package_images("mcp-server-time", INTERRUPTED_VERSION))
            active = await session.call_tool("registry-active", {})
            prefixes = sorted(s.get("prefix") for s in (active.structured_content or {}).get("servers", []))
            check("the failed adds left only the working servers running", prefixes == ["fetch", "git", "time"], prefixes)

            await http_package_checks(session, ids["excel"], figures)
    for name, seconds in figures.items():
        print(f"figure {name}: {seconds:.2f} s", flush=True)


async def http_package_checks(session, entry_id, figures):
    """excel-mcp-server, a PyPI package serving Streamable HTTP inside its container."""
    missing, _, _ = await add(session, entry_id, "excel")
    check("http package: add without its token says which secret to set",
          missing.is_error and "excel.excel_mcp_auth_token" in text_of(missing), text_of(missing))
    token = "pypi-e2e-" + os.urandom(8).hex()
    stored = await session.call_tool("registry-config-set", {"id": entry_id, "values": {"excel.excel_mcp_auth_token": token}})
    check("http package: the token is stored", not stored.is_error, text_of(stored))
    for image in package_images("excel-mcp-server", EXCEL_VERSION):
        podman("rmi", "-f", image)
    added, updates, seconds = await add(session, entry_id, "excel")
    figures["add → tools listed, excel-mcp-server over Streamable HTTP, cold (image build)"] = seconds
    check("http package: registry-add builds and starts excel-mcp-server", not added.is_error, text_of(added))
    check("http package: the wait for its port reaches the client as progress",
          any("answer HTTP on 127.0.0.1:" in m for m in updates), updates)
    tools = {t.name for t in (await session.list_tools()).tools}
    check("http package: its tools are listed", {"excel__create_workbook", "excel__describe_workbook"} <= tools, sorted(tools))
    created = await session.call_tool("excel__create_workbook", {"path": "/tmp/workbooks/pypi-e2e.xlsx", "sheets": ["Figures"]})
    check("http package: create_workbook answers over HTTP", not created.is_error, text_of(created))
    described = await session.call_tool("excel__describe_workbook", {"path": "/tmp/workbooks/pypi-e2e.xlsx"})
    check("http package: describe_workbook sees the sheet it made",
          not described.is_error and "Figures" in text_of(described), text_of(described))
    active = await session.call_tool("registry-active", {})
    server = next((s for s in (active.structured_content or {}).get("servers", []) if s.get("prefix") == "excel"), {})
    name = server.get("containerName") or server.get("containerID") or ""
    ports = podman("port", name).stdout.strip()
    check("http package: only a loopback port is published", ports.startswith("8017/tcp -> 127.0.0.1:") and len(ports.splitlines()) == 1,
          (name, ports))
    hardening = podman("inspect", "--format", "{{.HostConfig.ReadonlyRootfs}} {{.HostConfig.SecurityOpt}} {{.Config.User}}",
                       name).stdout.strip()
    check("http package: the container is still hardened", hardening.startswith("true") and "no-new-privileges" in hardening
          and hardening.endswith("65534:65534"), hardening)
    check("http package: registry-active shows its loopback URL",
          (server.get("url") or "").startswith("http://127.0.0.1:") and token not in json.dumps(server), server)
    removed = await session.call_tool("registry-remove", {"id": entry_id})
    gone = podman("container", "exists", name).returncode
    check("http package: registry-remove stops its container", not removed.is_error and gone == 1, (text_of(removed), gone))


def main():
    with tempfile.TemporaryDirectory(prefix="pypi-e2e-") as home:
        asyncio.run(main_checks(home))
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
