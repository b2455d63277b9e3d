import CatalogSources
import Foundation
import RegistryCore
import XCTest

final class DockerServerParserTests: XCTestCase {
    private func fixture(_ name: String) throws -> CatalogEntry {
        try DockerServerParser.entry(folder: Fixtures.dockerServers.appendingPathComponent(name), sourceID: "docker")
    }

    func testGrafanaContainerSecretsEnvAndParameters() throws {
        let entry = try fixture("grafana")
        XCTAssertEqual(entry.id, "docker/grafana")
        XCTAssertEqual(entry.name, "grafana")
        XCTAssertEqual(entry.title, "Grafana")
        XCTAssertEqual(entry.categories, ["monitoring"])
        XCTAssertEqual(entry.tags, ["grafana", "monitoring"])
        XCTAssertEqual(entry.repositoryURL, "https://github.com/grafana/mcp-grafana")
        XCTAssertEqual(entry.iconURL, "https://avatars.githubusercontent.com/u/7195757?s=200&v=4")
        XCTAssertEqual(entry.provenance.first?.sourceID, "docker")
        XCTAssertEqual(entry.provenance.first?.upstreamID, "grafana")
        XCTAssertTrue(entry.provenance.first?.location?.hasSuffix("grafana/server.yaml") ?? false)
        guard case .container(let container) = entry.launch else { return XCTFail("expected a container, got \(entry.launch)") }
        XCTAssertEqual(container.image, "mcp/grafana")
        XCTAssertEqual(container.command, ["--transport=stdio"])
        XCTAssertEqual(entry.configuration.description, "Configure the connection to Grafana")
        XCTAssertEqual(entry.configuration.secrets, [
            SecretRequirement(name: "grafana.api_key", env: "GRAFANA_API_KEY", example: "<your service account token>", required: true)
        ])
        XCTAssertEqual(entry.configuration.env, [
            EnvRequirement(name: "GRAFANA_URL", value: "{{grafana.url}}", example: "http://localhost:3000")
        ])
        XCTAssertEqual(entry.configuration.parameters, ["type": "object", "properties": ["url": ["type": "string"]]])
        XCTAssertTrue(entry.requiresCredentials)
        XCTAssertFalse(entry.flags.official)
        // No about.description and no readme: the summary stays empty rather than invented.
        XCTAssertEqual(entry.summary, "")
    }

    func testRemoteWithSecretHeader() throws {
        let entry = try fixture("apify")
        guard case .remote(let remote) = entry.launch else { return XCTFail("expected a remote") }
        XCTAssertEqual(remote.url, "https://mcp.apify.com")
        XCTAssertEqual(remote.transport, "streamable-http")
        XCTAssertEqual(remote.headers, [RemoteHeader(name: "Authorization", value: "Bearer ${APIFY_API_KEY}", isSecret: true, isRequired: true)])
        XCTAssertNil(remote.oauthProvider)
        XCTAssertEqual(entry.configuration.secrets.map(\.env), ["APIFY_API_KEY"])
        XCTAssertEqual(entry.homepageURL, "https://docs.apify.com/platform/integrations/mcp")

        // context7's key is optional: its header is secret but not required.
        let context7 = try fixture("context7")
        guard case .remote(let remote7) = context7.launch else { return XCTFail("expected a remote") }
        XCTAssertEqual(remote7.headers, [RemoteHeader(name: "CONTEXT7_API_KEY", value: "${CONTEXT7_API_KEY}", isSecret: true, isRequired: false)])
        XCTAssertEqual(context7.configuration.secrets.first?.required, false)
        XCTAssertFalse(context7.requiresCredentials)
    }

    func testRemoteWithOAuth() throws {
        let entry = try fixture("asana")
        guard case .remote(let remote) = entry.launch else { return XCTFail("expected a remote") }
        XCTAssertEqual(remote.url, "https://mcp.asana.com/sse")
        XCTAssertEqual(remote.transport, "sse")
        XCTAssertEqual(remote.oauthProvider, "asana")
        XCTAssertTrue(entry.flags.requiresCredentials)
        XCTAssertEqual(entry.configuration.secrets.map(\.name), ["asana.personal_access_token"])
        XCTAssertEqual(entry.configuration.secrets.map(\.env), ["ASANA_PERSONAL_ACCESS_TOKEN"])
    }

    func testLinearAndCurl() throws {
        let linear = try fixture("linear")
        XCTAssertEqual(linear.id, "docker/linear")
        XCTAssertEqual(linear.title, "Linear")
        guard case .remote(let remote) = linear.launch else { return XCTFail("expected a remote") }
        XCTAssertEqual(remote, RemoteLaunch(url: "https://mcp.linear.app/mcp", transport: "streamable-http", oauthProvider: "linear"))
        XCTAssertTrue(linear.requiresCredentials)
        XCTAssertEqual(linear.tools, [], "an empty tools.json lists no tools")

        let curl = try fixture("curl")
        guard case .package(let package) = curl.launch else { return XCTFail("expected a package") }
        XCTAssertEqual(package.identifier, "alpine/curl")
        XCTAssertEqual(curl.tools, [ToolSummary(name: "curl", description: "Run a curl command.")])
        XCTAssertFalse(curl.requiresCredentials)
    }

    func testVolumesTemplatesAndRunOptions() throws {
        let filesystem = try fixture("filesystem")
        guard case .container(let container) = filesystem.launch else { return XCTFail("expected a container") }
        XCTAssertEqual(container.image, "mcp/filesystem")
        XCTAssertEqual(container.volumes, ["{{filesystem.paths|volume|into}}"])
        XCTAssertEqual(container.command, ["{{filesystem.paths|volume-target|into}}"])
        XCTAssertTrue(container.disableNetwork)
        XCTAssertEqual(filesystem.configuration.parameters?["properties"]?["paths"]?["default"], ["/Users/local-test"])
        XCTAssertEqual(filesystem.configuration.requiredParameters, ["paths"])
        // A monorepo server keeps its sub-folder in the repository URL.
        XCTAssertEqual(filesystem.repositoryURL, "https://github.com/modelcontextprotocol/servers/tree/2025.4.24/src/filesystem")

        let aks = try fixture("aks")
        guard case .container(let aksContainer) = aks.launch else { return XCTFail("expected a container") }
        XCTAssertEqual(aksContainer.user, "{{aks.container_user}}")
        XCTAssertTrue(aksContainer.volumes.contains("{{aks.kubeconfig}}:/home/mcp/.kube/config"))

        let github = try fixture("github-official")
        guard case .container(let githubContainer) = github.launch else { return XCTFail("expected a container") }
        XCTAssertEqual(githubContainer.allowHosts, ["api.github.com:443", "github.com:443", "raw.githubusercontent.com:443"])

        let playwright = try fixture("playwright")
        guard case .container(let playwrightContainer) = playwright.launch else { return XCTFail("expected a container") }
        XCTAssertTrue(playwrightContainer.longLived)
    }

    func testNestedParametersWithAnyOf() throws {
        let entry = try fixture("atlassian")
        let parameters = try XCTUnwrap(entry.configuration.parameters)
        XCTAssertEqual(parameters["properties"]?["confluence"]?["required"], ["url"])
        XCTAssertEqual(parameters["properties"]?["jira"]?["properties"]?["username"], ["type": "string"])
        XCTAssertEqual(parameters["anyOf"], [["required": ["confluence"]], ["required": ["jira"]]])
        XCTAssertEqual(entry.configuration.secrets.count, 4)
        XCTAssertEqual(entry.configuration.env.first, EnvRequirement(
            name: "CONFLUENCE_URL", value: "{{atlassian.confluence.url}}", example: "https://your-company.atlassian.net/wiki"
        ))
    }

    func testBooleanDefaultsStayBooleans() throws {
        let entry = try fixture("rust-mcp-filesystem")
        XCTAssertEqual(entry.configuration.parameters?["properties"]?["allow_write"]?["default"], .bool(false))
        // Quoted "false" stays the text written.
        XCTAssertEqual(entry.configuration.env.first?.example, "false")
    }

    func testToolsJSON() throws {
        let entry = try fixture("astro-docs")
        XCTAssertEqual(entry.tools.first, ToolSummary(name: "search_astro_docs", description: "Search the official Astro framework docs"))
        let alfresco = try fixture("alfresco")
        XCTAssertFalse(alfresco.tools.isEmpty)
        XCTAssertEqual(alfresco.tools.first?.name, "search_nodes")
    }

    func testPociBecomesOCIPackageWithItsTools() throws {
        let entry = try fixture("ffmpeg")
        guard case .package(let package) = entry.launch else { return XCTFail("expected a package") }
        XCTAssertEqual(package.registryType, "oci")
        XCTAssertEqual(package.identifier, "vonwig/imagemagick")
        XCTAssertEqual(package.transport, "poci")
        XCTAssertEqual(entry.tools.map(\.name), ["imagemagick", "file-exists", "ffmpeg"])
        XCTAssertEqual(entry.summary, "Use ffmpeg to process video files.")
        // Each tool keeps its container and schema: launchable, one container per call.
        XCTAssertTrue(entry.isLaunchable)
        XCTAssertEqual(package.toolContainers.map(\.name), ["imagemagick", "file-exists", "ffmpeg"])
        XCTAssertEqual(package.toolContainers.map(\.image), ["vonwig/imagemagick", "busybox", "linuxserver/ffmpeg:version-7.1-cli"])
        let exists = package.toolContainers[1]
        XCTAssertEqual(exists.command, ["test", "-f", "{{path}}"])
        XCTAssertEqual(exists.volumes, ["{{path}}:{{path}}"])
        XCTAssertEqual(exists.description, "check if a file exists")
        XCTAssertEqual(exists.inputSchema?["required"], .array(["path"]))
        let ffmpeg = package.toolContainers[2]
        XCTAssertEqual(ffmpeg.command, ["{{args|into}}"])
        XCTAssertEqual(ffmpeg.volumes, ["{{basedir}}:{{basedir}}"])
        XCTAssertEqual(ffmpeg.inputSchema?["properties"]?["args"]?["items"]?["type"], .string("string"))
        // They survive the cache's JSON.
        let decoded = try JSONDecoder().decode(CatalogEntry.self, from: JSONEncoder().encode(entry))
        XCTAssertEqual(decoded.launch, entry.launch)
    }

    func testPociWithAnInvalidToolImageIsBlocked() throws {
        let yaml = """
        name: probe
        type: poci
        about:
          title: Probe
        tools:
          - name: good
            container:
              image: alpine/curl
          - name: bad
            container:
              image: "Bad Image;rm"
        """
        let entry = try DockerServerParser.entry(yaml: yaml, toolsJSON: nil, folderName: "probe", sourceID: "docker", location: nil)
        XCTAssertFalse(entry.isLaunchable)
        XCTAssertEqual(entry.launchBlockers.map(\.reason), [.invalidImageReference])
    }

    func testSummaryFromReadmeWhenNoDescription() throws {
        let yaml = """
        name: acme
        image: acme/mcp:1.2
        type: server
        meta:
          category: devops
        about:
          title: Acme
        unknownKey:
          nested: [1, 2]
        """
        let readme = """
        # Acme MCP Server

        [![Build](https://img.shields.io/badge/build-passing-green.svg)](https://ci.example.com)

        The **Acme** server lets a model [query Acme](https://acme.example.com)
        inventories and `orders`.

        ## Features
        - lots
        """
        let entry = try DockerServerParser.entry(
            yaml: yaml, toolsJSON: Data("not json".utf8), readme: readme, folderName: "acme", sourceID: "team", location: nil
        )
        XCTAssertEqual(entry.id, "team/acme")
        XCTAssertEqual(entry.summary, "The Acme server lets a model query Acme inventories and orders.")
        XCTAssertEqual(entry.tools, [])
        guard case .container(let container) = entry.launch else { return XCTFail("expected a container") }
        XCTAssertEqual(container.image, "acme/mcp:1.2")
    }

    func testReadmeLinkLinesAreNotSummaries() throws {
        let readme = """
        # Wayfound MCP Server

        [See description](https://www.wayfound.ai/pages/wayfound-mcp)
        Docs: https://docs.wayfound.example/mcp

        <p align="center"><img src="logo.png"></p>

        The Wayfound server gives agents access to _organisational_ data and `tool_calls`.
        """
        let entry = try DockerServerParser.entry(
            yaml: "name: wayfound\ntype: remote\nremote:\n  url: https://mcp.wayfound.example/mcp\n",
            toolsJSON: nil, readme: readme, folderName: "wayfound", sourceID: "docker", location: nil
        )
        XCTAssertEqual(entry.summary, "The Wayfound server gives agents access to organisational data and tool_calls.")
        XCTAssertEqual(entry.homepageURL, "https://docs.wayfound.example/mcp")
        // The same readme with Windows line endings reads the same.
        let crlf = try DockerServerParser.entry(
            yaml: "name: wayfound\ntype: remote\nremote:\n  url: https://mcp.wayfound.example/mcp\n",
            toolsJSON: nil, readme: readme.replacingOccurrences(of: "\n", with: "\r\n"), folderName: "wayfound", sourceID: "docker", location: nil
        )
        XCTAssertEqual(crlf.summary, entry.summary)
        XCTAssertEqual(crlf.homepageURL, entry.homepageURL)
        guard case .remote(let remote) = entry.launch else { return XCTFail("expected a remote") }
        XCTAssertEqual(remote.transport, "streamable-http")
    }

    func testMissingNameUsesFolderAndBadYAMLThrows() throws {
        let entry = try DockerServerParser.entry(
            yaml: "image: ghcr.io/x/y\n", toolsJSON: nil, folderName: "my-server", sourceID: "local", location: nil
        )
        XCTAssertEqual(entry.id, "local/my-server")
        guard case .container(let container) = entry.launch else { return XCTFail("expected a container") }
        XCTAssertEqual(container.image, "ghcr.io/x/y")

        XCTAssertThrowsError(try DockerServerParser.entry(
            yaml: "name: [unclosed\n  image: :", toolsJSON: nil, folderName: "bad", sourceID: "local", location: "/x/bad/server.yaml"
        )) { error in
            XCTAssertTrue("\(error)".contains("/x/bad/server.yaml"))
        }
        XCTAssertThrowsError(try DockerServerParser.entry(
            yaml: "- just\n- a list\n", toolsJSON: nil, folderName: "bad", sourceID: "local", location: nil
        ))
    }

    /// The registry marks servers whose upstream was archived by a title ending in
    /// `(Archived)`: every such fixture entry comes out deprecated with the remark removed,
    /// so the ranking's deprecated penalty applies to it.
    func testArchivedTitlesMarkTheEntryDeprecated() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Fixtures.dockerServers.path).sorted()
        var archived: [String] = []
        for folder in folders {
            let yaml = Fixtures.dockerServers.appendingPathComponent(folder).appendingPathComponent("server.yaml")
            guard let text = try? String(contentsOf: yaml, encoding: .utf8), text.contains("(Archived)") else { continue }
            let entry = try fixture(folder)
            archived.append(entry.id)
            XCTAssertTrue(entry.flags.deprecated, entry.id)
            let title = try XCTUnwrap(entry.title, entry.id)
            XCTAssertFalse(title.localizedCaseInsensitiveContains("archived"), "\(entry.id): \(title)")
            XCTAssertFalse(title.hasSuffix(" "), entry.id)
            var current = entry
            current.flags.deprecated = false
            XCTAssertLessThan(EntryQuality.prior(entry, sourceKinds: ["docker": "docker"]),
                              EntryQuality.prior(current, sourceKinds: ["docker": "docker"]), entry.id)
        }
        XCTAssertEqual(archived.count, 9, "the fixture's archived servers: \(archived)")
        XCTAssertTrue(archived.contains("docker/github"))
        XCTAssertEqual(try fixture("github").title, "GitHub")
        XCTAssertEqual(try fixture("slack").title, "Slack")

        let current = try fixture("github-official")
        XCTAssertFalse(current.flags.deprecated)
        XCTAssertFalse(try fixture("grafana").flags.deprecated)
    }

    func testArchivedMarkOnlyAtTheEndOfTheTitle() throws {
        func parsed(_ title: String) throws -> CatalogEntry {
            try DockerServerParser.entry(
                yaml: "name: x\nimage: mcp/x\nabout:\n  title: \"\(title)\"\n", toolsJSON: nil, folderName: "x", sourceID: "docker", location: nil)
        }
        let lower = try parsed("Thing  (archived) ")
        XCTAssertEqual(lower.title, "Thing")
        XCTAssertTrue(lower.flags.deprecated)
        let only = try parsed("(Archived)")
        XCTAssertNil(only.title)
        XCTAssertTrue(only.flags.deprecated)
        for title in ["Archived Logs", "Archive (Archived) Browser", "Logs (Archive)"] {
            let entry = try parsed(title)
            XCTAssertEqual(entry.title, title)
            XCTAssertFalse(entry.flags.deprecated, title)
        }
    }
}
