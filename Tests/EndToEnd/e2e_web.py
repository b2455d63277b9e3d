"""The registry service's web page in a real headless Chromium, as a test: start
`mcp-registry registry serve`, publish a server with the CLI, then in the browser search
for it, open its page (right version, count when the registry keeps one), publish another
server through the form with a token (and see the registry's refusals verbatim, with the
field they name), browse with JavaScript disabled, and check the console has no errors.
Screenshots of each page go to the output folder.

Usage: e2e_web.py <mcp-registry binary> <database: SQLite path or postgres:// URL> <output folder>
Prints one line per check and "N passed, N failed"; exits non-zero on failure.

Chromium runs with --headless=new (the current headless mode), --no-sandbox (its sandbox
needs user namespaces or a setuid helper, which a root user in a container or CI job
lacks) and --disable-dev-shm-usage (a container's /dev/shm is often 64 MB, too small for
its shared memory; /tmp is used instead).
"""
import io
import json
import os
import tarfile
import subprocess
import sys
import tempfile
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import registry_service  # beside this script

BINARY, DATABASE, OUTPUT = sys.argv[1], sys.argv[2], sys.argv[3]
NAMESPACE = "io.github.web-e2e"
FIRST = f"{NAMESPACE}/weather-forecast"
SECOND = f"{NAMESPACE}/ticket-tracker"
HOSTED = f"{NAMESPACE}/notes-keeper"
DOWNLOADS = 3
WAIT = 60  # seconds: generous, the machine may be loaded
passed, failed = 0, 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def run(args, env):
    return subprocess.run([BINARY, *args], env=env, capture_output=True, text=True, timeout=180)


def document(name, version, title, description, image):
    return {
        "$schema": "https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json",
        "name": name, "title": title, "version": version, "description": description,
        "packages": [{"registryType": "oci", "identifier": image, "transport": {"type": "stdio"}}],
        "_meta": {"io.modelcontextprotocol.registry/publisher-provided": {
            "readme": f"# {title}\n\nInstall it with **podman**; see [the docs](https://example.com/docs).\n\n- one\n- two\n"}},
    }


def browser(javascript=True):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1600", "--disable-gpu"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(WAIT)
    return driver


def shot(driver, name):
    path = os.path.join(OUTPUT, name + ".png")
    driver.save_screenshot(path)
    print(f"     screenshot {path}")


def severe(driver):
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def hosted_package(home, base, env, token):
    """Publishes a hosted package (server.py + requirements.txt) with the CLI and downloads
    it DOWNLOADS times, so the pages have a count to show."""
    path = os.path.join(home, "notes-keeper-0.3.0.tgz")
    with tarfile.open(path, "w:gz") as archive:
        for name, text in [("server.py", "from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('notes')\n"),
                           ("requirements.txt", "mcp\n")]:
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    published = run(["publish", "--package", path, "--name", HOSTED, "--version", "0.3.0",
                     "--description", "Keeps notes for the team.", "--registry", base], dict(env, MCP_REGISTRY_TOKEN=token))
    check("mcp-registry publish --package publishes a hosted package", published.returncode == 0, published.stderr)
    with open(path, "rb") as f:
        original = f.read()
    same = True
    for _ in range(DOWNLOADS):
        body = urllib.request.urlopen(f"{base}/api/v1/servers/{HOSTED}/0.3.0/download", timeout=30).read()
        same = same and body == original
    check(f"the package downloads {DOWNLOADS} times, byte for byte", same)


def with_javascript(driver, base, token):
    wait = WebDriverWait(driver, WAIT)
    driver.get(base + "/")
    check("the home page lists the published server as newest",
          "Weather forecast" in driver.find_element(By.ID, "newest").text, driver.find_element(By.TAG_NAME, "main").text[:500])
    popular = driver.find_elements(By.ID, "most-downloaded")
    check("the home page lists the hosted package as most downloaded, with its count",
          popular and "notes-keeper" in popular[0].text and f"{DOWNLOADS} downloads" in popular[0].text,
          [p.text for p in popular])
    shot(driver, "home")
    driver.get(base + "/servers/" + HOSTED)
    counts = driver.find_elements(By.ID, "downloads")
    check("the hosted package's page shows its download total, labelled as all versions'",
          counts and counts[0].text == f"{DOWNLOADS} downloads of all versions", [c.text for c in counts])
    shown = driver.find_elements(By.ID, "version-downloads")
    check("and the shown version's own count, labelled with the version",
          shown and shown[0].text == f"{DOWNLOADS} downloads of 0.3.0", [c.text for c in shown])
    shot(driver, "server-hosted")
    driver.get(base + "/")

    box = driver.find_element(By.NAME, "q")
    box.send_keys("wether forcast")  # typos: the same fuzzy search as registry-find
    box.send_keys(Keys.ENTER)
    wait.until(EC.presence_of_element_located((By.ID, "results")))
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "#results a.name")]
    check("search finds the published server despite typos", links and links[0].endswith("/servers/" + FIRST), links)
    shot(driver, "search")

    driver.find_element(By.CSS_SELECTOR, "#results a.name").click()
    wait.until(EC.presence_of_element_located((By.ID, "shown-version")))
    check("its page shows the latest version", driver.find_element(By.ID, "shown-version").text == "1.1.0",
          driver.find_element(By.ID, "shown-version").text)
    check("the latest version is marked", "latest" in driver.find_element(By.CSS_SELECTOR, "p.facts").text)
    counts = driver.find_elements(By.ID, "downloads")
    check("a download count is shown only when the registry keeps one",
          not counts or counts[0].text.split()[0].isdigit(), [c.text for c in counts])
    versions = driver.find_element(By.ID, "versions").text
    check("every version is listed", "1.0.0" in versions and "1.1.0" in versions, versions)
    check("the registry-add id is shown", driver.find_element(By.ID, "add-id").text == "team/" + FIRST,
          driver.find_element(By.ID, "add-id").text)
    claude = driver.find_element(By.ID, "client-claude-desktop").text
    check("the Claude Desktop entry runs the image in podman", "podman" in claude and "ghcr.io/example/weather:1.1.0" in claude, claude)
    check("the readme is rendered", driver.find_element(By.CSS_SELECTOR, "#readme strong").text == "podman")
    copy = driver.find_element(By.CSS_SELECTOR, "button.copy[data-copy='add-id']")
    check("copy buttons are shown with JavaScript", copy.is_displayed())
    copy.click()
    wait.until(lambda d: copy.text in ("Copied", "Selected"))
    check("a copy button copies (or selects) the text", copy.text in ("Copied", "Selected"), copy.text)
    shot(driver, "server")
    errors = severe(driver)
    check("no console errors while browsing", not errors, errors)

    driver.get(base + "/publish")
    driver.find_element(By.ID, "token").send_keys(token)
    field = driver.find_element(By.ID, "document")
    second = document(SECOND, "2.0.0", "Ticket tracker", "Files and tracks tickets.", "ghcr.io/example/tickets:2.0.0")
    driver.execute_script("arguments[0].value = arguments[1];", field, json.dumps(second, indent=2))
    wait.until(lambda d: d.find_element(By.ID, "publish").is_enabled())
    driver.find_element(By.ID, "publish").click()
    link = wait.until(EC.presence_of_element_located((By.ID, "published-link")))
    check("the form publishes with the token", "Published " + SECOND in driver.find_element(By.ID, "publish-result").text)
    shot(driver, "publish")
    errors = severe(driver)
    check("no console errors while publishing", not errors, errors)
    link.click()
    wait.until(EC.presence_of_element_located((By.ID, "shown-version")))
    check("the published server's page opens", driver.find_element(By.ID, "shown-version").text == "2.0.0")
    driver.get(base + "/")
    check("the new server is listed on the home page", "Ticket tracker" in driver.find_element(By.ID, "newest").text)

    # Refusals: shown verbatim, with the field they name. Chromium logs each refused fetch as
    # "Failed to load resource" (a network entry, not a script error); only those are allowed.
    driver.get(base + "/publish")
    driver.find_element(By.ID, "token").send_keys(token)
    field = driver.find_element(By.ID, "document")
    bad = dict(second, version="latest")
    driver.execute_script("arguments[0].value = arguments[1];", field, json.dumps(bad))
    wait.until(lambda d: d.find_element(By.ID, "publish").is_enabled())
    driver.find_element(By.ID, "publish").click()
    issues = wait.until(EC.presence_of_element_located((By.ID, "publish-issues")))
    error = driver.find_element(By.ID, "publish-error").text
    check("an invalid server.json shows the registry's error and the field", "version" in issues.text and error.startswith("Invalid"),
          f"{error} / {issues.text}")
    shot(driver, "publish-refused")
    driver.execute_script("arguments[0].value = arguments[1];", field, json.dumps(second))
    driver.find_element(By.ID, "publish").click()
    wait.until(lambda d: "duplicate" in d.find_element(By.ID, "publish-result").text)
    check("a duplicate version shows the registry's error verbatim",
          "cannot publish duplicate version 2.0.0" in driver.find_element(By.ID, "publish-error").text)
    driver.find_element(By.ID, "token").clear()
    driver.find_element(By.ID, "token").send_keys("mcpr_not-a-token")
    driver.find_element(By.ID, "publish").click()
    wait.until(lambda d: "token" in d.find_element(By.ID, "publish-result").text.lower())
    check("a wrong token is refused", "token" in driver.find_element(By.ID, "publish-error").text.lower())
    errors = [e for e in severe(driver) if not ("/v0.1/publish" in e.get("message", "") and "Failed to load resource" in e.get("message", ""))]
    check("no console errors but the refused publications themselves", not errors, errors)


def without_javascript(driver, base):
    wait = WebDriverWait(driver, WAIT)
    driver.get(base + "/")
    check("without JavaScript the home page lists servers", "Ticket tracker" in driver.find_element(By.ID, "newest").text)
    box = driver.find_element(By.NAME, "q")
    box.send_keys("tickets")
    driver.find_element(By.CSS_SELECTOR, "form.search button").click()
    wait.until(EC.presence_of_element_located((By.ID, "results")))
    check("without JavaScript search works", SECOND in driver.find_element(By.ID, "results").get_attribute("innerHTML"))
    shot(driver, "nojs-search")
    driver.find_element(By.CSS_SELECTOR, "#results a.name").click()
    wait.until(EC.presence_of_element_located((By.ID, "shown-version")))
    check("without JavaScript the server page shows its version", driver.find_element(By.ID, "shown-version").text == "2.0.0")
    check("without JavaScript the config entries are there to select",
          "podman" in driver.find_element(By.ID, "client-claude-desktop").text)
    check("without JavaScript copy buttons stay hidden",
          not any(b.is_displayed() for b in driver.find_elements(By.CSS_SELECTOR, "button.copy")))
    shot(driver, "nojs-server")
    driver.get(base + "/publish")
    check("without JavaScript the publish button is disabled and says why",
          not driver.find_element(By.ID, "publish").is_enabled() and "needs JavaScript" in driver.find_element(By.TAG_NAME, "main").text)
    errors = severe(driver)
    check("no console errors without JavaScript", not errors, errors)


def main():
    os.makedirs(OUTPUT, exist_ok=True)
    print(f"screenshots in {OUTPUT}")
    with tempfile.TemporaryDirectory(prefix="web-e2e-") as home:
        env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(home, "config"), HOME=home, MCP_REGISTRY_LOG="warning")
        env.pop("MCP_REGISTRY_TOKEN", None)
        data = ["--database", DATABASE, "--data-dir", os.path.join(home, "reg")]
        port = registry_service.free_port()
        base = f"http://127.0.0.1:{port}"
        created = run(["registry", "token", "create", "--namespace", NAMESPACE + "/*", "--permission", "publish", "--expires", "1h", *data], env)
        token = created.stdout.strip()
        check("a publish token is created", created.returncode == 0 and token.startswith("mcpr_"), created.stderr)
        server = registry_service.start(BINARY, port, data, env)
        try:
            for version in ["1.0.0", "1.1.0"]:
                path = os.path.join(home, f"server-{version}.json")
                with open(path, "w") as f:
                    json.dump(document(FIRST, version, "Weather forecast", "Forecasts and alerts for any city.",
                                       f"ghcr.io/example/weather:{version}"), f)
                published = run(["publish", path, "--registry", base], dict(env, MCP_REGISTRY_TOKEN=token))
                check(f"mcp-registry publish publishes {version}", published.returncode == 0, published.stderr)
            hosted_package(home, base, env, token)
            for javascript, body in [(True, lambda d: with_javascript(d, base, token)), (False, lambda d: without_javascript(d, base))]:
                driver = browser(javascript)
                try:
                    body(driver)
                except Exception as error:  # a failed wait: record it with a screenshot, go on
                    check(f"browser session ({'with' if javascript else 'without'} JavaScript) ran to the end", False, repr(error))
                    shot(driver, "failure-" + ("js" if javascript else "nojs"))
                finally:
                    driver.quit()
        finally:
            stderr = registry_service.stop(server)
            check("registry serve ends cleanly on SIGTERM", server.returncode == 0, f"exit {server.returncode}: {stderr[-2000:]}")
            check("no token value in the service's log", token not in stderr)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
