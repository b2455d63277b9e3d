import Foundation
import RegistryCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The root folder of an untrusted catalog (a git checkout, a local folder), read so that
/// nothing outside it is ever read.
///
/// Every path is relative to the root. Before a file is opened, each component of its path is
/// checked with `lstat`: under `.refuse` (git checkouts, where a symlink is a link the
/// repository's author chose) any symbolic link is refused; under `.stayInside` (local
/// folders) links are resolved and refused when the target leaves the root. The file itself
/// is opened with `O_NOFOLLOW | O_NONBLOCK`, must be a regular file (never a FIFO or device),
/// and is read up to its `FileLimit`. Every byte read is charged to the source's `ReadBudget`.
/// Refusals are `CatalogFileError`s carrying the relative path and the reason, never contents.
struct CatalogFolder: Sendable {
    enum SymlinkPolicy: Sendable {
        /// Any symbolic link is refused (git: read what the repository holds, not what a link names).
        case refuse
        /// A symbolic link is followed only when its target stays inside the root.
        case stayInside
    }

    /// What a folder listing found.
    enum Item: Sendable, Hashable {
        case file(String)
        case folder(String)
        /// A link or special file that was not followed, with why.
        case refused(String, CatalogFileError.Reason)
    }

    let root: URL
    /// `realpath` of the root, for containment checks.
    let resolvedRoot: String
    let symlinks: SymlinkPolicy
    let budget: ReadBudget

    init(root: URL, symlinks: SymlinkPolicy, budget: ReadBudget = ReadBudget()) {
        self.root = root.standardizedFileURL
        self.resolvedRoot = Self.realPath(self.root.path) ?? self.root.path
        self.symlinks = symlinks
        self.budget = budget
    }

    /// The names in the folder at `relative` ("" for the root), sorted, hidden names left out,
    /// each classified without following links out of the root. A folder that is missing or
    /// refused lists as empty.
    func list(_ relative: String) -> [Item] {
        guard let folder = try? checkedPath(relative, expectFolder: true),
              let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.sorted().compactMap { name -> Item? in
            guard !name.hasPrefix(".") else { return nil }
            let path = relative.isEmpty ? name : "\(relative)/\(name)"
            var info = stat()
            guard lstat(folder + "/" + name, &info) == 0 else { return nil }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: return .folder(path)
            case S_IFREG: return .file(path)
            case S_IFLNK:
                do {
                    let target = try checkedPath(path, expectFolder: false)
                    var resolved = stat()
                    guard stat(target, &resolved) == 0 else { return .refused(path, .missing) }
                    switch resolved.st_mode & S_IFMT {
                    case S_IFDIR: return .folder(path)
                    case S_IFREG: return .file(path)
                    default: return .refused(path, .notRegularFile)
                    }
                } catch {
                    return .refused(path, error.reason)
                }
            default:
                return .refused(path, .notRegularFile)
            }
        }
    }

    /// Whether something (file, folder or link) exists at `relative`, without following links.
    func exists(_ relative: String) -> Bool {
        var info = stat()
        return lstat(root.path + "/" + relative, &info) == 0
    }

    /// The bytes of the file at `relative`, or `nil` when there is none. Throws
    /// `CatalogFileError` when the path leaves the root, crosses a refused link, is not a
    /// regular file, exceeds `limit`, or the source's budget is spent.
    func read(_ relative: String, limit: FileLimit) throws(CatalogFileError) -> Data? {
        guard exists(relative) else { return nil }
        let path = try checkedPath(relative, expectFolder: false)
        guard budget.hasTimeLeft else { throw CatalogFileError(path: relative, reason: .budgetExhausted) }
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CatalogFileError(path: relative, reason: errno == ELOOP ? .symbolicLink : .unreadable)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw CatalogFileError(path: relative, reason: .unreadable) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw CatalogFileError(path: relative, reason: .notRegularFile) }
        let size = Int(info.st_size)
        guard size <= limit.bytes else { throw CatalogFileError(path: relative, reason: .tooLarge(limit: limit.bytes)) }
        guard budget.charge(size) else { throw CatalogFileError(path: relative, reason: .budgetExhausted) }
        var data = Data(count: size)
        var total = 0
        while total < size {
            let count = data.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress! + total, size - total)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            total += count
        }
        guard total == size else { throw CatalogFileError(path: relative, reason: .unreadable) }
        return data
    }

    /// The text of the file at `relative` (UTF-8), or `nil` when there is none.
    func readText(_ relative: String, limit: FileLimit) throws(CatalogFileError) -> String? {
        guard let data = try read(relative, limit: limit) else { return nil }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw CatalogFileError(path: relative, reason: .notUTF8)
        }
        return text
    }

    /// The absolute path of `relative` after the symlink policy is applied: each component is
    /// checked with `lstat`; a link is refused (`.refuse`) or resolved and kept only inside the
    /// root (`.stayInside`).
    private func checkedPath(_ relative: String, expectFolder: Bool) throws(CatalogFileError) -> String {
        let components = relative.split(separator: "/", omittingEmptySubsequences: true)
        if components.contains(where: { $0 == ".." || $0 == "." }) {
            throw CatalogFileError(path: relative, reason: .leavesRoot)
        }
        var current = root.path
        for component in components {
            current += "/" + component
            var info = stat()
            guard lstat(current, &info) == 0 else { return root.path + "/" + relative }
            guard info.st_mode & S_IFMT == S_IFLNK else { continue }
            switch symlinks {
            case .refuse:
                throw CatalogFileError(path: relative, reason: .symbolicLink)
            case .stayInside:
                guard let resolved = Self.realPath(current) else { throw CatalogFileError(path: relative, reason: .missing) }
                guard resolved == resolvedRoot || resolved.hasPrefix(resolvedRoot.hasSuffix("/") ? resolvedRoot : resolvedRoot + "/") else {
                    throw CatalogFileError(path: relative, reason: .leavesRoot)
                }
                current = resolved
            }
        }
        return current
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// A catalog file that was not read, and why: the path (relative to the catalog's root) and
/// the reason only, never anything the file holds.
struct CatalogFileError: Error, Sendable, Hashable {
    enum Reason: Sendable, Hashable {
        /// The path, or a link on it, leads outside the catalog's root.
        case leavesRoot
        /// A symbolic link, in a source that refuses them.
        case symbolicLink
        /// Not a regular file (a FIFO, a device, a socket).
        case notRegularFile
        /// Larger than the format's cap (bytes).
        case tooLarge(limit: Int)
        /// The source's read budget (bytes or time) is spent.
        case budgetExhausted
        case notUTF8
        /// A dangling link.
        case missing
        case unreadable
    }

    var path: String
    var reason: Reason

    /// The reason as a short phrase for `SourceProblem.message`.
    var message: String {
        switch reason {
        case .leavesRoot: "refused: it leads outside the catalog folder"
        case .symbolicLink: "refused: a symbolic link (links are not followed in this source)"
        case .notRegularFile: "refused: not a regular file"
        case .tooLarge(let limit): "refused: larger than the \(limit / 1024) KiB limit for this kind of file"
        case .budgetExhausted: "not read: the source's read budget is spent"
        case .notUTF8: "not UTF-8 text"
        case .missing: "refused: a link to nothing"
        case .unreadable: "cannot be read"
        }
    }

    /// The refusal as a status problem (path and reason).
    var problem: SourceProblem { SourceProblem(location: path, message: message) }
}

/// `read(2)`, named apart from `CatalogFolder.read`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

private extension Error {
    var reason: CatalogFileError.Reason { (self as? CatalogFileError)?.reason ?? .unreadable }
}
