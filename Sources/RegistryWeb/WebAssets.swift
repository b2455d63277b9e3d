/// The page's only assets, served by the registry itself (no CDN, no build step): one style
/// sheet, one script, one icon. The script is progressive: browsing never needs it; it shows
/// the copy buttons and publishes the form through `POST /v0.1/publish`.
enum WebAssets {
    static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#2b5797"/>\
        <path d="M4 4h8v2H4zm0 3h8v2H4zm0 3h5v2H4z" fill="#fff"/></svg>
        """

    static let css = """
        :root { color-scheme: light dark; --fg: #1d1f23; --muted: #5c6370; --line: #d8dce3; --accent: #2b5797; --bg: #fff; --code: #f4f5f7; }
        @media (prefers-color-scheme: dark) { :root { --fg: #e6e8eb; --muted: #9aa3ae; --line: #3a3f47; --accent: #7aa7e6; --bg: #16181c; --code: #22262c; } }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
        header { display: flex; flex-wrap: wrap; gap: .75rem 1.5rem; align-items: center; padding: .75rem 1.5rem; border-bottom: 1px solid var(--line); }
        header .brand { font-weight: 700; color: var(--fg); text-decoration: none; }
        header form.search { display: flex; gap: .5rem; flex: 1 1 20rem; }
        header input[type=search] { flex: 1; }
        main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        footer { color: var(--muted); font-size: .85rem; text-align: center; padding: 1rem; border-top: 1px solid var(--line); }
        a { color: var(--accent); }
        input, textarea, button { font: inherit; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
        button { cursor: pointer; background: var(--accent); color: #fff; border-color: var(--accent); }
        button[disabled] { opacity: .5; cursor: default; }
        code, pre, textarea { font-family: ui-monospace, monospace; font-size: .9rem; }
        pre { background: var(--code); padding: .75rem; overflow: auto; border-radius: 4px; margin: 0; }
        ul.servers { list-style: none; padding: 0; }
        li.server { padding: .6rem 0; border-bottom: 1px solid var(--line); }
        li.server .name { font-weight: 600; }
        li.server p { margin: .2rem 0 0; color: var(--muted); }
        .id { color: var(--muted); font-size: .85rem; }
        .version, .latest, .status, .downloads { font-size: .8rem; padding: 0 .4rem; border-radius: 3px; border: 1px solid var(--line); }
        .latest { border-color: var(--accent); color: var(--accent); }
        .status.deprecated { border-color: #b8860b; color: #b8860b; }
        .status.deleted { border-color: #b22222; color: #b22222; }
        .note { border-left: 3px solid #b8860b; padding-left: .75rem; }
        .copyable { position: relative; margin: .5rem 0 1rem; }
        .copyable button.copy { position: absolute; top: .4rem; right: .4rem; font-size: .8rem; padding: .1rem .5rem; }
        details.client { margin: .4rem 0; }
        details.client summary { cursor: pointer; font-weight: 600; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
        tr.shown td { font-weight: 600; }
        form#publish-form { display: grid; gap: .4rem; max-width: 48rem; }
        form#publish-form button { justify-self: start; margin-top: .5rem; }
        #publish-result .error { color: #b22222; font-weight: 600; }
        #publish-result .ok { color: #2e7d32; font-weight: 600; }
        .readme { border-top: 1px solid var(--line); }
        """

    static let script = """
        "use strict";
        (function () {
          function copyText(id, button) {
            var source = document.getElementById(id);
            if (!source) { return; }
            var text = source.textContent;
            function done(label) { button.textContent = label; setTimeout(function () { button.textContent = "Copy"; }, 1500); }
            function selectIt() {
              var range = document.createRange();
              range.selectNodeContents(source);
              var selection = window.getSelection();
              selection.removeAllRanges();
              selection.addRange(range);
              done("Selected");
            }
            if (navigator.clipboard && window.isSecureContext) {
              navigator.clipboard.writeText(text).then(function () { done("Copied"); }, selectIt);
            } else {
              selectIt();
            }
          }

          function line(parent, className, text) {
            var p = document.createElement("p");
            if (className) { p.className = className; }
            p.textContent = text;
            parent.appendChild(p);
            return p;
          }

          function showResult(result, status, body) {
            result.textContent = "";
            if (status >= 200 && status < 300 && body && body.server) {
              var ok = line(result, "ok", "Published " + body.server.name + " " + body.server.version + ". ");
              var link = document.createElement("a");
              link.href = "/servers/" + body.server.name.split("/").map(encodeURIComponent).join("/");
              link.id = "published-link";
              link.textContent = "Open its page";
              ok.appendChild(link);
              return;
            }
            var message = body && typeof body.error === "string" ? body.error : "The registry answered HTTP " + status + ".";
            line(result, "error", message).id = "publish-error";
            var issues = body && Array.isArray(body.errors) ? body.errors : [];
            if (issues.length) {
              var list = document.createElement("ul");
              list.id = "publish-issues";
              issues.forEach(function (issue) {
                var item = document.createElement("li");
                var field = document.createElement("code");
                field.textContent = String(issue.location || "");
                item.appendChild(field);
                item.appendChild(document.createTextNode(": " + String(issue.message || "")));
                list.appendChild(item);
              });
              result.appendChild(list);
            }
          }

          function setUpPublishing(form) {
            var button = document.getElementById("publish");
            var result = document.getElementById("publish-result");
            var file = document.getElementById("file");
            var documentField = document.getElementById("document");
            button.disabled = false;
            file.addEventListener("change", function () {
              if (!file.files || !file.files[0]) { return; }
              file.files[0].text().then(function (text) { documentField.value = text; });
            });
            form.addEventListener("submit", function (event) {
              event.preventDefault();
              var token = document.getElementById("token").value.trim();
              button.disabled = true;
              result.textContent = "Publishing…";
              fetch("/v0.1/publish", {
                method: "POST",
                headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token },
                body: documentField.value,
                credentials: "omit",
                cache: "no-store"
              }).then(function (response) {
                return response.text().then(function (text) {
                  var body = null;
                  try { body = JSON.parse(text); } catch (ignored) { body = null; }
                  showResult(result, response.status, body);
                });
              }, function () {
                result.textContent = "";
                line(result, "error", "The registry could not be reached.").id = "publish-error";
              }).then(function () { button.disabled = false; });
            });
          }

          document.addEventListener("DOMContentLoaded", function () {
            document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
              button.hidden = false;
              button.addEventListener("click", function () { copyText(button.getAttribute("data-copy"), button); });
            });
            var form = document.getElementById("publish-form");
            if (form) { setUpPublishing(form); }
          });
        })();
        """
}
