import Gateway
import XCTest

final class ToolNamespaceTests: XCTestCase {
    func testExposedNamesAreValidUniqueAndRoutedByTable() {
        var namespace = ToolNamespace()
        let a = namespace.register(serverID: "docker/github", prefix: "github", tools: ["create_issue", "search.code", "weird name/ü"])
        XCTAssertEqual(a["create_issue"], "github__create_issue")
        XCTAssertEqual(a["search.code"], "github__search_code")
        XCTAssertEqual(a["weird name/ü"], "github__weird_name__")
        // The same prefix from another server collides: a suffix resolves it.
        let b = namespace.register(serverID: "official/github", prefix: "github", tools: ["create_issue"])
        XCTAssertEqual(b["create_issue"], "github__create_issue_2")
        XCTAssertEqual(namespace.route(for: "github__create_issue_2"), .init(serverID: "official/github", toolName: "create_issue"))
        XCTAssertEqual(namespace.route(for: "github__search_code")?.toolName, "search.code", "routed by table, not by splitting")
        // Two tools that sanitise to the same name stay distinct.
        let c = namespace.register(serverID: "x", prefix: "x", tools: ["a.b", "a_b"])
        XCTAssertNotEqual(c["a.b"], c["a_b"])

        let long = String(repeating: "very_long_tool_name_", count: 6)
        let d = namespace.register(serverID: "long", prefix: String(repeating: "p", count: 80), tools: [long, long + "2"])
        for name in d.values {
            XCTAssertTrue(ToolNamespace.isValid(name), name)
            XCTAssertLessThanOrEqual(name.count, 64)
        }
        XCTAssertNotEqual(d[long], d[long + "2"], "the hash keeps cut names apart")
        XCTAssertEqual(d[long], ToolNamespace().registering(serverID: "long", prefix: String(repeating: "p", count: 80), tools: [long])[long], "stable across runs")

        for name in namespace.exposedNames { XCTAssertTrue(ToolNamespace.isValid(name), name) }
    }

    func testReRegistrationKeepsNamesAndRemovalDropsRoutes() {
        var namespace = ToolNamespace()
        namespace.register(serverID: "s", prefix: "s", tools: ["one", "two"])
        namespace.register(serverID: "t", prefix: "s", tools: ["three"])
        let again = namespace.register(serverID: "s", prefix: "s", tools: ["two", "four"])
        XCTAssertEqual(again["two"], "s__two")
        XCTAssertNil(namespace.route(for: "s__one"), "a tool no longer listed is dropped")
        XCTAssertEqual(namespace.route(for: "s__four")?.serverID, "s")
        namespace.removeServer("s")
        XCTAssertEqual(namespace.exposedNames, ["s__three"])
    }

    func testPrefixSanitising() {
        XCTAssertEqual(ToolNamespace.sanitizePrefix("io.github.user/Weather MCP"), "Weather_MCP")
        XCTAssertEqual(ToolNamespace.sanitizePrefix("a__b"), "a_b")
        XCTAssertEqual(ToolNamespace.sanitizePrefix("..."), "server")
        XCTAssertLessThanOrEqual(ToolNamespace.sanitizePrefix(String(repeating: "abc", count: 30)).count, ToolNamespace.maxPrefixLength)
    }
}

extension ToolNamespace {
    func registering(serverID: String, prefix: String, tools: [String]) -> [String: String] {
        var copy = self
        return copy.register(serverID: serverID, prefix: prefix, tools: tools)
    }
}

final class ResourceTableTests: XCTestCase {
    func testURIsKeptUnlessAnotherServerHasThem() {
        var table = ResourceTable()
        let a = table.register(serverID: "one", prefix: "one", uris: ["fixture://readme", "file:///a"])
        XCTAssertEqual(a["fixture://readme"], "fixture://readme")
        let b = table.register(serverID: "two", prefix: "two", uris: ["fixture://readme"])
        let exposed = b["fixture://readme"]!
        XCTAssertTrue(exposed.hasPrefix("mcp-registry://two/"), exposed)
        XCTAssertEqual(table.route(for: exposed), .init(serverID: "two", uri: "fixture://readme"))
        XCTAssertEqual(table.route(for: "fixture://readme")?.serverID, "one")
        table.register(serverID: "two", prefix: "two", uris: ["fixture://readme"])
        XCTAssertEqual(table.uris(for: "two")["fixture://readme"], exposed, "stable on re-listing")
        table.removeServer("one")
        XCTAssertNil(table.route(for: "file:///a"))
    }
}
