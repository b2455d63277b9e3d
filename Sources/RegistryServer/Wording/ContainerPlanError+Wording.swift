import ContainerRuntime

extension ContainerPlanError {
    /// The failure in words for the model, with the next step (the planner only states the
    /// facts). Never holds a secret value.
    var sentence: String {
        switch self {
        case .notRunnableAsContainer(let id, let kind):
            return "\(id) cannot run as a container (its launch kind is \(kind))."
        case .missingValues(let id, let missing):
            let lines = missing.map { "- \($0.line)" }.joined(separator: "\n")
            return "\(id) needs configuration before it can start:\n\(lines)\nSet them with registry-config-set {id: \"\(id)\", values: {…}}."
        case .volumeRefused(let volume, let reason):
            return "Volume \(volume) refused: \(reason)"
        case .flagSmuggling(let field, let value):
            return "The value \(value.debugDescription) for \(field) starts with '-' and would be read as an option; refused."
        case .invalidValue(let field, let reason):
            return "Invalid value for \(field): \(reason)"
        case .optionRefused(let option):
            return "The podman option \(option) from the server definition is not allowed by the registry's hardening profile."
        }
    }
}
