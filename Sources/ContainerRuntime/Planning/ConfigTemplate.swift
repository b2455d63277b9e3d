import RegistryCore

/// What a template evaluates to.
public enum TemplateValue: Sendable, Hashable {
    /// Nothing configured.
    case missing
    case string(String)
    /// A list: spliced into several arguments when the template is a whole argument.
    case list([String])

    /// The value as one string (lists joined with commas; missing as empty).
    public var text: String {
        switch self {
        case .missing: ""
        case .string(let value): value
        case .list(let values): values.joined(separator: ",")
        }
    }

    /// The value as separate arguments (missing → none; an empty string → none).
    public var elements: [String] {
        switch self {
        case .missing: []
        case .string(let value): value.isEmpty ? [] : [value]
        case .list(let values): values
        }
    }
}

/// Evaluates catalog templates over the user's configuration.
///
/// Docker `server.yaml`: `{{server.param}}` with filters `volume` (`p` → `p:p`),
/// `volume-target` (`p`), `into` (splice a list into arguments), `or:default`, `first`,
/// `last`, and two that build a named argument whole: `flag:--name` (`--name v`, one pair per
/// list item, nothing at all when unset; `flag:--name=` gives `--name=v`) and `switch:--name`
/// (`--name` when the value is true, else nothing). Official registry: `{var}` inputs. Every value read from the configuration is
/// handed to `inspect` first (the planner refuses leading `-` there).
public struct ConfigTemplate: Sendable {
    /// The raw template text.
    public var text: String

    public init(_ text: String) {
        self.text = text
    }

    /// Whether the text holds any template.
    public var isTemplated: Bool { !Self.terms(in: text).allSatisfy { if case .literal = $0 { true } else { false } } }

    /// The parameter paths the template reads.
    public var referencedPaths: [String] {
        Self.terms(in: text).compactMap {
            switch $0 {
            case .docker(let expression): String(expression.split(separator: "|", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces)
            case .input(let name): name
            case .literal: nil
            }
        }
    }

    /// Evaluates the template. A text that is one single template keeps a list value
    /// (so `into` can splice it); anything else becomes one string.
    public func evaluate(
        _ lookup: ConfigLookup,
        inspect: (String) throws -> Void = { _ in }
    ) throws -> TemplateValue {
        let terms = Self.terms(in: text)
        if terms.count == 1, case .literal(let literal) = terms[0] { return .string(literal) }
        if terms.count == 1 { return try Self.evaluate(terms[0], lookup, inspect) }
        var result = ""
        for term in terms {
            result += try Self.evaluate(term, lookup, inspect).text
        }
        return .string(result)
    }

    /// Renders the template as one string, passing each substituted value through
    /// `substitute` with the text rendered before it and the literal text right after it
    /// (`nil` at the end of the template), so a caller can encode a value for where it
    /// lands (a URL's host, path or query). Literal text is kept as written.
    public func render(
        _ lookup: ConfigLookup,
        substitute: (_ value: String, _ before: String, _ after: String?) throws -> String
    ) throws -> String {
        var result = ""
        let terms = Self.terms(in: text)
        for (index, term) in terms.enumerated() {
            if case .literal(let literal) = term {
                result += literal
            } else {
                var after: String?
                if index + 1 < terms.count {
                    if case .literal(let next) = terms[index + 1] { after = next } else { after = "" }
                }
                result += try substitute(Self.evaluate(term, lookup, { _ in }).text, result, after)
            }
        }
        return result
    }

    enum Term: Hashable {
        case literal(String)
        /// `{{expression}}`
        case docker(String)
        /// `{name}`
        case input(String)
    }

    static func terms(in text: String) -> [Term] {
        var terms: [Term] = []
        var literal = ""
        var index = text.startIndex
        func flush() {
            if !literal.isEmpty { terms.append(.literal(literal)); literal = "" }
        }
        while index < text.endIndex {
            let rest = text[index...]
            if rest.hasPrefix("{{"), let close = rest.range(of: "}}") {
                flush()
                terms.append(.docker(String(rest[rest.index(index, offsetBy: 2)..<close.lowerBound])))
                index = close.upperBound
                continue
            }
            if rest.hasPrefix("{"), let close = rest.firstIndex(of: "}") {
                let name = String(rest[rest.index(after: index)..<close])
                if isInputName(name) {
                    flush()
                    terms.append(.input(name))
                    index = text.index(after: close)
                    continue
                }
            }
            literal.append(text[index])
            index = text.index(after: index)
        }
        flush()
        return terms
    }

    static func isInputName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }
    }

    static func evaluate(_ term: Term, _ lookup: ConfigLookup, _ inspect: (String) throws -> Void) throws -> TemplateValue {
        switch term {
        case .literal(let text):
            return .string(text)
        case .input(let name):
            return try value(lookup.value(at: name), inspect)
        case .docker(let expression):
            let parts = expression.split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            var value = try value(lookup.value(at: parts[0]), inspect)
            for filter in parts.dropFirst() {
                value = apply(filter, to: value)
            }
            return value
        }
    }

    static func value(_ json: JSONValue?, _ inspect: (String) throws -> Void) throws -> TemplateValue {
        guard let json else { return .missing }
        if let text = json.templateText {
            try inspect(text)
            return .string(text)
        }
        if let array = json.arrayValue {
            let items = array.compactMap(\.templateText)
            try items.forEach(inspect)
            return .list(items)
        }
        return .missing
    }

    static func apply(_ filter: String, to value: TemplateValue) -> TemplateValue {
        func map(_ transform: (String) -> String) -> TemplateValue {
            switch value {
            case .missing: .missing
            case .string(let s): s.isEmpty ? .missing : .string(transform(s))
            case .list(let items): .list(items.map(transform))
            }
        }
        switch filter {
        case "volume": return map { "\($0):\($0)" }
        case "volume-target": return map { $0 }
        case "into", "safe": return value
        case "first":
            if case .list(let items) = value { return items.first.map(TemplateValue.string) ?? .missing }
            return value
        case "last":
            if case .list(let items) = value { return items.last.map(TemplateValue.string) ?? .missing }
            return value
        default:
            if filter.hasPrefix("flag:") {
                let flag = String(filter.dropFirst(5))
                let items: [String]
                switch value {
                case .missing: items = []
                case .string(let s): items = s.isEmpty ? [] : [s]
                case .list(let list): items = list
                }
                guard !items.isEmpty else { return .missing }
                return .list(items.flatMap { flag.hasSuffix("=") ? [flag + $0] : [flag, $0] })
            }
            if filter.hasPrefix("switch:") {
                guard case .string(let s) = value, ["true", "1", "yes"].contains(s.lowercased()) else { return .missing }
                return .list([String(filter.dropFirst(7))])
            }
            if filter.hasPrefix("or:") {
                let fallback = String(filter.dropFirst(3))
                let isEmpty: Bool
                switch value {
                case .missing: isEmpty = true
                case .string(let s): isEmpty = s.isEmpty
                case .list(let items): isEmpty = items.isEmpty
                }
                guard isEmpty else { return value }
                if fallback == "[]" { return .list([]) }
                return .string(fallback)
            }
            return value
        }
    }
}
