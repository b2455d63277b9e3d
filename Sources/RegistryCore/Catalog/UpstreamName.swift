/// The rules a catalog's own name for a server must follow before it becomes part of an
/// entry id, per source format. Names come from untrusted files and pages; an id later
/// becomes part of file names, container labels and log fields, so anything that could
/// climb out of a folder, pass for a command-line flag or reach a shell is refused here.
///
/// Every format refuses: an empty name or segment, a `.` or `..` segment, a segment starting
/// with `-` (for `.ownerRepository` the owner; GitHub repositories may start with `-`), control and format characters (C0, C1, DEL, bidi overrides, zero-width), white
/// space, shell metacharacters (`` ` $ ; & | < > ( ) { } [ ] * ? ! \ ' " # ~ % ^ = , ``) and names
/// over 200 characters. Then each format's own pattern:
/// - `.docker`: a Docker MCP registry folder / `name`: `[A-Za-z0-9][A-Za-z0-9._-]*`, one segment;
/// - `.reverseDNS`: the official registry's `namespace/name`
///   (`^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$`, server.schema.json);
/// - `.ownerRepository`: a link list's `owner/repo` (GitHub: owner `[A-Za-z0-9-]`,
///   repository `[A-Za-z0-9._-]`), optionally deeper for other forges (`group/sub/repo`);
/// - `.slug`: any other source's `/`-separated slug (`[A-Za-z0-9._@+-]` per segment).
public enum UpstreamName {
    public enum Format: String, Sendable, Hashable {
        case docker
        case reverseDNS = "reverse-dns"
        case ownerRepository = "owner-repository"
        case slug
    }

    /// Which rule a name breaks (the raw value is a short code for status and logs).
    public enum Violation: String, Error, Sendable, Hashable {
        case empty
        case tooLong = "too-long"
        case emptySegment = "empty-segment"
        /// A `.` or `..` segment.
        case dotSegment = "dot-segment"
        /// A segment (or the name) starting with `-`, which a command line would take for a flag.
        case leadingDash = "leading-dash"
        case controlCharacter = "control-character"
        case whitespace
        case shellMetacharacter = "shell-metacharacter"
        /// Anything else outside the format's pattern (a wrong number of segments, a
        /// character the format does not allow).
        case pattern
    }

    /// Maximum length of a name, in characters.
    public static let maximumLength = 200

    /// Throws the first rule `name` breaks for `format`.
    public static func validate(_ name: String, format: Format) throws(Violation) {
        guard !name.isEmpty else { throw .empty }
        guard name.unicodeScalars.count <= maximumLength else { throw .tooLong }
        for scalar in name.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
                || scalar.properties.generalCategory == .lineSeparator || scalar.properties.generalCategory == .paragraphSeparator {
                throw .controlCharacter
            }
            if scalar.properties.isWhitespace { throw .whitespace }
            if shellMetacharacters.contains(scalar) { throw .shellMetacharacter }
        }
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            if segment.isEmpty { throw .emptySegment }
            if segment == "." || segment == ".." { throw .dotSegment }
            // GitHub allows a repository (not an owner) to start with `-` (`Jite-J/-mysql_mcp_server`);
            // behind its owner such a segment never stands alone where a flag could be read.
            if segment.hasPrefix("-"), index == 0 || format != .ownerRepository { throw .leadingDash }
        }
        guard matches(segments, format: format) else { throw .pattern }
    }

    /// The rule `name` breaks for `format`, or `nil` when it is valid.
    public static func violation(in name: String, format: Format) -> Violation? {
        do {
            try validate(name, format: format)
            return nil
        } catch {
            return error
        }
    }

    static let shellMetacharacters: Set<Unicode.Scalar> = Set("`$;&|<>(){}[]*?!\\'\"#~%^=,".unicodeScalars)

    private static func matches(_ segments: [Substring], format: Format) -> Bool {
        func allowed(_ segment: Substring, _ extra: String) -> Bool {
            segment.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || extra.unicodeScalars.contains($0) }
        }
        switch format {
        case .docker:
            guard segments.count == 1, let first = segments[0].unicodeScalars.first else { return false }
            return first != "." && first != "_" && allowed(segments[0], "._-")
        case .reverseDNS:
            return segments.count == 2 && allowed(segments[0], ".-") && allowed(segments[1], "._-")
        case .ownerRepository:
            return segments.count >= 2 && segments.count <= 6 && allowed(segments[0], "-_.") && segments.dropFirst().allSatisfy { allowed($0, "._-") }
        case .slug:
            return segments.allSatisfy { allowed($0, "._@+-") }
        }
    }
}
