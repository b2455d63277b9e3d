import Foundation

/// One parser the fuzzer drives, by the name `scripts/fuzz` and `registry-fuzz` use.
///
/// Every harness takes arbitrary bytes and must return without crashing, without a
/// sanitizer report and within a second; where a parser promises more (an edit that
/// re-parses, a stream that loses no bytes) the harness checks it and traps when it
/// does not hold, so libFuzzer keeps the input as a crash.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Docker MCP registry `server.yaml` (with `tools.json` after a NUL byte).
    case dockerServerYAML = "docker-server-yaml"
    /// Official registry `server.json`, bare, as an API list item, or as a whole list page.
    case officialServerJSON = "official-server-json"
    /// An awesome-list README.
    case awesomeMarkdown = "awesome-markdown"
    /// An mcpservers.org detail page, listing page and sitemap.
    case mcpServersOrgHTML = "mcpservers-html"
    /// A JSON / JSONC client config (Claude Desktop, VS Code, Zed…): parse, install, remove, re-parse.
    case jsoncEdit = "jsonc-edit"
    /// Continue's `config.yaml`: parse, install, remove, re-parse.
    case continueYAMLEdit = "continue-yaml-edit"
    /// An install snippet (shell commands or a client-config JSON block) and its shell words.
    case installSnippet = "install-snippet"
    /// A catalog config template (`{{server.param|filter}}`, `{var}`) over a JSON configuration.
    case configTemplate = "config-template"
    /// A remote's URL or header template (`${SECRET}`, `{var}`, `{{param}}`).
    case urlTemplate = "url-template"
    /// A `text/event-stream`, fed in chunks cut where the input says.
    case sseStream = "sse-stream"

    /// Runs the harness on one input.
    public func run(_ data: Data) {
        switch self {
        case .dockerServerYAML: CatalogHarnesses.dockerServerYAML(data)
        case .officialServerJSON: CatalogHarnesses.officialServerJSON(data)
        case .awesomeMarkdown: CatalogHarnesses.awesomeMarkdown(data)
        case .mcpServersOrgHTML: CatalogHarnesses.mcpServersOrgHTML(data)
        case .jsoncEdit: ClientConfigHarnesses.jsoncEdit(data)
        case .continueYAMLEdit: ClientConfigHarnesses.continueYAMLEdit(data)
        case .installSnippet: CatalogHarnesses.installSnippet(data)
        case .configTemplate: TemplateHarnesses.configTemplate(data)
        case .urlTemplate: TemplateHarnesses.urlTemplate(data)
        case .sseStream: StreamHarnesses.sseStream(data)
        }
    }
}

/// Splitting one fuzz input into the several texts a harness needs.
enum FuzzInput {
    /// The input cut at NUL bytes into at most `count` parts (missing parts are empty).
    static func parts(_ data: Data, _ count: Int) -> [Data] {
        var result = data.split(separator: 0, maxSplits: count - 1, omittingEmptySubsequences: false).map { Data($0) }
        while result.count < count { result.append(Data()) }
        return result
    }

    /// The bytes as text (invalid UTF-8 repaired, as the sources read files).
    static func text(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self)
    }
}
