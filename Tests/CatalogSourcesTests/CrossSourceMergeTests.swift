import Foundation
import RegistryCore
import XCTest
@testable import CatalogSources

/// A server that the Docker registry and the official registry both list is one catalog
/// entry with two provenances: real Docker fixture definitions, parsed by
/// `DockerServerParser`, against realistic official `server.json` documents parsed by
/// `OfficialServerParser`, merged by `Catalog`.
final class CrossSourceMergeTests: XCTestCase {
    private let kinds = ["docker": "docker", "official": "official"]

    private func docker(_ name: String) throws -> CatalogEntry {
        try DockerServerParser.entry(folder: Fixtures.dockerServers.appendingPathComponent(name), sourceID: "docker")
    }

    private func official(_ json: String) throws -> CatalogEntry {
        try OfficialServerParser.entry(json: Data(json.utf8), sourceID: "official", location: "test")
    }

    private func merged(docker: [CatalogEntry], official: [CatalogEntry]) -> Catalog {
        let date = Date()
        return Catalog(snapshots: [
            "docker": SourceSnapshot(sourceID: "docker", entries: docker, revision: "r1", loadedAt: date),
            "official": SourceSnapshot(sourceID: "official", entries: official, revision: "r1", loadedAt: date),
        ], kinds: kinds)
    }

    /// The official registry's grafana, as an API list item (OCI package on Docker Hub under
    /// the vendor's name, so only the repository URL is shared with Docker's `mcp/grafana`).
    private let grafanaJSON = #"""
    {
      "server": {
        "$schema": "https://static.modelcontextprotocol.io/schemas/2025-10-17/server.schema.json",
        "name": "io.github.grafana/mcp-grafana",
        "title": "Grafana",
        "description": "An MCP server giving access to Grafana dashboards, data and more.",
        "version": "0.7.6",
        "websiteUrl": "https://grafana.com/docs/grafana-cloud/machine-learning/mcp/",
        "repository": { "url": "https://github.com/grafana/mcp-grafana", "source": "github" },
        "packages": [
          {
            "registryType": "oci",
            "identifier": "docker.io/grafana/mcp-grafana",
            "version": "0.7.6",
            "transport": { "type": "stdio" },
            "packageArguments": [ { "type": "positional", "value": "-t" }, { "type": "positional", "value": "stdio" } ],
            "environmentVariables": [
              { "name": "GRAFANA_URL", "description": "URL of your Grafana instance", "isRequired": true, "format": "string" },
              { "name": "GRAFANA_SERVICE_ACCOUNT_TOKEN", "description": "Service account token", "isRequired": true, "isSecret": true, "format": "string" }
            ]
          }
        ]
      },
      "_meta": {
        "io.modelcontextprotocol.registry/official": {
          "status": "active", "publishedAt": "2025-10-21T09:12:40Z", "updatedAt": "2025-10-21T09:12:40Z", "isLatest": true
        }
      }
    }
    """#

    /// A server of the awslabs/mcp monorepo: the repository plus its `subfolder`.
    private func awslabsJSON(_ server: String, package: String) -> String {
        #"""
        {
          "name": "io.github.awslabs/\#(server)",
          "description": "An AWS Labs MCP server (\#(server)).",
          "version": "1.0.4",
          "repository": { "url": "https://github.com/awslabs/mcp", "source": "github", "subfolder": "src/\#(server)" },
          "packages": [
            {
              "registryType": "pypi", "identifier": "\#(package)", "version": "1.0.4",
              "transport": { "type": "stdio" },
              "environmentVariables": [ { "name": "AWS_REGION", "description": "AWS region", "default": "us-east-1" } ]
            }
          ]
        }
        """#
    }

    func testServerListedByDockerAndOfficialIsOneEntryWithTwoProvenances() throws {
        let grafana = try docker("grafana")
        let officialGrafana = try official(grafanaJSON)
        let catalog = merged(docker: [grafana, try docker("duckduckgo")], official: [officialGrafana])

        let matching = catalog.entries.filter { entry in entry.provenance.contains { $0.upstreamID == "grafana" || $0.upstreamID == "io.github.grafana/mcp-grafana" } }
        XCTAssertEqual(matching.count, 1, "one entry for grafana: \(matching.map(\.id))")
        let entry = try XCTUnwrap(matching.first)
        XCTAssertEqual(entry.id, "docker/grafana", "the Docker definition (richer source) owns the id")
        XCTAssertEqual(entry.provenance.map(\.sourceID), ["docker", "official"])
        XCTAssertEqual(entry.provenance.map(\.upstreamID), ["grafana", "io.github.grafana/mcp-grafana"])
        XCTAssertEqual(entry.aliases, ["official/io.github.grafana/mcp-grafana"])
        XCTAssertEqual(entry.launch, grafana.launch, "the Docker launch spec is kept")
        guard case .container(let container) = entry.launch else { return XCTFail("container launch expected: \(entry.launch)") }
        XCTAssertEqual(container.image, "mcp/grafana")
        XCTAssertEqual(container.command, ["--transport=stdio"])
        XCTAssertEqual(entry.configuration, grafana.configuration, "the Docker configuration goes with its launch spec")
        XCTAssertEqual(entry.homepageURL, "https://grafana.com/docs/grafana-cloud/machine-learning/mcp/", "a field Docker lacks is filled from the official entry")

        XCTAssertEqual(catalog.entry(id: "official/io.github.grafana/mcp-grafana")?.id, "docker/grafana", "the official id resolves as an alias")
        XCTAssertEqual(catalog.entry(id: "docker/grafana")?.id, "docker/grafana")
        XCTAssertEqual(catalog.entries.count, 2, "grafana and duckduckgo: \(catalog.entries.map(\.id))")
        XCTAssertEqual(catalog.countsBySource["official"], 1)
        XCTAssertEqual(catalog.countsBySource["docker"], 2)
    }

    func testMonorepoServersMergeBySubfolderAndStayDistinct() throws {
        // Docker writes `source.project` + `source.directory`; the official registry writes
        // `repository.url` + `repository.subfolder`. Same folder → one entry; another folder
        // of the same monorepo → another entry.
        let kendra = try docker("amazon-kendra-index")
        let documentation = try docker("aws-documentation")
        let catalog = merged(
            docker: [kendra, documentation],
            official: [
                try official(awslabsJSON("amazon-kendra-index-mcp-server", package: "awslabs.amazon-kendra-index-mcp-server")),
                try official(awslabsJSON("aws-documentation-mcp-server", package: "awslabs.aws-documentation-mcp-server")),
            ])

        XCTAssertEqual(catalog.entries.map(\.id), ["docker/amazon-kendra-index", "docker/aws-documentation"])
        let mergedKendra = try XCTUnwrap(catalog.entry(id: "official/io.github.awslabs/amazon-kendra-index-mcp-server"))
        XCTAssertEqual(mergedKendra.id, "docker/amazon-kendra-index")
        XCTAssertEqual(mergedKendra.provenance.map(\.sourceID), ["docker", "official"])
        XCTAssertEqual(mergedKendra.launch, kendra.launch)
        let mergedDocumentation = try XCTUnwrap(catalog.entry(id: "official/io.github.awslabs/aws-documentation-mcp-server"))
        XCTAssertEqual(mergedDocumentation.id, "docker/aws-documentation")
        XCTAssertEqual(mergedDocumentation.aliases, ["official/io.github.awslabs/aws-documentation-mcp-server"])
        XCTAssertEqual(mergedDocumentation.launch, documentation.launch)
    }

    func testSameDockerHubImageMergesWithoutARepository() throws {
        // The official registry names Docker Hub images with their host (`docker.io/mcp/…`)
        // and a tag; Docker's definition writes `mcp/duckduckgo`.
        let duckduckgo = try docker("duckduckgo")
        let imageOnly = try official(#"""
        {
          "name": "io.github.docker/duckduckgo",
          "description": "Web search through DuckDuckGo, packaged by Docker.",
          "version": "1.0.0",
          "packages": [ { "registryType": "oci", "identifier": "docker.io/mcp/duckduckgo:1.0.0", "transport": { "type": "stdio" } } ]
        }
        """#)
        XCTAssertNil(imageOnly.repositoryURL)
        let catalog = merged(docker: [duckduckgo], official: [imageOnly])

        XCTAssertEqual(catalog.entries.count, 1, "\(catalog.entries.map(\.id))")
        let entry = try XCTUnwrap(catalog.entries.first)
        XCTAssertEqual(entry.id, "docker/duckduckgo")
        XCTAssertEqual(entry.provenance.map(\.sourceID), ["docker", "official"])
        XCTAssertEqual(entry.aliases, ["official/io.github.docker/duckduckgo"])
        XCTAssertEqual(entry.launch, duckduckgo.launch)
    }
}
