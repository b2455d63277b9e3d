import Foundation

// `HTMLDocument.swift` imports only CLibXML2: libxml2's ICU headers clash with Foundation's
// copy of ICU in one file, so the `Data` conveniences live here.
extension HTMLDocument {
    /// Parses HTML bytes (see `init(html:baseURL:encoding:)`).
    public convenience init(html: Data, baseURL: String? = nil) throws {
        try self.init(html: [UInt8](html), baseURL: baseURL)
    }

    /// Parses XML bytes (see `init(xml:baseURL:)`).
    public convenience init(xml: Data, baseURL: String? = nil) throws {
        try self.init(xml: [UInt8](xml), baseURL: baseURL)
    }
}
