import ArgumentParser

/// The `mcp-registry` command: `serve` (default) and the commands for people.
@main
struct MCPRegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp-registry",
        abstract: "A dynamic MCP registry: search MCP servers from many catalogs and run them in Podman.",
        subcommands: [
            ServeCommand.self,
            SearchCommand.self,
            InfoCommand.self,
            ListCommand.self,
            StatusCommand.self,
            RefreshCommand.self,
            SourcesCommand.self,
            ConfigCommand.self,
            ClientCommand.self,
            ExportCommand.self,
            InstallCommand.self,
            RegistryServiceCommand.self,
            PublishCommand.self,
        ],
        defaultSubcommand: ServeCommand.self
    )
}
