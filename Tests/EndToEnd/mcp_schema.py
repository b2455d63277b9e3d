"""Checks JSON-RPC messages a server sent against the official MCP JSON schema of the
protocol version negotiated on that connection (schema/<version>/schema.json, from the
modelcontextprotocol/modelcontextprotocol repository).

A reply's `result` is checked against the result type of the request it answers
(`tools/call` → CallToolResult, …); requests and notifications the server sent against
ServerRequest / ServerNotification; errors against JSONRPCError.
"""
import json
import os

import jsonschema

SCHEMA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schema")

RESULT_TYPES = {
    "initialize": "InitializeResult",
    "ping": "EmptyResult",
    "tools/list": "ListToolsResult",
    "tools/call": "CallToolResult",
    "resources/list": "ListResourcesResult",
    "resources/templates/list": "ListResourceTemplatesResult",
    "resources/read": "ReadResourceResult",
    "resources/subscribe": "EmptyResult",
    "resources/unsubscribe": "EmptyResult",
    "prompts/list": "ListPromptsResult",
    "prompts/get": "GetPromptResult",
    "logging/setLevel": "EmptyResult",
    "completion/complete": "CompleteResult",
}

_validators = {}


def available_versions():
    return sorted(os.listdir(SCHEMA_DIR)) if os.path.isdir(SCHEMA_DIR) else []


def _validator(version, definition):
    key = (version, definition)
    if key not in _validators:
        with open(os.path.join(SCHEMA_DIR, version, "schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        root = {"$schema": schema.get("$schema"), "definitions": schema["definitions"], "$ref": f"#/definitions/{definition}"}
        cls = jsonschema.validators.validator_for(root)
        _validators[key] = cls(root)
    return _validators[key]


def _errors(version, definition, instance):
    found = sorted(_validator(version, definition).iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"{definition} at /{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in found]


def check_server_message(version, message, method_of):
    """Problems with one message the server sent ([] when valid). `method_of(id)` names the
    client request a reply answers."""
    if not isinstance(message, dict):
        return ["not a JSON object"]
    if "method" in message:
        kind = "ServerRequest" if "id" in message else "ServerNotification"
        return _errors(version, kind, message)
    if "error" in message:
        return _errors(version, "JSONRPCError", message)
    problems = _errors(version, "JSONRPCResponse", message)
    result_type = RESULT_TYPES.get(method_of(message.get("id")))
    if result_type and not problems:
        problems += _errors(version, result_type, message.get("result"))
    return problems


def check_log(lines):
    """Checks one connection's traffic: `lines` are (side, text) in order, side "client" or
    "server". Returns (messages checked, versions checked, problems, versions without a
    committed schema)."""
    methods = {}
    version = None
    checked, versions, problems, unchecked = 0, set(), [], set()
    for side, text in lines:
        if not text.strip():
            continue
        try:
            message = json.loads(text)
        except ValueError:
            if side == "server":
                problems.append(f"not JSON: {text[:200]}")
            continue
        if side == "client":
            if isinstance(message, dict) and "method" in message and "id" in message:
                methods[json.dumps(message["id"])] = message["method"]
            continue
        if isinstance(message, dict) and methods.get(json.dumps(message.get("id"))) == "initialize" and "result" in message:
            version = message["result"].get("protocolVersion")
        if version is None:
            problems.append(f"a message before the protocol version was negotiated: {text[:200]}")
            continue
        if version not in available_versions():
            unchecked.add(version)
            continue
        versions.add(version)
        checked += 1
        for problem in check_server_message(version, message, lambda i: methods.get(json.dumps(i))):
            problems.append(f"{problem} — in {text[:300]}")
    return checked, versions, problems, unchecked


def check_log_file(path):
    with open(path, encoding="utf-8") as f:
        entries = [json.loads(l) for l in f if l.strip()]
    return check_log([(e["from"], e["line"]) for e in entries])
