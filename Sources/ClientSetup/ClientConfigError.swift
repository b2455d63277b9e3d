/// Why a client's config file was left untouched.
public enum ClientConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not parse: where, and what is wrong.
    case syntax(path: String, line: Int, column: Int, message: String)
    /// The file parses but has a shape the registry will not edit (e.g. the servers key is not an object).
    case unexpectedShape(path: String, message: String)
    /// The file could not be read or written.
    case io(path: String, message: String)
    /// No client with that name.
    case unknownClient(name: String, known: [String])

    public var description: String {
        switch self {
        case .syntax(let path, let line, let column, let message):
            "\(path):\(line):\(column): \(message). The file was left untouched; fix it and try again."
        case .unexpectedShape(let path, let message):
            "\(path): \(message). The file was left untouched."
        case .io(let path, let message):
            "\(path): \(message)"
        case .unknownClient(let name, let known):
            "unknown client '\(name)'; valid clients: \(known.joined(separator: ", "))"
        }
    }
}
