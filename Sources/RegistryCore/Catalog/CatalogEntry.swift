import Foundation

/// One MCP server as the registry knows it, merged across every source that lists it.
public struct CatalogEntry: Sendable, Hashable, Identifiable {
    /// Stable, readable id: `<source>/<upstream name>` of the source that owns the entry,
    /// e.g. `docker/grafana`, `official/io.github.user/weather`, `awesome/owner/repo`.
    public var id: String
    /// Short machine name (`grafana`, `weather`, `repo`).
    public var name: String
    /// Human title, when the source has one (`Grafana`).
    public var title: String?
    /// One-paragraph description.
    public var summary: String
    /// Categories (`monitoring`, `databases`).
    public var categories: [String]
    /// Free tags.
    public var tags: [String]
    /// The source-code repository, as written upstream.
    public var repositoryURL: String?
    /// A homepage or documentation link, when different from the repository.
    public var homepageURL: String?
    /// Icon URL, when known.
    public var iconURL: String?
    /// Which sources list this server, with their own ids.
    public var provenance: [Provenance]
    /// Official / featured / deprecated markers.
    public var flags: Flags
    /// Popularity signals, used only to break ties in search.
    public var popularity: Popularity
    /// How to run it.
    public var launch: LaunchSpec
    /// What the user must configure before it runs.
    public var configuration: ConfigurationSpec
    /// Tools the server declares (from `tools.json` or a listing), searchable.
    public var tools: [ToolSummary]
    /// Other ids this entry answers to (ids of merged duplicates).
    public var aliases: [String]
    /// Why it cannot be started although `launch` says how (an invalid image reference…);
    /// empty for a startable entry.
    public var launchBlockers: [LaunchBlocker]
    /// The version this entry describes and the other versions listed, when the source
    /// versions its servers (official `server.json`).
    public var release: ServerRelease?

    public init(
        id: String,
        name: String,
        title: String? = nil,
        summary: String = "",
        categories: [String] = [],
        tags: [String] = [],
        repositoryURL: String? = nil,
        homepageURL: String? = nil,
        iconURL: String? = nil,
        provenance: [Provenance] = [],
        flags: Flags = Flags(),
        popularity: Popularity = Popularity(),
        launch: LaunchSpec = .unknown,
        configuration: ConfigurationSpec = ConfigurationSpec(),
        tools: [ToolSummary] = [],
        aliases: [String] = [],
        launchBlockers: [LaunchBlocker] = [],
        release: ServerRelease? = nil
    ) {
        self.id = id
        self.name = name
        self.title = title
        self.summary = summary
        self.categories = categories
        self.tags = tags
        self.repositoryURL = repositoryURL
        self.homepageURL = homepageURL
        self.iconURL = iconURL
        self.provenance = provenance
        self.flags = flags
        self.popularity = popularity
        self.launch = launch
        self.configuration = configuration
        self.tools = tools
        self.aliases = aliases
        self.launchBlockers = launchBlockers
        self.release = release
    }

    /// The title if there is one, else the name.
    public var displayName: String { title ?? name }

    /// Whether the server needs a secret or credential before it can run.
    public var requiresCredentials: Bool {
        flags.requiresCredentials || configuration.secrets.contains(where: { $0.required })
            || configuration.env.contains(where: { $0.isSecret && $0.required })
    }

    /// Whether the registry knows how to start it (a container image, a package or a remote)
    /// and nothing blocks it (`launchBlockers` is empty).
    public var isLaunchable: Bool { launch.isLaunchable && launchBlockers.isEmpty }

    /// The ids of every source that lists this entry.
    public var sourceIDs: [String] { provenance.map(\.sourceID) }
}

/// Where an entry came from: a source and that source's own id for it.
public struct Provenance: Sendable, Hashable {
    /// The source's id (`docker`, `official`, `awesome`, `local-team`).
    public var sourceID: String
    /// The source's own id or name for the server (`grafana`, `io.github.user/weather`).
    public var upstreamID: String
    /// Where in the source it was defined (a file path or URL), when known.
    public var location: String?

    public init(sourceID: String, upstreamID: String, location: String? = nil) {
        self.sourceID = sourceID
        self.upstreamID = upstreamID
        self.location = location
    }
}

/// Markers on an entry.
public struct Flags: Sendable, Hashable {
    /// Published by the vendor of the service, or marked official by a source.
    public var official: Bool
    /// Featured or sponsored by a source.
    public var featured: Bool
    /// Deprecated upstream (kept, but marked).
    public var deprecated: Bool
    /// A source says it needs credentials even if no secret is declared (OAuth, tokens).
    public var requiresCredentials: Bool

    public init(official: Bool = false, featured: Bool = false, deprecated: Bool = false, requiresCredentials: Bool = false) {
        self.official = official
        self.featured = featured
        self.deprecated = deprecated
        self.requiresCredentials = requiresCredentials
    }
}

/// Popularity signals: only ever a tie-breaker.
public struct Popularity: Sendable, Hashable, Codable {
    /// Repository stars, when a source reports them.
    public var stars: Int?
    /// Downloads or pulls, when a source reports them.
    public var downloads: Int?

    public init(stars: Int? = nil, downloads: Int? = nil) {
        self.stars = stars
        self.downloads = downloads
    }

    /// A single comparable prior.
    public var prior: Double {
        log1p(Double(max(stars ?? 0, 0))) + 0.5 * log1p(Double(max(downloads ?? 0, 0)))
    }
}

/// A tool a server declares, for search and for `registry-info`.
public struct ToolSummary: Sendable, Hashable, Codable {
    public var name: String
    public var description: String?

    public init(name: String, description: String? = nil) {
        self.name = name
        self.description = description
    }
}
