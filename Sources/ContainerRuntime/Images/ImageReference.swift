/// Image references as podman needs them.
public enum ImageReference {
    /// Docker Hub short names made fully qualified, since podman refuses to guess a registry
    /// without a prompt: `mcp/grafana` → `docker.io/mcp/grafana`, `alpine:3` →
    /// `docker.io/library/alpine:3`. References that name a registry (`ghcr.io/…`,
    /// `localhost/…`, `host:5000/…`) stay as they are.
    public static func qualified(_ reference: String) -> String {
        let parts = reference.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2 {
            let first = parts[0]
            if first.contains(".") || first.contains(":") || first == "localhost" { return reference }
            return "docker.io/\(reference)"
        }
        return "docker.io/library/\(reference)"
    }
}
