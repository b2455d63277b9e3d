#!/usr/bin/env python3
"""Writes the fuzz seed corpora and dictionaries into OUT (a build folder), from the
shared fixtures and cases (FIXTURES, CASES) and a few hand-written samples. Nothing here
is copied into git: run by scripts/fuzz before each run."""
import glob, json, os, re, sys

out, shared = sys.argv[1], sys.argv[2]
fixtures, cases = os.path.join(shared, "fixtures"), os.path.join(shared, "cases")
MAX = 12000


def read(path):
    with open(path, "rb") as f:
        return f.read()


def chunks(data):
    """Large texts cut at line ends into pieces of at most MAX bytes."""
    if len(data) <= MAX:
        return [data]
    pieces, start = [], 0
    while start < len(data):
        end = data.rfind(b"\n", start, start + MAX)
        end = start + MAX if end <= start else end + 1
        pieces.append(data[start:end])
        start = end
    return pieces


def write(target, items):
    folder = os.path.join(out, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    for old in os.listdir(folder):
        if old.startswith("seed-"):
            os.remove(os.path.join(folder, old))
    count = 0
    for item in items:
        for piece in chunks(item):
            with open(os.path.join(folder, "seed-%05d" % count), "wb") as f:
                f.write(piece)
            count += 1
    return count


def files(pattern):
    return sorted(glob.glob(os.path.join(shared, pattern), recursive=True))


docker = []
for yaml in files("fixtures/docker-mcp-registry/servers/*/server.yaml"):
    item = read(yaml)
    tools = os.path.join(os.path.dirname(yaml), "tools.json")
    if os.path.exists(tools) and len(item) + os.path.getsize(tools) < MAX:
        item += b"\0" + read(tools)
    docker.append(item)
docker += [read(p) for p in files("cases/**/*.yaml")]

official = [read(p) for p in files("fixtures/official-registry/**/*.json") if os.path.getsize(p) < MAX]
official += [read(p) for p in files("cases/**/*.json")]

awesome = [read(p) for p in files("fixtures/awesome-mcp-servers/**/*.md")]
awesome += [read(p) for p in files("cases/awesome-lines/*")]

readmes = [read(p) for p in files("fixtures/docker-mcp-registry/servers/*/readme.md")[:60]]
blocks = []
for text in readmes + awesome:
    blocks += [m.encode() for m in re.findall(r"```[a-z]*\n(.*?)```", text.decode("utf-8", "replace"), re.S)]
snippets = blocks[:300] + [
    b"docker run -i --rm -e GITHUB_TOKEN=<your-token> -v /data:/data ghcr.io/acme/tools:1.4 stdio",
    b"export DB_PASSWORD=secret\nuvx --from 'pyserver-mcp==0.3.1' pyserver --readonly",
    b"API_KEY=\"a b\" npx -y @scope/server@1.2.0 --flag 'quoted arg' \\\n  --next",
    b'{"mcpServers": {"w": {"command": "npx", "args": ["-y", "@j/w"], "env": {"K": "your-key"},}}}',
    b'"servers": { "corp": { "url": "https://mcp.corp.example/sse" } }',
]

templates = []
for text in docker:
    for line in text.decode("utf-8", "replace").splitlines():
        if "{{" in line or re.search(r"\{[a-z_]+\}", line):
            templates.append(line.strip().encode() + b'\0{"value": "x", "paths": ["/a", "/b"], "port": 8080}')
templates = templates[:400] + [
    b"{{filesystem.paths|volume|into}}\0{\"filesystem.paths\": [\"/src\", \"/data\"]}",
    b"--port={{server.port|or:3000}}\0{}",
    b"{{a.b|first}}:{{a.b|last}}:{{a.b|volume-target}}\0{\"a\": {\"b\": [\"x\", \"y\"]}}",
    b"--db={database_name}\0{\"database_name\": \"app\"}",
]

urls = [
    b"https://{tenant_id}.analytics.example.com/mcp\0{\"tenant_id\": \"evil.com/x#\"}",
    b"https://api.example.com/{org}/mcp?key=${API_KEY}\0{\"org\": \"a b/c\"}",
    b"Bearer ${GITHUB_TOKEN}\0token-value",
    b"https://{{server.host|or:localhost}}:{port}/sse\0{\"port\": 9}",
    b"${}${A}${a.b-c}{{}}{}\0",
]

sse = [
    b"\x05event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n\n",
    b"\x01: comment\r\nevent: endpoint\r\ndata: /messages?session=1\r\n\r\n",
    b"\x10data: a\ndata: b\rdata\n\nid: 3\nretry: 10\n\n\xef\xbb\xbfdata: c\n\n",
]

jsonc = [
    b"\x00" + b'{\n  "mcpServers": {\n    "other": {"command": "x", "args": []}\n  }\n}\n',
    b"\x00" + b"{}",
    b"\x00",
    b"\x01" + b'// VS Code\n{\n\t"servers": {\n\t\t"a": {"type": "stdio", "command": "a",}, // trailing\n\t},\n\t/* block */ "inputs": []\n}\n',
    b"\x02" + b'{\r\n  "context_servers": {\r\n    "mcp-registry": { "command": {"path": "old"} }\r\n  },\r\n  "theme": "One Dark"\r\n}\r\n',
    b"\x01" + b'{"servers": null}',
]
for p in files("fixtures/official-registry/examples/valid/*.json")[:20]:
    jsonc.append(b"\x00" + read(p))

continue_yaml = [
    b"name: Local Config\nversion: 1.0.0\nschema: v1\nmcpServers:\n  - name: other\n    command: npx\n    args:\n      - -y\n      - other\n",
    b"# comment\nmodels: []\nmcpServers: []\n",
    b"mcpServers:\r\n- name: mcp-registry\r\n  command: old\r\n  env:\r\n    A: b\r\n",
    b"",
    b"mcpServers: ~\nrules:\n  - x\n",
]

html_pages = []
chrome = b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>MCP Servers</title></head><body><header><nav><a href="/all">All</a></nav></header>'
html_pages.append(chrome + b'<main><h1>GitHub Tools</h1><p>Manage GitHub &amp; more.</p><a href="https://github.com/acme/tools">GitHub</a><a href="/category/developer-tools">Dev</a><pre><code>docker run -i --rm -e GITHUB_TOKEN=&lt;t&gt; ghcr.io/acme/tools:1.4</code></pre></main><footer><a href="/servers/f/x">f</a></footer></body></html>')
html_pages.append(chrome + b'<main><article><h1> Weather </h1><p>Forecasts.</p><pre>{"mcpServers": {"w": {"command": "npx", "args": ["-y", "@j/w@1.2.0"], "env": {"K": "your-key"},}}}</pre></article></main></body></html>')
html_pages.append(chrome + b'<main><a href="/servers/a/b">b</a><a href="/servers/c/d/extra">d</a><a href="/all?page=2">2</a><a href="/category/databases">db</a></main></body></html>')
html_pages.append(b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://mcpservers.org/servers/a/b</loc><lastmod>2025-01-02</lastmod></url></urlset>')
html_pages.append(b'<sitemapindex><sitemap><loc>https://mcpservers.org/sitemap-1.xml</loc></sitemap></sitemapindex>')
html_pages.append(b"<div><p>unclosed <b>bold <i>both</div><p>next")

counts = {
    "docker-server-yaml": write("docker-server-yaml", docker),
    "official-server-json": write("official-server-json", official),
    "awesome-markdown": write("awesome-markdown", awesome),
    "mcpservers-html": write("mcpservers-html", html_pages),
    "jsonc-edit": write("jsonc-edit", jsonc),
    "continue-yaml-edit": write("continue-yaml-edit", continue_yaml),
    "install-snippet": write("install-snippet", snippets),
    "config-template": write("config-template", templates),
    "url-template": write("url-template", urls),
    "sse-stream": write("sse-stream", sse),
}

dictionaries = {
    "json": ['"{"', '"}"', '"["', '"]"', '":"', '","', '"\\""', '"true"', '"false"', '"null"', '"//"', '"/*"', '"*/"', '"\\\\u00"', '"1e999"', '"-0"'],
    "yaml": ['": "', '"- "', '"\\x0a  "', '"#"', '"---"', '"..."', '"&a"', '"*a"', '"!!str"', '"|"', '">"', '"? "', '"{}"', '"[]"', '"~"', '"mcpServers:"', '"name:"', '"command:"', '"args:"', '"env:"'],
    "html": ['"<main>"', '"</main>"', '"<h1>"', '"<p>"', '"<pre><code>"', '"<a href=\\""', '"/servers/"', '"/category/"', '"?page="', '"&amp;"', '"<![CDATA["', '"<!--"', '"<url><loc>"', '"<lastmod>"', '"https://github.com/"'],
    "markdown": ['"- ["', '"]("', '"https://github.com/"', '"## "', '"```"', '"<details>"', '"([Source]("', '" - "', '"\\xf0\\x9f\\x90\\x8d"', '"\\xe2\\x98\\x81\\xef\\xb8\\x8f"'],
    "shell": ['"docker run"', '" -e "', '" -v "', '"npx -y "', '"uvx --from "', '"export "', '"\\\\\\x0a"', '"\'"', '"\\""', '"${"', '"<your-"', '"&&"', '"|"', '";"'],
    "template": ['"{{"', '"}}"', '"|volume"', '"|volume-target"', '"|into"', '"|or:"', '"|first"', '"|last"', '"{"', '"}"', '"${"', '"server."'],
    "sse": ['"data: "', '"event: "', '"id: "', '"retry: "', '"\\x0d\\x0a"', '"\\x0a\\x0a"', '": "'],
}
for name, tokens in dictionaries.items():
    os.makedirs(os.path.join(out, "dict"), exist_ok=True)
    with open(os.path.join(out, "dict", name + ".dict"), "w") as f:
        f.write("\n".join(tokens) + "\n")
print(json.dumps(counts))
