import Gateway

extension ConfigProblem {
    /// The problem as one sentence for the model and for people (the validator only states
    /// the facts). The CLI's `export` uses the same sentences.
    public var sentence: String {
        switch self {
        case .secretNotText(let key):
            return "\(key): a secret must be a non-empty string."
        case .envNotScalar(let key):
            return "\(key): an environment variable must be a string, number or boolean."
        case .notOneOf(let name, let choices):
            return "\(name) must be one of: \(choices.joined(separator: ", "))."
        case .wrongFormat(let name, "number"):
            return "\(name) must be a number."
        case .wrongFormat(let name, "boolean"):
            return "\(name) must be true or false."
        case .wrongFormat(let name, let format):
            return "\(name) must be a \(format)."
        case .wrongType(let name, let expected, let found):
            return "\(name) must be \(expected.joined(separator: " or ")), not \(Self.withArticle(found))."
        case .unknownName(let key, let entryID, let declared):
            let hint = declared.isEmpty
                ? "it declares no configuration" : "it declares: \(declared.map(\.description).joined(separator: ", "))"
            return "\(key) is not a setting of \(entryID); \(hint)."
        case .noSecretStore:
            return "No secret store is configured."
        case .noSettingsFile:
            return "No settings file is configured."
        }
    }

    /// `a boolean`, `an array`, `null`.
    static func withArticle(_ jsonType: String) -> String {
        switch jsonType {
        case "null": "null"
        case "array", "object", "integer": "an \(jsonType)"
        default: "a \(jsonType)"
        }
    }

    /// Problems as the bulleted lines `registry-add`, `registry-config-set` and `export` show.
    public static func bullets(_ problems: [ConfigProblem]) -> String {
        problems.map { "- \($0.sentence)" }.joined(separator: "\n")
    }
}
