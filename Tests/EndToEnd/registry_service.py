"""A real `mcp-registry registry serve` for the end-to-end scripts: a free loopback port,
start and wait until it answers, stop with SIGTERM (killed only if it hangs)."""
import socket
import subprocess
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(binary, port, args, env, wait=60):
    """`registry serve --port PORT *args`, once `/v0.1/ping` answers (or `wait` seconds pass)."""
    server = subprocess.Popen([binary, "registry", "serve", "--port", str(port), *args], env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/v0.1/ping", timeout=2).read()
            break
        except OSError:
            time.sleep(0.1)
    return server


def stop(server):
    """SIGTERM, then its stderr; the exit status is in `server.returncode`."""
    server.terminate()
    try:
        _, stderr = server.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        _, stderr = server.communicate()
    return stderr
