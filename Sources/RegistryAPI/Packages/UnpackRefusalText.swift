import PackageArchive

/// The API's words for an archive refusal (the CLI and the MCP server have their own).
enum UnpackRefusalText {
    static func describe(_ refusal: UnpackRefusal) -> String {
        switch refusal {
        case .absolutePath(let entry): return "entry '\(entry)' has an absolute path"
        case .escapesTarget(let entry): return "entry '\(entry)' points outside the package (a '..' component)"
        case .linkLeavesTarget(let entry, let target): return "link '\(entry)' points outside the package (to '\(target)')"
        case .specialFile(let entry, _): return "entry '\(entry)' is a device file, FIFO or socket"
        case .throughLink(let entry): return "entry '\(entry)' would be written through a link"
        case .conflictingEntry(let entry): return "entry '\(entry)' appears twice or conflicts with another entry"
        case .tooManyEntries(let entry, let limit): return "more than \(limit) entries (at '\(entry)')"
        case .tooManyBytes(let entry, let limit): return "more than \(limit) bytes unpacked (at '\(entry)')"
        case .unreadable(let reason): return "not a readable .tar.gz or zip (\(reason))"
        case .io(let entry, let code): return "could not write '\(entry)' (errno \(code))"
        }
    }
}
