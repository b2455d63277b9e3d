import MCP
import RegistryCore

extension JSONValue {
    /// The same JSON as an MCP `Value`.
    public var mcpValue: MCP.Value {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .number(let value):
            if value.rounded() == value, abs(value) < 9e15 { .int(Int(value)) } else { .double(value) }
        case .string(let value): .string(value)
        case .array(let value): .array(value.map(\.mcpValue))
        case .object(let value): .object(value.mapValues(\.mcpValue))
        }
    }

    /// The same JSON from an MCP `Value` (binary data becomes its data URL string).
    public init(_ value: MCP.Value) {
        switch value {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .number(Double(value))
        case .double(let value): self = .number(value)
        case .string(let value): self = .string(value)
        case .data(let mimeType, let data):
            self = .string("data:\(mimeType ?? "application/octet-stream");base64,\(data.base64EncodedString())")
        case .array(let value): self = .array(value.map(JSONValue.init))
        case .object(let value): self = .object(value.mapValues(JSONValue.init))
        }
    }
}
