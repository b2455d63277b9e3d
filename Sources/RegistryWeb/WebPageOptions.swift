/// How the web page describes this registry to its readers.
public struct WebPageOptions: Sendable {
    /// The source id an aggregator gives this registry (`mcp-registry sources add <url>
    /// --format official --name <sourceID>`); the page's `registry-add` ids start with it.
    public var sourceID: String
    /// The registry's public base URL (`https://mcp.example.com`) for the commands the page
    /// prints; nil uses the request's `Host`.
    public var publicURL: String?
    /// The page's title.
    public var title: String

    public init(sourceID: String = "team", publicURL: String? = nil, title: String = "MCP registry") {
        self.sourceID = sourceID
        self.publicURL = publicURL
        self.title = title
    }
}
