import HTTPTypes
import Hummingbird

/// The page's responses and the headers every one of them carries.
enum WebResponses {
    /// Scripts, styles, images and fetches from this origin only; no inline script or style,
    /// no plugins, no framing, forms post only here.
    static let contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        asset(text, type: "text/html; charset=utf-8", status: status, cache: "no-store")
    }

    static func asset(_ text: String, type: String, status: HTTPResponse.Status = .ok, cache: String = "public, max-age=300") -> Response {
        var headers: HTTPFields = [
            .contentType: type,
            .contentSecurityPolicy: contentSecurityPolicy,
            .cacheControl: cache,
        ]
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
