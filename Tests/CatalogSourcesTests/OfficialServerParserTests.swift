import CatalogSources
import Foundation
import RegistryCore
import XCTest

final class OfficialServerParserTests: XCTestCase {
    private func parse(_ json: String, sourceID: String = "official") throws -> CatalogEntry {
        try OfficialServerParser.entry(json: Data(json.utf8), sourceID: sourceID, location: "https://registry.example/v0.1/servers")
    }

    /// 2025-12-11 schema: an OCI package (preferred over the remote it also lists).
    func testOCIPackageWithArgumentsAndInputs() throws {
        let entry = try parse(#"""
        {
          "$schema": "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json",
          "name": "io.github.acme/weather",
          "title": "Acme Weather",
          "description": "Forecasts and alerts from the Acme weather service.",
          "version": "1.2.0",
          "websiteUrl": "https://weather.acme.example",
          "repository": {"url": "https://github.com/acme/mcp-servers", "source": "github", "subfolder": "servers/weather"},
          "icons": [{"src": "https://acme.example/icon.png", "mimeType": "image/png"}],
          "packages": [
            {
              "registryType": "oci",
              "identifier": "ghcr.io/acme/weather-mcp",
              "version": "1.2.0",
              "transport": {"type": "stdio"},
              "runtimeArguments": [
                {"type": "named", "name": "--mount", "value": "type=bind,src={source_path},dst=/data",
                 "variables": {"source_path": {"description": "Folder with station data", "isRequired": true, "format": "filepath"}}}
              ],
              "packageArguments": [
                {"type": "positional", "value": "serve"},
                {"type": "positional", "valueHint": "region", "description": "Region code", "isRequired": true, "choices": ["eu", "us"]},
                {"type": "named", "name": "--units", "default": "metric"}
              ],
              "environmentVariables": [
                {"name": "ACME_API_KEY", "description": "Your Acme API key", "isRequired": true, "isSecret": true},
                {"name": "LOG_LEVEL", "description": "Log level", "default": "info"},
                {"name": "ACME_ENDPOINT", "isRequired": true},
                {"name": "ACME_DSN", "value": "postgres://{db_user}@db/acme", "variables": {"db_user": {"isRequired": true}}}
              ]
            }
          ],
          "remotes": [{"type": "streamable-http", "url": "https://weather.acme.example/mcp"}]
        }
        """#)
        XCTAssertEqual(entry.id, "official/io.github.acme/weather")
        XCTAssertEqual(entry.name, "weather")
        XCTAssertEqual(entry.title, "Acme Weather")
        XCTAssertEqual(entry.summary, "Forecasts and alerts from the Acme weather service.")
        XCTAssertEqual(entry.homepageURL, "https://weather.acme.example")
        XCTAssertEqual(entry.iconURL, "https://acme.example/icon.png")
        XCTAssertEqual(entry.repositoryURL, "https://github.com/acme/mcp-servers/tree/HEAD/servers/weather")
        XCTAssertEqual(RepositoryURL.normalized(entry.repositoryURL), "github.com/acme/mcp-servers/servers/weather")
        XCTAssertEqual(entry.provenance, [Provenance(sourceID: "official", upstreamID: "io.github.acme/weather", location: "https://registry.example/v0.1/servers")])

        guard case .container(let container) = entry.launch else { return XCTFail("expected a container, got \(entry.launch)") }
        XCTAssertEqual(container.image, "ghcr.io/acme/weather-mcp:1.2.0")
        XCTAssertEqual(container.runtimeArguments, ["--mount", "type=bind,src={source_path},dst=/data"])
        XCTAssertEqual(container.command, ["serve", "{region}", "{{units|flag:--units}}"])

        XCTAssertEqual(entry.configuration.secrets, [
            SecretRequirement(name: "weather.acme_api_key", env: "ACME_API_KEY", description: "Your Acme API key", required: true)
        ])
        XCTAssertEqual(entry.configuration.env, [
            EnvRequirement(name: "LOG_LEVEL", description: "Log level", required: false, defaultValue: "info"),
            EnvRequirement(name: "ACME_ENDPOINT", required: true),
            EnvRequirement(name: "ACME_DSN", value: "postgres://{db_user}@db/acme"),
        ])
        let parameters = try XCTUnwrap(entry.configuration.parameters)
        XCTAssertEqual(parameters["type"], "object")
        XCTAssertEqual(parameters["properties"]?["source_path"], ["type": "string", "format": "filepath", "description": "Folder with station data"])
        XCTAssertEqual(parameters["properties"]?["region"], ["type": "string", "description": "Region code", "enum": ["eu", "us"]])
        XCTAssertEqual(parameters["properties"]?["units"], ["type": "string", "default": "metric"])
        XCTAssertEqual(Set(entry.configuration.requiredParameters), ["source_path", "region", "db_user"])
        XCTAssertTrue(entry.requiresCredentials)
        XCTAssertFalse(entry.flags.deprecated)
    }

    /// 2025-09-29: `registryBaseUrl` + `identifier` + `version`; Docker Hub never prefixed.
    func testOCIRegistryBaseURL() throws {
        let hub = try parse(#"""
        {"name": "io.github.acme/tool", "description": "Tool.", "version": "0.3.1",
         "packages": [{"registryType": "oci", "registryBaseUrl": "https://docker.io", "identifier": "acme/tool", "version": "0.3.1", "transport": {"type": "stdio"}}]}
        """#)
        guard case .container(let hubContainer) = hub.launch else { return XCTFail("expected a container") }
        XCTAssertEqual(hubContainer.image, "acme/tool:0.3.1")

        let ghcr = try parse(#"""
        {"name": "io.github.acme/tool", "description": "Tool.",
         "packages": [{"registryType": "oci", "registryBaseUrl": "https://ghcr.io", "identifier": "acme/tool", "version": "0.3.1"}]}
        """#)
        guard case .container(let ghcrContainer) = ghcr.launch else { return XCTFail("expected a container") }
        XCTAssertEqual(ghcrContainer.image, "ghcr.io/acme/tool:0.3.1")

        let tagged = try parse(#"""
        {"name": "io.github.acme/tool", "packages": [{"registryType": "oci", "identifier": "quay.io/acme/tool:2.0", "version": "1.0"}]}
        """#)
        guard case .container(let taggedContainer) = tagged.launch else { return XCTFail("expected a container") }
        XCTAssertEqual(taggedContainer.image, "quay.io/acme/tool:2.0")
    }

    /// A remote is preferred over an npm package; URL variables and header inputs become config.
    func testRemoteWithVariablesAndSecretHeaders() throws {
        let entry = try parse(#"""
        {
          "name": "com.example/crm",
          "description": "CRM records.",
          "version": "2.0.0",
          "packages": [{"registryType": "npm", "identifier": "@example/crm-mcp", "version": "2.0.0"}],
          "remotes": [
            {"type": "sse", "url": "https://legacy.example.com/sse"},
            {
              "type": "streamable-http",
              "url": "https://{tenant}.crm.example.com/mcp",
              "variables": {"tenant": {"description": "Your tenant subdomain", "isRequired": true}},
              "headers": [
                {"name": "Authorization", "value": "Bearer {api_token}", "isRequired": true,
                 "variables": {"api_token": {"isSecret": true, "isRequired": true, "description": "API token"}}},
                {"name": "X-Org-Key", "description": "Organisation key", "isSecret": true, "isRequired": false},
                {"name": "X-Region", "description": "Data region", "default": "eu"}
              ]
            }
          ]
        }
        """#)
        guard case .remote(let remote) = entry.launch else { return XCTFail("expected a remote, got \(entry.launch)") }
        XCTAssertEqual(remote.url, "https://{tenant}.crm.example.com/mcp")
        XCTAssertEqual(remote.transport, "streamable-http")
        XCTAssertEqual(remote.headers, [
            RemoteHeader(name: "Authorization", value: "Bearer ${API_TOKEN}", isSecret: true, isRequired: true),
            RemoteHeader(name: "X-Org-Key", value: "${X_ORG_KEY}", description: "Organisation key", isSecret: true, isRequired: false),
            RemoteHeader(name: "X-Region", value: "{x_region}", description: "Data region"),
        ])
        XCTAssertEqual(entry.configuration.secrets, [
            SecretRequirement(name: "crm.api_token", env: "API_TOKEN", description: "API token", required: true),
            SecretRequirement(name: "crm.x_org_key", env: "X_ORG_KEY", description: "Organisation key", required: false),
        ])
        XCTAssertEqual(entry.configuration.requiredParameters, ["tenant"])
        XCTAssertEqual(entry.configuration.parameters?["properties"]?["x_region"]?["default"], "eu")
    }

    /// The older snake_case form, with `version_detail` and `registry_name`.
    func testSnakeCasePyPIPackage() throws {
        let entry = try parse(#"""
        {
          "name": "io.github.old/tool",
          "description": "An old-style entry.",
          "repository": {"url": "https://github.com/old/tool", "source": "github"},
          "website_url": "https://old.example",
          "version_detail": {"version": "0.1.0"},
          "packages": [
            {
              "registry_name": "pypi",
              "name": "old-tool",
              "runtime_hint": "uvx",
              "runtime_arguments": [{"type": "named", "name": "--python", "value": "3.12"}],
              "package_arguments": [{"type": "named", "name": "--port", "value_hint": "port", "default": "8080", "format": "number"}],
              "environment_variables": [
                {"name": "OLD_TOKEN", "description": "Token", "is_secret": true, "is_required": true},
                {"name": "OLD_MODE", "default": "fast", "is_required": false}
              ]
            }
          ]
        }
        """#)
        XCTAssertEqual(entry.homepageURL, "https://old.example")
        XCTAssertEqual(entry.repositoryURL, "https://github.com/old/tool")
        guard case .package(let package) = entry.launch else { return XCTFail("expected a package, got \(entry.launch)") }
        XCTAssertEqual(package, PackageLaunch(
            registryType: "pypi", identifier: "old-tool", version: "0.1.0", runtimeHint: "uvx", transport: "stdio",
            runtimeArguments: ["--python", "3.12"], packageArguments: ["{{port|flag:--port}}"]
        ))
        XCTAssertEqual(entry.configuration.secrets, [SecretRequirement(name: "tool.old_token", env: "OLD_TOKEN", description: "Token", required: true)])
        XCTAssertEqual(entry.configuration.env, [EnvRequirement(name: "OLD_MODE", defaultValue: "fast")])
        XCTAssertEqual(entry.configuration.parameters?["properties"]?["port"], ["type": "number", "default": "8080"])
        XCTAssertEqual(entry.configuration.requiredParameters, [])
    }

    func testNPMPreferredOverOtherPackagesAndDefaultHints() throws {
        let npm = try parse(#"""
        {"name": "io.github.acme/files", "description": "Files.", "version": "3.1.0",
         "packages": [
           {"registryType": "mcpb", "identifier": "https://github.com/acme/files/releases/download/v3.1.0/files.mcpb", "fileSha256": "abc"},
           {"registryType": "npm", "registryBaseUrl": "https://registry.npmjs.org", "identifier": "@acme/files", "version": "3.1.0",
            "transport": {"type": "stdio"},
            "packageArguments": [{"type": "positional", "valueHint": "root_dir", "isRequired": true}]}
         ]}
        """#)
        guard case .package(let package) = npm.launch else { return XCTFail("expected a package") }
        XCTAssertEqual(package.registryType, "npm")
        XCTAssertEqual(package.identifier, "@acme/files")
        XCTAssertEqual(package.version, "3.1.0")
        XCTAssertEqual(package.runtimeHint, "npx")
        XCTAssertEqual(package.packageArguments, ["{root_dir}"])
        XCTAssertEqual(npm.configuration.requiredParameters, ["root_dir"])

        let nuget = try parse(#"""
        {"name": "io.github.acme/dotnet", "version": "1.0.0",
         "packages": [{"registryType": "nuget", "identifier": "Acme.Mcp", "transport": {"type": "streamable-http", "url": "http://localhost:{port}/mcp"}}]}
        """#)
        guard case .package(let nugetPackage) = nuget.launch else { return XCTFail("expected a package") }
        XCTAssertEqual(nugetPackage.runtimeHint, "dnx")
        XCTAssertEqual(nugetPackage.transport, "streamable-http")
        XCTAssertEqual(nugetPackage.version, "1.0.0", "the server version fills a package without one")

        // An OCI image serving HTTP is not run over stdio: the remote wins, else it is a package.
        let httpImage = try parse(#"""
        {"name": "io.github.acme/http-image", "version": "1.0.0",
         "packages": [{"registryType": "oci", "identifier": "acme/http-image", "version": "1.0.0",
                       "transport": {"type": "streamable-http", "url": "http://localhost:8080/mcp"}}]}
        """#)
        guard case .package(let imagePackage) = httpImage.launch else { return XCTFail("expected a package") }
        XCTAssertEqual(imagePackage.registryType, "oci")
        XCTAssertEqual(imagePackage.identifier, "acme/http-image:1.0.0")
        XCTAssertEqual(imagePackage.transport, "streamable-http")
        XCTAssertEqual(imagePackage.transportURL, "http://localhost:8080/mcp")
        XCTAssertTrue(httpImage.isLaunchable, "an image serving HTTP is run with a published loopback port")

        // A PyPI package serving Streamable HTTP: its URL and headers (a secret variable).
        let httpPyPI = try parse(#"""
        {"name": "io.github.acme/sheets", "version": "2.0.0",
         "packages": [{"registryType": "pypi", "identifier": "acme-sheets", "version": "2.0.0",
                       "transport": {"type": "streamable-http", "url": "http://localhost:{--port}/mcp",
                                     "headers": [{"name": "Authorization", "value": "Bearer {TOKEN}",
                                                  "variables": {"TOKEN": {"isSecret": true, "isRequired": true}}}]},
                       "packageArguments": [{"type": "named", "name": "--port", "default": "8017"}]}]}
        """#)
        guard case .package(let sheets) = httpPyPI.launch else { return XCTFail("expected a package") }
        XCTAssertEqual(sheets.transportURL, "http://localhost:{--port}/mcp")
        XCTAssertEqual(sheets.transportHeaders.map(\.value), ["Bearer ${TOKEN}"])
        XCTAssertEqual(httpPyPI.configuration.secrets.map(\.name), ["sheets.token"])
        XCTAssertTrue(httpPyPI.isLaunchable)

        let bare = try parse(#"{"name": "io.github.acme/docs-only", "description": "Only a description."}"#)
        XCTAssertEqual(bare.launch, .unknown)
    }

    func testAPIItemStatusAndDeprecation() throws {
        let item = #"""
        {
          "server": {"name": "io.github.acme/old", "description": "Old.", "version": "1.0.0",
                     "remotes": [{"type": "streamable-http", "url": "https://old.acme.example/mcp"}]},
          "_meta": {"io.modelcontextprotocol.registry/official": {"status": "deprecated", "publishedAt": "2025-09-01T00:00:00Z", "isLatest": true}}
        }
        """#
        let entry = try parse(item)
        XCTAssertEqual(entry.id, "official/io.github.acme/old")
        XCTAssertTrue(entry.flags.deprecated)
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(item.utf8))
        XCTAssertEqual(OfficialServerParser.status(of: value), "deprecated")

        let deleted: JSONValue = [
            "server": ["name": "io.github.acme/gone"],
            "_meta": ["io.modelcontextprotocol.registry/official": ["status": "deleted"]],
        ]
        XCTAssertEqual(OfficialServerParser.status(of: deleted), "deleted")
        // Older responses kept the status inside `server`.
        let inside: JSONValue = ["server": ["name": "io.github.acme/x", "status": "Active"]]
        XCTAssertEqual(OfficialServerParser.status(of: inside), "active")
        XCTAssertNil(OfficialServerParser.status(of: ["name": "io.github.acme/y"]))

        let active = try OfficialServerParser.entry(
            from: ["name": "io.github.acme/fresh", "description": "Fresh."],
            meta: ["io.modelcontextprotocol.registry/official": ["status": "active"]],
            sourceID: "official", location: nil
        )
        XCTAssertFalse(active.flags.deprecated)
    }

    func testMalformedInputThrows() {
        XCTAssertThrowsError(try parse(#"{"description": "no name"}"#)) { error in
            XCTAssertTrue("\(error)".contains("no name"))
        }
        XCTAssertThrowsError(try parse(#"{"name": "x", "packages": [ }"#)) { error in
            XCTAssertTrue("\(error)".contains("invalid JSON"))
        }
        XCTAssertThrowsError(try parse(#"["a", "list"]"#))
    }
}
