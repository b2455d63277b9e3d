import MCP
import RegistryCore

/// A tool call's arguments, read with clear errors for the model.
///
/// Unknown argument names are an error that lists the valid ones, so a model that
/// guessed a name learns the right one instead of being silently ignored.
public struct ToolArguments: Sendable {
    public let tool: String
    public let values: [String: Value]
    /// Sends progress to the client under its own token, when it asked for progress.
    public let progress: (@Sendable (ProgressNotification.Parameters) async -> Void)?

    public init(tool: String, values: [String: Value]?, progress: (@Sendable (ProgressNotification.Parameters) async -> Void)? = nil) {
        self.tool = tool
        self.values = values ?? [:]
        self.progress = progress
    }

    /// Fails when an argument is not among `known`.
    public func rejectUnknown(_ known: [String]) throws(ToolFailure) {
        let unknown = values.keys.filter { !known.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw ToolFailure(
                "\(tool): unknown argument\(unknown.count > 1 ? "s" : "") \(unknown.map { "'\($0)'" }.joined(separator: ", ")). "
                    + "Valid arguments: \(known.joined(separator: ", ")).")
        }
    }

    /// A string argument; `nil` when absent or null.
    public func string(_ name: String) throws(ToolFailure) -> String? {
        switch values[name] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        case let other?: throw mismatch(name, expected: "a string", got: other)
        }
    }

    /// A required, non-empty string argument.
    public func requiredString(_ name: String, hint: String) throws(ToolFailure) -> String {
        guard let value = try string(name)?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            throw ToolFailure("\(tool): '\(name)' is required. \(hint)")
        }
        return value
    }

    /// A boolean argument; accepts `"true"`/`"false"` strings from lenient clients.
    public func bool(_ name: String) throws(ToolFailure) -> Bool? {
        switch values[name] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case .string(let text)? where ["true", "false"].contains(text.lowercased()): return text.lowercased() == "true"
        case let other?: throw mismatch(name, expected: "true or false", got: other)
        }
    }

    /// An integer argument within `range`.
    public func int(_ name: String, in range: ClosedRange<Int>) throws(ToolFailure) -> Int? {
        let number: Int
        switch values[name] {
        case nil, .null?: return nil
        case .int(let value)?: number = value
        case .double(let value)? where value.rounded() == value: number = Int(value)
        case .string(let text)? where Int(text) != nil: number = Int(text)!
        case let other?: throw mismatch(name, expected: "an integer", got: other)
        }
        guard range.contains(number) else {
            throw ToolFailure("\(tool): '\(name)' must be between \(range.lowerBound) and \(range.upperBound), got \(number).")
        }
        return number
    }

    /// A list of strings; a single string is accepted as a list of one.
    public func strings(_ name: String) throws(ToolFailure) -> [String] {
        switch values[name] {
        case nil, .null?: return []
        case .string(let value)?: return value.isEmpty ? [] : [value]
        case .array(let items)?:
            var result: [String] = []
            for item in items {
                guard case .string(let text) = item else { throw mismatch(name, expected: "a list of strings", got: .array(items)) }
                result.append(text)
            }
            return result
        case let other?: throw mismatch(name, expected: "a list of strings", got: other)
        }
    }

    /// An object argument.
    public func object(_ name: String) throws(ToolFailure) -> [String: Value]? {
        switch values[name] {
        case nil, .null?: return nil
        case .object(let value)?: return value
        case let other?: throw mismatch(name, expected: "an object", got: other)
        }
    }

    private func mismatch(_ name: String, expected: String, got: Value) -> ToolFailure {
        let kind: String
        switch got {
        case .null: kind = "null"
        case .bool: kind = "a boolean"
        case .int, .double: kind = "a number"
        case .string: kind = "a string"
        case .data: kind = "binary data"
        case .array: kind = "a list"
        case .object: kind = "an object"
        }
        return ToolFailure("\(tool): '\(name)' must be \(expected), got \(kind).")
    }
}
