import CYaml
import Yams

/// A pass over a YAML text's event stream (libyaml, the parser Yams wraps) that refuses,
/// before any tree is built, documents whose alias expansion or nesting is out of bounds: the
/// "billion laughs" shape (nine levels of ten aliases each) is refused after reading its few
/// hundred bytes, in microseconds, with no memory to speak of.
///
/// The expanded size is counted as a consumer that expands aliases would see it: a scalar is
/// one node, a sequence or mapping one node plus its contents, an alias the expanded size of
/// the node its anchor names. Yams 6.2.2 composes an alias as a copy of the anchored node
/// (shared storage, so composing is cheap), but anything that walks the tree (conversion to
/// JSON, duplicate-key hashing, lookups) pays for the full expansion; hence this check first.
enum YAMLBounds {
    /// Nodes a document may expand to (the largest upstream `server.yaml` has under 2,000).
    static let maximumExpandedNodes = 100_000
    /// How deep sequences and mappings may nest.
    static let maximumDepth = 64

    /// Why a text was refused: facts only (a kind and a position), never the text.
    enum Violation: Error, Sendable, Hashable {
        /// Aliases would expand the document past `maximumExpandedNodes`.
        case aliasExpansion(line: Int, column: Int)
        /// Nesting deeper than `maximumDepth`.
        case nesting(line: Int, column: Int)
        /// libyaml's own syntax error: its fixed problem phrase (never the input) and where.
        case syntax(problem: String, line: Int, column: Int)
    }

    /// Walks the whole event stream; throws the first bound broken or syntax error met.
    static func check(_ text: String) throws(Violation) {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw .syntax(problem: "out of memory", line: 0, column: 0) }
        defer { yaml_parser_delete(&parser) }
        let count = bytes.count
        try bytes.withUnsafeMutableBufferPointer { (buffer) throws(Violation) in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, count)
            try walk(&parser)
        }
    }

    private static func walk(_ parser: inout yaml_parser_t) throws(Violation) {
        var anchors: [String: Int] = [:]
        // Per open collection: the expanded count when it started, and its anchor.
        var open: [(start: Int, anchor: String?)] = []
        var expanded = 0
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                let problem = parser.problem.map { String(cString: $0) } ?? "syntax error"
                throw .syntax(problem: problem, line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
            }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            let column = Int(event.start_mark.column) + 1
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_SCALAR_EVENT:
                expanded += 1
                if let anchor = name(event.data.scalar.anchor) { anchors[anchor] = 1 }
            case YAML_ALIAS_EVENT:
                expanded += name(event.data.alias.anchor).flatMap { anchors[$0] } ?? 1
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let anchor = event.type == YAML_SEQUENCE_START_EVENT
                    ? name(event.data.sequence_start.anchor) : name(event.data.mapping_start.anchor)
                open.append((start: expanded, anchor: anchor))
                expanded += 1
                guard open.count <= maximumDepth else { throw .nesting(line: line, column: column) }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                if let closed = open.popLast(), let anchor = closed.anchor {
                    anchors[anchor] = expanded - closed.start
                }
            default:
                break
            }
            guard expanded <= maximumExpandedNodes else { throw .aliasExpansion(line: line, column: column) }
        }
    }

    private static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }
}

extension YAMLBounds.Violation {
    /// A Yams error reduced to facts: libyaml's fixed problem phrase and the position, never
    /// the quoted input nor duplicated key names (they are the file's text).
    init(_ error: YamlError) {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            self = .syntax(problem: problem, line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(_, let context):
            self = .syntax(problem: "duplicated mapping key", line: context.mark.line, column: context.mark.column)
        case .reader(let problem, _, _, _):
            self = .syntax(problem: problem, line: 0, column: 0)
        default:
            self = .syntax(problem: "cannot be read", line: 0, column: 0)
        }
    }

    /// A one-line description for `SourceProblem.message`: kind and position only.
    var message: String {
        switch self {
        case .aliasExpansion(let line, let column):
            "refused: YAML aliases expand past \(YAMLBounds.maximumExpandedNodes) nodes (line \(line), column \(column))"
        case .nesting(let line, let column):
            "refused: YAML nested deeper than \(YAMLBounds.maximumDepth) levels (line \(line), column \(column))"
        case .syntax(let problem, let line, let column):
            line > 0 ? "invalid YAML: \(problem) (line \(line), column \(column))" : "invalid YAML: \(problem)"
        }
    }
}
