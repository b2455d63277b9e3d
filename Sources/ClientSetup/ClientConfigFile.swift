import Foundation
import RegistryCore

/// A client's config file on disk and the one way the registry changes it: read,
/// transform the text, write a backup of the old file, then replace it atomically
/// with the same mode. A file that does not parse is never written.
public struct ClientConfigFile: Sendable {
    /// What a change did.
    public struct Outcome: Sendable, Equatable {
        /// The file that was (or would be) written, symlinks resolved.
        public var path: URL
        /// The text before and after.
        public var before: String
        public var after: String
        /// Where the previous file was copied, when there was one and it changed.
        public var backup: URL?
        /// Whether the file was written (false when nothing changed or on a dry run).
        public var written: Bool

        /// Whether the text changed.
        public var changed: Bool { before != after }
    }

    /// The path as given (`--config-path` or the client's usual location).
    public var url: URL

    public init(url: URL) {
        self.url = url
    }

    /// The file a write goes to: the target of a symlink (dotfile managers link configs), else `url`.
    public var resolvedURL: URL { url.resolvingSymlinksInPath() }

    /// The file's text; `""` when it does not exist.
    public func read() throws(ClientConfigError) -> String {
        let target = resolvedURL
        guard FileManager.default.fileExists(atPath: target.path) else { return "" }
        let data: Data
        do {
            data = try Data(contentsOf: target)
        } catch {
            throw .io(path: target.path, message: "cannot read the file: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .io(path: target.path, message: "the file is not UTF-8 text; it was left untouched")
        }
        return text
    }

    /// Applies `transform` to the file's text. When the text changes (and this is not a
    /// dry run), the old file is first copied to a timestamped backup next to it
    /// (`<name>.<yyyyMMdd-HHmmss>.bak`, same mode), then the new text replaces it
    /// atomically keeping the old file's mode (new files get 0600: configs often hold tokens).
    public func update(
        dryRun: Bool = false,
        now: Date = Date(),
        _ transform: (String) throws(ClientConfigError) -> String
    ) throws(ClientConfigError) -> Outcome {
        let target = resolvedURL
        var before = try read()
        var after = try transform(before)
        // Clients rewrite their own files (Claude Code does so often): if the file changed
        // while we computed, start again from the new text rather than lose that change.
        for _ in 0..<3 {
            let current = try read()
            if current == before { break }
            before = current
            after = try transform(before)
        }
        var outcome = Outcome(path: target, before: before, after: after, backup: nil, written: false)
        guard after != before, !dryRun else { return outcome }
        let exists = FileManager.default.fileExists(atPath: target.path)
        let mode = exists ? Self.mode(of: target) ?? 0o600 : 0o600
        do {
            if exists {
                let backup = Self.backupURL(for: target, now: now)
                try AtomicFile.write(Data(before.utf8), to: backup, mode: mode)
                outcome.backup = backup
            }
            try AtomicFile.write(Data(after.utf8), to: target, mode: mode)
        } catch {
            throw .io(path: target.path, message: "cannot write the file: \(error.localizedDescription)")
        }
        outcome.written = true
        return outcome
    }

    /// The POSIX permission bits of a file.
    static func mode(of url: URL) -> Int? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            let permissions = attributes[.posixPermissions] as? NSNumber
        else { return nil }
        return permissions.intValue & 0o7777
    }

    /// `<file>.<yyyyMMdd-HHmmss>.bak`, with `-2`, `-3`… if that name is taken.
    static func backupURL(for url: URL, now: Date) -> URL {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let stamp = formatter.string(from: now)
        let folder = url.deletingLastPathComponent()
        var candidate = folder.appendingPathComponent("\(url.lastPathComponent).\(stamp).bak")
        var counter = 2
        while FileManager.default.fileExists(atPath: candidate.path) {
            candidate = folder.appendingPathComponent("\(url.lastPathComponent).\(stamp)-\(counter).bak")
            counter += 1
        }
        return candidate
    }
}
