"""Runs a command with its stdin and stdout passed through, and appends every line that
crosses in either direction to a log (JSON lines: {"from": "client"|"server", "line": ...}),
so the end-to-end test can check each message the registry sent against the MCP schema.

Usage: stdio_tap.py <log file> <command> [arguments...]
SIGTERM and SIGINT are passed on to the command; the exit status is the command's.
"""
import json
import signal
import subprocess
import sys
import threading

log_path, command = sys.argv[1], sys.argv[2:]
lock = threading.Lock()
log = open(log_path, "a", encoding="utf-8")


def record(side, line):
    with lock:
        log.write(json.dumps({"from": side, "line": line.decode("utf-8", "replace").rstrip("\n")}) + "\n")
        log.flush()


proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
for number in (signal.SIGTERM, signal.SIGINT):
    signal.signal(number, lambda received, _frame: proc.send_signal(received))


def client_to_server():
    try:
        for line in sys.stdin.buffer:
            record("client", line)
            proc.stdin.write(line)
            proc.stdin.flush()
    except (BrokenPipeError, ValueError):
        pass
    finally:
        try:
            proc.stdin.close()
        except BrokenPipeError:
            pass


threading.Thread(target=client_to_server, daemon=True).start()
for line in proc.stdout:
    record("server", line)
    try:
        sys.stdout.buffer.write(line)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        break
sys.exit(proc.wait())
