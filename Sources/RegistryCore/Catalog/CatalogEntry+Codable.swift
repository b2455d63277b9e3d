import Foundation

/// A compact coding: empty lists, absent values and all-false flags are left out, so the
/// cache of 10,000 entries (most of them bare links) is small and quick to read back.
extension CatalogEntry: Codable {
    enum CodingKeys: String, CodingKey {
        case id, name, title, summary, categories, tags, repositoryURL, homepageURL, iconURL
        case provenance, flags, popularity, launch, configuration, tools, aliases, launchBlockers, release
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        summary = try c.decodeIfPresent(String.self, forKey: .summary) ?? ""
        categories = try c.decodeIfPresent([String].self, forKey: .categories) ?? []
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        repositoryURL = try c.decodeIfPresent(String.self, forKey: .repositoryURL)
        homepageURL = try c.decodeIfPresent(String.self, forKey: .homepageURL)
        iconURL = try c.decodeIfPresent(String.self, forKey: .iconURL)
        provenance = try c.decodeIfPresent([Provenance].self, forKey: .provenance) ?? []
        flags = try c.decodeIfPresent(Flags.self, forKey: .flags) ?? Flags()
        popularity = try c.decodeIfPresent(Popularity.self, forKey: .popularity) ?? Popularity()
        launch = try c.decodeIfPresent(LaunchSpec.self, forKey: .launch) ?? .unknown
        configuration = try c.decodeIfPresent(ConfigurationSpec.self, forKey: .configuration) ?? ConfigurationSpec()
        tools = try c.decodeIfPresent([ToolSummary].self, forKey: .tools) ?? []
        aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
        launchBlockers = try c.decodeIfPresent([LaunchBlocker].self, forKey: .launchBlockers) ?? []
        release = try c.decodeIfPresent(ServerRelease.self, forKey: .release)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(title, forKey: .title)
        if !summary.isEmpty { try c.encode(summary, forKey: .summary) }
        if !categories.isEmpty { try c.encode(categories, forKey: .categories) }
        if !tags.isEmpty { try c.encode(tags, forKey: .tags) }
        try c.encodeIfPresent(repositoryURL, forKey: .repositoryURL)
        try c.encodeIfPresent(homepageURL, forKey: .homepageURL)
        try c.encodeIfPresent(iconURL, forKey: .iconURL)
        if !provenance.isEmpty { try c.encode(provenance, forKey: .provenance) }
        if flags != Flags() { try c.encode(flags, forKey: .flags) }
        if popularity != Popularity() { try c.encode(popularity, forKey: .popularity) }
        if launch != .unknown { try c.encode(launch, forKey: .launch) }
        if configuration != ConfigurationSpec() { try c.encode(configuration, forKey: .configuration) }
        if !tools.isEmpty { try c.encode(tools, forKey: .tools) }
        if !aliases.isEmpty { try c.encode(aliases, forKey: .aliases) }
        if !launchBlockers.isEmpty { try c.encode(launchBlockers, forKey: .launchBlockers) }
        try c.encodeIfPresent(release, forKey: .release)
    }
}

extension Flags: Codable {
    enum CodingKeys: String, CodingKey { case official, featured, deprecated, requiresCredentials }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            official: try c.decodeIfPresent(Bool.self, forKey: .official) ?? false,
            featured: try c.decodeIfPresent(Bool.self, forKey: .featured) ?? false,
            deprecated: try c.decodeIfPresent(Bool.self, forKey: .deprecated) ?? false,
            requiresCredentials: try c.decodeIfPresent(Bool.self, forKey: .requiresCredentials) ?? false)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if official { try c.encode(true, forKey: .official) }
        if featured { try c.encode(true, forKey: .featured) }
        if deprecated { try c.encode(true, forKey: .deprecated) }
        if requiresCredentials { try c.encode(true, forKey: .requiresCredentials) }
    }
}

extension Provenance: Codable {
    enum CodingKeys: String, CodingKey { case sourceID = "source", upstreamID = "upstream", location }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            sourceID: try c.decode(String.self, forKey: .sourceID),
            upstreamID: try c.decode(String.self, forKey: .upstreamID),
            location: try c.decodeIfPresent(String.self, forKey: .location))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sourceID, forKey: .sourceID)
        try c.encode(upstreamID, forKey: .upstreamID)
        try c.encodeIfPresent(location, forKey: .location)
    }
}
