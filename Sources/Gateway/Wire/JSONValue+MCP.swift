import MCP
import RegistryCore

extension JSONValue {
    /// The same value as swift-sdk's `Value` (whole numbers become `.int`).
    public var mcpValue: MCP.Value {
        switch self {
        case .null: .null
        case .bool(let value): .bool(value)
        case .number(let value):
            value.rounded() == value && abs(value) < 9e15 ? .int(Int(value)) : .double(value)
        case .string(let value): .string(value)
        case .array(let values): .array(values.map(\.mcpValue))
        case .object(let values): .object(values.mapValues(\.mcpValue))
        }
    }

    /// Converts swift-sdk's `Value` (data becomes its `data:` URL string).
    public init(_ value: MCP.Value) {
        switch value {
        case .null: self = .null
        case .bool(let v): self = .bool(v)
        case .int(let v): self = .number(Double(v))
        case .double(let v): self = .number(v)
        case .string(let v): self = .string(v)
        case .data(let mimeType, let data): self = .string("data:\(mimeType ?? "application/octet-stream");base64,\(data.base64EncodedString())")
        case .array(let v): self = .array(v.map(JSONValue.init))
        case .object(let v): self = .object(v.mapValues(JSONValue.init))
        }
    }
}
