import Gateway
import PackageArchive

extension HostedPackageError {
    /// The failure in words for the model and for people (`mcp-registry install`), with the
    /// next step.
    public var sentence: String {
        switch self {
        case .notDownloadable(let url):
            return "The hosted package's download \(url) is not an http(s) URL with a SHA-256 digest, so it cannot be fetched and verified."
        case .unreachable(let url, let reason):
            return "The hosted package could not be downloaded from \(url) (\(reason)). Check that the registry serving it is running and reachable; nothing was built."
        case .httpStatus(let url, let status):
            return "Downloading the hosted package from \(url) answered HTTP \(status); nothing was built. "
                + (status == 404 ? "The registry no longer has that file (deleted or moved)." : "Try again later or ask the registry's operator.")
        case .tooLarge(let url, let limit):
            return "The hosted package at \(url) is larger than \(limit) bytes, the download limit (containers.maxPackageDownloadBytes); nothing was built."
        case .digestMismatch(let url, let expected, let actual):
            return "The file downloaded from \(url) has SHA-256 \(actual), but the registry published \(expected): it is not the file that was published "
                + "(changed or corrupted on the way), so nothing was built or run. Refresh the catalog (registry-refresh) and ask the publisher if it persists."
        case .unpackRefused(let refusal):
            return "The hosted package was refused while unpacking: \(Self.words(for: refusal)); nothing was built."
        case .unknownProjectKind(let files):
            let listed = files.isEmpty ? "nothing" : files.joined(separator: ", ")
            return "The hosted package is neither a Python project (server.py, requirements.txt, pyproject.toml) nor a Node project (package.json); its top level holds \(listed)."
        case .entryPoint(let reason):
            return "The hosted package has no usable entry point: \(reason). A Python package needs server.py (or an .mcpb manifest.json naming server.entry_point)."
        }
    }

    static func words(for refusal: UnpackRefusal) -> String {
        switch refusal {
        case .absolutePath(let entry): "entry '\(entry)' has an absolute path"
        case .escapesTarget(let entry): "entry '\(entry)' points outside the package (a '..' component)"
        case .linkLeavesTarget(let entry, let target): "link '\(entry)' points outside the package (to '\(target)')"
        case .specialFile(let entry, _): "entry '\(entry)' is a device file, FIFO or socket"
        case .throughLink(let entry): "entry '\(entry)' would be written through a link"
        case .conflictingEntry(let entry): "entry '\(entry)' appears twice or conflicts with another entry"
        case .tooManyEntries(let entry, let limit): "more than \(limit) entries (at '\(entry)')"
        case .tooManyBytes(let entry, let limit): "more than \(limit) bytes unpacked (at '\(entry)')"
        case .unreadable(let reason): "not a readable .tar.gz or zip (\(reason))"
        case .io(let entry, let code): "could not write '\(entry)' (errno \(code))"
        }
    }
}
