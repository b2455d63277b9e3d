import Foundation

/// One tool of a Docker `type: poci` definition: a tool with no MCP server behind it, each
/// call of which runs its own short-lived container (`tools[]` of `server.yaml`).
///
/// The templates use the Docker catalog's syntax over the call's arguments:
/// `{{path}}` is the argument as one string, `{{args|into}}` splices an array argument into
/// several command elements (Docker MCP gateway `ArgsForPOCI`: volumes, user, image, then
/// the evaluated command after the image).
public struct ToolContainer: Sendable, Hashable, Codable {
    /// The tool's name as the model calls it (`curl`).
    public var name: String
    /// What the tool does, as the definition says.
    public var description: String?
    /// The tool's input schema (`tools[].parameters`, a JSON Schema object), verbatim.
    public var inputSchema: JSONValue?
    /// The image run for each call (`tools[].container.image`), exactly as written.
    public var image: String
    /// The arguments after the image (`tools[].container.command`); may hold templates.
    public var command: [String]
    /// Volume specs (`src:dst[:opts]`, `tools[].container.volumes`); may hold templates.
    public var volumes: [String]
    /// The user to run as (`tools[].container.user`), when set; may hold a template.
    public var user: String?

    public init(
        name: String, description: String? = nil, inputSchema: JSONValue? = nil, image: String,
        command: [String] = [], volumes: [String] = [], user: String? = nil
    ) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
        self.image = image
        self.command = command
        self.volumes = volumes
        self.user = user
    }
}

extension PackageLaunch {
    /// The transport word of Docker `type: poci` definitions: no server, one container per
    /// tool call (`toolContainers`).
    public static let toolContainerTransport = "poci"

    /// Whether it is a Docker `poci` definition (tools run as one container per call).
    public var runsToolContainers: Bool { transport.lowercased() == Self.toolContainerTransport }
}
