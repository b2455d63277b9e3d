import Foundation
import Hummingbird

/// Turns records and errors into the API's JSON bodies, by string assembly around each
/// record's stored document (which is already canonical JSON), so that a page is never
/// parsed and re-encoded.
enum JSONResponses {
    static let officialMetaKey = "io.modelcontextprotocol.registry/official"

    /// `{"server": <document>, "_meta": {"io.modelcontextprotocol.registry/official": {…}}}`, plus
    /// `"io.mcp-registry/aggregate": {…}` in `_meta` for a server of the aggregated catalog.
    static func item(_ record: ServerRecord, into text: inout String) {
        text += "{\"server\":"
        text += record.document
        text += ",\"_meta\":{\"\(officialMetaKey)\":{\"status\":\""
        text += record.status.rawValue
        text += "\""
        if let message = record.statusMessage {
            text += ",\"statusMessage\":"
            text += quoted(message)
        }
        text += ",\"statusChangedAt\":\"\(RegistryTime.text(record.statusChangedAt))\""
        text += ",\"publishedAt\":\"\(RegistryTime.text(record.publishedAt))\""
        text += ",\"updatedAt\":\"\(RegistryTime.text(record.updatedAt))\""
        text += ",\"isLatest\":\(record.isLatest ? "true" : "false")}"
        if let aggregate = record.aggregateMeta {
            text += ",\"\(AggregatedRegistryStore.metaKey)\":"
            text += aggregate
        }
        text += "}}"
    }

    static func item(_ record: ServerRecord) -> Response {
        var text = ""
        item(record, into: &text)
        return json(text)
    }

    /// `{"servers": [...], "metadata": {"count": n, "nextCursor": "…"}}`
    static func list(_ records: [ServerRecord], next: ServerCursor?) -> Response {
        json(listText(records, next: next))
    }

    static func listText(_ records: [ServerRecord], next: ServerCursor?) -> String {
        var text = "{\"servers\":["
        text.reserveCapacity(records.count * 1_024)
        for (index, record) in records.enumerated() {
            if index > 0 { text += "," }
            item(record, into: &text)
        }
        text += "],\"metadata\":{\"count\":\(records.count)"
        if let next { text += ",\"nextCursor\":\(quoted(next.token))" }
        text += "}}"
        return text
    }

    /// `{"updatedCount": n, "servers": [...]}`
    static func statusUpdate(_ records: [ServerRecord]) -> Response {
        var text = "{\"updatedCount\":\(records.count),\"servers\":["
        for (index, record) in records.enumerated() {
            if index > 0 { text += "," }
            item(record, into: &text)
        }
        return json(text + "]}")
    }

    static func error(_ error: APIError) -> Response {
        var text = "{\"error\":\(quoted(error.message))"
        if !error.issues.isEmpty {
            text += ",\"errors\":["
            text += error.issues.map { "{\"location\":\(quoted($0.location)),\"message\":\(quoted($0.message))}" }.joined(separator: ",")
            text += "]"
        }
        var response = json(text + "}")
        response.status = error.status
        if error.status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }

    static func encodable<T: Encodable>(_ value: T) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return json(String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self))
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        json(ByteBuffer(string: text), status: status)
    }

    static func json(_ body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: body))
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
