internal import CLibXML2

/// A parsed HTML (or XML) document over libxml2, queried with XPath.
///
/// Parsing recovers from broken markup and never touches the network; the document and
/// every XPath object are freed by Swift (`deinit`, `defer`). Not `Sendable`: use a
/// document on the task that parsed it.
public final class HTMLDocument {
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    fileprivate let pointer: xmlDocPtr

    /// Why a document could not be parsed at all (recovery handles most broken markup).
    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses HTML with recovery (`HTML_PARSE_RECOVER | NOERROR | NOWARNING | NONET`).
    /// `encoding` defaults to UTF-8; `baseURL` is recorded as the document URL.
    public init(html: [UInt8], baseURL: String? = nil, encoding: String = "UTF-8") throws {
        _ = Self.initialized
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        let document: xmlDocPtr? = html.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return nil }
            return htmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), baseURL, encoding, options)
        }
        guard let document else { throw ParseError(description: "empty or unreadable HTML") }
        self.pointer = document
    }

    /// Parses XML (a sitemap) with recovery and without the network or entity expansion.
    public init(xml: [UInt8], baseURL: String? = nil) throws {
        _ = Self.initialized
        let options = Int32(XML_PARSE_RECOVER.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NONET.rawValue | XML_PARSE_COMPACT.rawValue)
        let document: xmlDocPtr? = xml.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return nil }
            return xmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), baseURL, nil, options)
        }
        guard let document else { throw ParseError(description: "empty or unreadable XML") }
        self.pointer = document
    }

    /// Parses HTML from a string.
    public convenience init(html: String, baseURL: String? = nil) throws {
        try self.init(html: Array(html.utf8), baseURL: baseURL)
    }

    deinit {
        xmlFreeDoc(pointer)
    }

    /// The root element (`html`), if any.
    public var root: HTMLNode? {
        xmlDocGetRootElement(pointer).map { HTMLNode(pointer: $0, document: self) }
    }

    /// Nodes matching `xpath` evaluated from the document (`//main//h1`).
    public func select(_ xpath: String) -> [HTMLNode] {
        evaluate(xpath, from: nil)
    }

    /// The first node matching `xpath`.
    public func first(_ xpath: String) -> HTMLNode? {
        select(xpath).first
    }

    /// Evaluates `xpath` with `node` as the context node (the whole document when `nil`).
    /// An invalid expression gives no nodes.
    fileprivate func evaluate(_ xpath: String, from node: xmlNodePtr?) -> [HTMLNode] {
        guard let context = xmlXPathNewContext(pointer) else { return [] }
        defer { xmlXPathFreeContext(context) }
        context.pointee.node = node
        // Errors in an expression give no nodes; libxml2 would print them to stderr.
        context.pointee.error = { _, _ in }
        guard let object = xmlXPathEvalExpression(xpath, context) else { return [] }
        defer { xmlXPathFreeObject(object) }
        guard let set = object.pointee.nodesetval, set.pointee.nodeNr > 0, let nodes = set.pointee.nodeTab else { return [] }
        var result: [HTMLNode] = []
        result.reserveCapacity(Int(set.pointee.nodeNr))
        for index in 0..<Int(set.pointee.nodeNr) {
            if let found = nodes[index] { result.append(HTMLNode(pointer: found, document: self)) }
        }
        return result
    }
}

/// A node of an `HTMLDocument` (element, text or attribute). It keeps its document alive.
public struct HTMLNode {
    fileprivate let pointer: xmlNodePtr
    /// Keeps the document (and so this node's memory) alive.
    public let document: HTMLDocument

    fileprivate init(pointer: xmlNodePtr, document: HTMLDocument) {
        self.pointer = pointer
        self.document = document
    }

    /// The element name, lower-cased (`h1`, `a`); `text` for text nodes.
    public var name: String {
        guard let name = pointer.pointee.name else { return "" }
        return String(cString: name).lowercased()
    }

    /// Whether this is an element (not text, a comment or an attribute).
    public var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }

    /// The text of the node and all its descendants, as in the document.
    public var text: String {
        guard let buffer = xmlBufferCreate() else { return "" }
        defer { xmlBufferFree(buffer) }
        guard xmlNodeBufGetContent(buffer, pointer) == 0, let content = xmlBufferContent(buffer) else { return "" }
        return String(cString: content)
    }

    /// `text` with runs of white space collapsed to one space and trimmed.
    ///
    /// Works on Unicode scalars with an ASCII fast path (not `Character`s, whose grapheme
    /// breaking made this the most expensive step of parsing a detail page).
    public var normalizedText: String {
        let raw = text
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in raw.unicodeScalars {
            let isSpace = scalar.isASCII ? (scalar.value == 0x20 || (0x09...0x0D).contains(scalar.value)) : scalar.properties.isWhitespace
            if isSpace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.append(" ")
                pendingSpace = false
            }
            result.append(scalar)
        }
        return String(result)
    }

    /// The value of attribute `name`, if present.
    public func attribute(_ name: String) -> String? {
        // Read the attribute's text children in place: nothing to free.
        guard let attribute = xmlHasProp(pointer, name) else { return nil }
        var value = ""
        var child = attribute.pointee.children
        while let current = child {
            if let content = current.pointee.content { value += String(cString: content) }
            child = current.pointee.next
        }
        return value
    }

    /// The class names in the `class` attribute.
    public var classes: [String] {
        (attribute("class") ?? "").split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    /// Nodes matching `xpath` relative to this node (`.//a[@href]`, `following-sibling::p[1]`).
    public func select(_ xpath: String) -> [HTMLNode] {
        document.evaluate(xpath, from: pointer)
    }

    /// The first node matching `xpath` relative to this node.
    public func first(_ xpath: String) -> HTMLNode? {
        select(xpath).first
    }

    /// The parent element, if any.
    public var parent: HTMLNode? {
        guard let parent = pointer.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return HTMLNode(pointer: parent, document: document)
    }

    /// Descendant elements in document order, at most `limit` of them (a cheap, bounded walk).
    public func descendants(limit: Int) -> [HTMLNode] {
        var result: [HTMLNode] = []
        var stack: [xmlNodePtr] = []
        var child = pointer.pointee.children
        while result.count < limit {
            if let current = child {
                if current.pointee.type == XML_ELEMENT_NODE {
                    result.append(HTMLNode(pointer: current, document: document))
                    if let first = current.pointee.children {
                        if let next = current.pointee.next { stack.append(next) }
                        child = first
                        continue
                    }
                }
                child = current.pointee.next
            } else if let resume = stack.popLast() {
                child = resume
            } else {
                break
            }
        }
        return result
    }

    /// Whether the element has element children.
    public var hasElementChildren: Bool {
        var child = pointer.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { return true }
            child = current.pointee.next
        }
        return false
    }

    /// The child elements, in order.
    public var children: [HTMLNode] {
        var result: [HTMLNode] = []
        var child = pointer.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(HTMLNode(pointer: current, document: document)) }
            child = current.pointee.next
        }
        return result
    }
}
